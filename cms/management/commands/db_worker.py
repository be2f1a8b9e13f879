"""The background worker: django-tasks-db's ``db_worker``, for the site's background backend.

It runs the tasks stored by the database backend named in ``BACKGROUND_TASK_BACKEND`` (the
documents that a change touches, see headless.tasks) unless ``--backend`` names another. As it
starts, it enqueues a rebuild when documents are still queued and no task waits for them: a
worker that died midway left them there, and its task will never finish.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from headless import tasks
from headless.models import StaleDocument


def option_help():
    # The library's options, described in the project's languages like every command's.
    return {
        "queue_name": _("The queues to take tasks from, separated by commas; '*' takes all."),
        "exclude_queues": _("Queues to leave alone, separated by commas (with --queue-name='*')."),
        "interval": _("Seconds to wait before looking again when no task is waiting."),
        "batch": _("Run every waiting task, then stop."),
        "reload": _("Restart on code changes (the default when DEBUG is on); not for production."),
        "backend_name": _("The task backend to take tasks from (default: the site's background)."),
        "startup_delay": _("Start at once, without the short random wait."),
        "max_tasks": _("Stop after this many tasks."),
        "worker_id": _("The worker's name, unique among the workers (default: a random one)."),
    }


class Command(db_worker.Command):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Run the background worker: it rebuilds the API documents of the pages that a change "
            "touches, and purges and announces them."
        )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=settings.BACKGROUND_TASK_BACKEND)
        texts = option_help()
        for action in parser._actions:
            if action.dest in texts:
                action.help = texts[action.dest]

    def handle(self, *args, **options):
        waiting_task = DBTaskResult.objects.ready().filter(
            backend_name=options["backend_name"],
            task_path=tasks.rebuild_stale_documents.module_path,
        )
        if StaleDocument.objects.exists() and not waiting_task.exists():
            tasks.enqueue_rebuild()
        super().handle(*args, **options)
