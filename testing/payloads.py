"""Hostile inputs the tests send through several doors of the site."""

# Cells a spreadsheet would run as formulas (OWASP's CSV injection), one per first character
# that core/spreadsheets.py neutralises.
FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)",
    "+cmd",
    "-1+2",
    "\tcmd",
    "\rcmd",
]
