"""Work done once per database transaction, however often a change asks for it."""

from django.db import transaction


def pending_on_commit(kind, accept=None):
    """The callback of class ``kind`` that this transaction will run when it commits (and that
    ``accept``, if given, approves), or None.

    Found among the connection's commit callbacks, which a rollback, or a savepoint's, clears
    together with the change that added it.
    """
    for _savepoints, callback, _robust in transaction.get_connection().run_on_commit:
        if isinstance(callback, kind) and (accept is None or accept(callback)):
            return callback
    return None
