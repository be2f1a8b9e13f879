"""Build the Troms page tree and its snippets from the two source pages, as code."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from cms import moderation
from home import content as home_content
from home.content import ContentLoader
from people import content as people_content
from schemes import content as schemes_content
from strategy import content as strategy_content


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Create the pages and snippets of Næringsstrategi for Troms and Attraktive samfunn, "
            "the writers' and editors' groups and the approval workflow. "
            "Running it again creates nothing new and keeps what editors have changed since, "
            "unless --force is given."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Overwrite pages and snippets that editors have changed since they were loaded."
            ),
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        loader = ContentLoader(
            force=force,
            warn=lambda message: self.stdout.write(self.style.WARNING(message)),
            info=self.stdout.write if verbosity >= 2 else None,
        )
        # All or nothing: a half-built tree would be taken for an editor's work on the next run.
        with transaction.atomic():
            # In the order the apps depend on each other: each part uses what the earlier made.
            home_content.load(loader)
            people_content.load(loader)
            strategy_content.load(loader)
            schemes_content.load(loader)
            # Who may write, approve and publish, and the approval every page goes through.
            moderation.load(loader)
        self.stdout.write(self.style.SUCCESS(loader.summary()))
