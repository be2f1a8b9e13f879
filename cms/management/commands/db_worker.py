"""The background worker: django-tasks-db's ``db_worker``, for the site's background backend.

It runs the tasks stored by the database backend named in ``BACKGROUND_TASK_BACKEND`` (the
documents that a change touches, see home.tasks) unless ``--backend`` names another. As it
starts, it enqueues a rebuild when documents are still queued: a worker that died midway left
them there, and its task will never finish.
"""

from django.conf import settings
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from home import tasks
from home.models import StaleDocument


class Command(db_worker.Command):
    help = "Run the background worker: rebuilds the API documents that a change touches."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=settings.BACKGROUND_TASK_BACKEND)

    def handle(self, *args, **options):
        waiting_task = DBTaskResult.objects.ready().filter(
            backend_name=options["backend_name"],
            task_path=tasks.rebuild_stale_documents.module_path,
        )
        if StaleDocument.objects.exists() and not waiting_task.exists():
            tasks.enqueue_rebuild()
        super().handle(*args, **options)
