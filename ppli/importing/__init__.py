"""The import of plan files (the JSON or CSV exports, edited), in three steps, and the one
writer of plan pages:

- reading.py: `read_import_file` reads a file within its limits and turns it into the JSON
  structure (`ImportFile`), remembering where each item is;
- checking.py: `PlanImporter` checks the structure against the published schema and the
  site's content, every problem at once and in French, then hands clean data to the writer;
- writing.py: `PlanWriter` creates or updates axes, objectives and actions (the initial
  content uses it too).

A file is written only if no step found a problem (management command `import_plan`).
"""
