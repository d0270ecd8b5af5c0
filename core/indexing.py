"""Re-indexing, for the site search, of records whose indexed text is read from other records.

A thematic page is indexed with the titles of the pages it lists, a working group with the
thematics of its axis: when those pages change, the thematic or the group must be indexed
again, although nothing of its own was saved. Wagtail re-indexes a record only when it is
saved itself.

A change asks for a re-index; the re-index happens once the transaction commits, once per
record however many changes asked for it. An import that publishes five hundred actions of
one thematic in a transaction re-indexes that thematic once, from the committed state, and
not five hundred times (each time reading its five hundred titles).
"""

import threading

from django.db import transaction
from wagtail.search.index import insert_or_update_object


class ReindexQueue:
    """Keys of records to index again after the commit, each record once.

    ``resolve`` turns a set of keys (ids, paths…) into the records to index, read when the
    transaction has committed. Outside a transaction (autocommit), the record is indexed at
    once, as Wagtail indexes a saved record.
    """

    def __init__(self, resolve):
        self.resolve = resolve
        # Per thread: each thread has its own connection and transactions.
        self._local = threading.local()

    def pending(self):
        """The keys waiting for the next commit of this thread."""
        if not hasattr(self._local, "keys"):
            self._local.keys = set()
        return self._local.keys

    def add(self, keys):
        """Index the records of ``keys`` again once the current transaction commits."""
        keys = {key for key in keys if key is not None}
        if not keys:
            return
        self.pending().update(keys)
        # A callback for every request, not only the first: a rolled-back transaction drops
        # its callback, and the keys it left behind are then indexed with the next commit
        # (indexing a record again does no harm). The callbacks after the first find
        # nothing left to do.
        transaction.on_commit(self.flush)

    def flush(self):
        """Index the records waiting, now."""
        pending = self.pending()
        if not pending:
            return
        keys = set(pending)
        pending.clear()
        for record in self.resolve(keys):
            insert_or_update_object(record)
