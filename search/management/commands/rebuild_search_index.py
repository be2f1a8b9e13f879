"""Rebuild citizen search's index, e.g. after a change to how text is analysed."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search import index


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Rebuild the index of citizen search (/sok/ and /api/v2/search/) from the public page "
            "documents, the people register and the documents. The index is otherwise kept current "
            "as content changes."
        )

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                _("Indexed %(count)d pages, people and documents.") % {"count": count}
            )
        )
