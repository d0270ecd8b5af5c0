"""Helpers for text typed by visitors."""

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Words only: quotes, operators and control characters (NUL) upset search engines."""
    words = "".join(c if c.isalnum() or c in "-'’" else " " for c in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(words.split())[:MAX_QUERY_LENGTH]
