"""Background tasks of the search (django-tasks)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def rebuild_search_index():
    """Rebuild the search index: on Elasticsearch and OpenSearch, its synonym filter is rebuilt
    from the synonyms of the moment (search/backends.py)."""
    call_command("update_index", stdout=io.StringIO())
