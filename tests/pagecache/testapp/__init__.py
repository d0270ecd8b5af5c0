"""A page type and a snippet the page cache's code has never heard of (test settings only)."""
