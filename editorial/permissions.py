"""Who may delete and move a page.

Wagtail lets anyone who may change a page delete or move it while nothing below it is live. For
writers (Skribent: no publish permission) that reached too far: a writer could delete another
writer's draft, revisions and all, or a page that was published once and withdrawn. Here a
writer may delete or move only pages they created themselves that have never been published
(nor any page below them); editors (Redaktør: publish permission) keep Wagtail's rules.
"""

from wagtail.models import PagePermissionTester


class EditorialPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, with writers' deleting and moving limited to own drafts."""

    def can_delete(self, ignore_bulk=False):
        if self.user.is_superuser or "publish" in self.permissions:
            return super().can_delete(ignore_bulk=ignore_bulk)
        # The page itself is the first of the pages to check, and it is at hand: a listing asks
        # this of every row (moving too), and most rows are no draft of the writer's own.
        if not self.is_own_draft(self.page):
            return False
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.page.is_leaf():
            return True
        pages = self.page.get_descendants(inclusive=True)
        return not pages.exclude(
            owner=self.user, live=False, first_published_at__isnull=True
        ).exists()

    def is_own_draft(self, page):
        return page.owner_id == self.user.pk and not page.live and page.first_published_at is None


class EditorialPermissionsMixin:
    """Page types whose deleting and moving follow ``EditorialPagePermissionTester``."""

    def permissions_for_user(self, user):
        return EditorialPagePermissionTester(user, self)
