"""Background work: rebuilding the documents that a change touches, off the editor's request.

Saving a person shown on two thousand pages, or renaming the parent of five hundred, only
records in the editor's request which documents wait (``headless.StaleDocument``, one statement)
and enqueues ``rebuild_stale_documents``. The worker (``python manage.py db_worker``) rebuilds
them a batch at a time. Each batch is one transaction: its documents, their search entries, the
content version (so cached responses and ETags move) and the removal of its rows from the queue
commit together, and its purges and webhooks go out once it has committed. Until then every page
keeps serving its last document. A worker that dies midway leaves the rest of the queue, and the
next run, or the next worker to start, finishes it. A change that hides a page queues the
documents that name it withheld: they are rebuilt first, and each read builds them afresh until
then, so that the hidden page is named nowhere in the meantime.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from base.transactions import pending_on_commit

from . import caching, documents, notify
from .models import StaleDocument

logger = logging.getLogger(__name__)

# A batch whose every page was overtaken by an editor's write is read again; after this many in
# a row the task stops, and the next one takes over.
MAX_FRUITLESS_BATCHES = 3


def rebuild_next_batch(batch_size=None):
    """Rebuild the documents that have waited longest, up to one batch.

    Returns (waiting, settled): how many rows it took and how many of them it settled. A row
    leaves the queue only with its rebuilt document, and only when no change came while it was
    built (that change's time is on the row then, and the next batch builds it again).
    """
    batch_size = batch_size or documents.BATCH_SIZE
    # Withheld documents first: until they are rebuilt, every read of them builds them afresh.
    waiting = dict(
        StaleDocument.objects.order_by("-withheld", "requested_at", "page_id").values_list(
            "page_id", "requested_at"
        )[:batch_size]
    )
    if not waiting:
        return 0, 0

    def settle(settled):
        # In the transaction that writes the batch: the queue, the documents and the content
        # version change together.
        if settled:
            # Locked as they are read, so that no change can stamp one between reading and
            # deleting it; one that a change is stamping this moment stays, for the next batch.
            current = StaleDocument.objects.select_for_update(skip_locked=True).filter(
                page_id__in=settled
            )
            done = [
                page_id
                for page_id, requested_at in current.values_list("page_id", "requested_at")
                if requested_at == waiting[page_id]
            ]
            StaleDocument.objects.filter(page_id__in=done).delete()
            caching.bump()

    settled = documents.rebuild_unless_overtaken(list(waiting), then=settle)
    return len(waiting), len(settled)


def rebuild_waiting(batch_size=None):
    """Rebuild every document in the queue, a batch per transaction; returns how many."""
    total = fruitless = 0
    while fruitless < MAX_FRUITLESS_BATCHES:
        waiting, settled = rebuild_next_batch(batch_size)
        if not waiting:
            break
        total += settled
        fruitless = 0 if settled else fruitless + 1
    return total


@task(backend=settings.BACKGROUND_TASK_BACKEND)
def rebuild_stale_documents():
    """Rebuild the documents waiting in the queue (enqueued by every change that queues some)."""
    rebuilt = rebuild_waiting()
    # Done when the CDN has been purged and the county site told, not before.
    notify.wait_for_announcements()
    return rebuilt


class _Enqueued:
    """The rebuild enqueued in a transaction, kept among its commit callbacks (which a rollback
    clears, as it clears the stored task)."""

    def __init__(self, result):
        self.result = result

    def __call__(self):
        pass

    def waiting(self):
        # A task that has not started reads the queue after this transaction has committed,
        # so it rebuilds whatever is queued later in it. Only a worker on this very connection
        # (tests) can have started it meanwhile; the immediate backend has already run it.
        if self.result.status != TaskResultStatus.READY:
            return False
        self.result.refresh()
        return self.result.status == TaskResultStatus.READY


def enqueue_rebuild():
    """Have a worker rebuild the queue. Enqueued inside the change's transaction: with the
    database backend the task is stored with the change, so it exists exactly when the change
    does; with the immediate backend (tests) it runs at once.

    Once per transaction: deleting a page (which Wagtail unpublishes first) or a subtree queues
    documents many times over, and one task takes them all.
    """
    enqueued = pending_on_commit(_Enqueued, _Enqueued.waiting)
    if enqueued is not None:
        return enqueued.result
    result = rebuild_stale_documents.enqueue()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_Enqueued(result))
    return result


def queue_state(now=None):
    """(how many documents wait for the worker, how many seconds the oldest has waited, or None
    when none waits), read in one query."""
    queue = StaleDocument.objects.aggregate(waiting=Count("pk"), oldest=Min("requested_at"))
    if queue["oldest"] is None:
        return queue["waiting"], None
    waited = (now or timezone.now()) - queue["oldest"]
    return queue["waiting"], max(0, int(waited.total_seconds()))


def queue_is_late(now=None):
    """(waiting, oldest age in seconds, late): late when the oldest has waited longer than
    ``REBUILD_QUEUE_MAX_AGE``, which means that no worker runs or that it cannot keep up."""
    waiting, oldest = queue_state(now)
    return waiting, oldest, oldest is not None and oldest > settings.REBUILD_QUEUE_MAX_AGE
