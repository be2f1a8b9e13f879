from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from base.blocks import IMAGE_RENDITIONS
from headless import caching, documents, notify


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Rebuild every page's API document and make any missing image renditions. Run after a "
            "deploy that changes what the API shows; cached responses and the CDN are refreshed."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=documents.BATCH_SIZE,
            help=_("Documents rebuilt per transaction; the site waits for at most one batch."),
        )

    def handle(self, *args, **options):
        made, failed = self.make_renditions()
        # A transaction per batch keeps the site writable during a rebuild; each page's reader
        # sees its old document or its new one. Cached responses, the CDN and the county site
        # move with each batch as it commits.
        rebuilt = documents.rebuild_all(
            batch_size=max(1, options["batch_size"]), each_batch=caching.bump
        )
        with transaction.atomic():
            caching.bump()
            notify.content_changed()
        notify.wait_for_announcements()
        self.stdout.write(
            _("%(rebuilt)d documents rebuilt, %(made)d renditions made.")
            % {"rebuilt": rebuilt, "made": made}
        )
        if failed:
            self.stderr.write(
                _("Images whose renditions could not be made: %(ids)s")
                % {"ids": ", ".join(str(pk) for pk in failed)}
            )

    def make_renditions(self):
        """Renditions are made on upload; images from before that, or restored, may lack some."""
        specs = list(IMAGE_RENDITIONS.values())
        Rendition = get_image_model().get_rendition_model()
        before = Rendition.objects.count()
        failed = []
        for image in get_image_model().objects.prefetch_renditions(*specs).order_by("pk"):
            try:
                # One at a time, as on upload: bounded memory (see headless.signal_handlers).
                for spec in specs:
                    image.get_rendition(spec)
            except Exception:
                # One broken file must not stop the documents from being rebuilt.
                failed.append(image.pk)
        return Rendition.objects.count() - before, failed
