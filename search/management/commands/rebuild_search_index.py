"""Rebuild citizen search's index, e.g. after a change to how text is analysed."""

from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = (
        "Rebuild the index of citizen search (/sok/ and /api/v2/search/) from the public page "
        "documents, the people register and the documents. The index is otherwise kept current "
        "as content changes."
    )

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} pages, people and documents."))
