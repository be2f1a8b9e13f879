"""Each page's readability is kept as its text is saved, for the overviews of many pages."""

import pytest
from django.contrib.auth.models import User
from django.db.models.signals import post_save
from wagtail.models import Revision, get_page_models

from editorial.models import PageReadability
from editorial.readability import latest_draft_readability, page_readability, text_fields
from editorial.stored_readability import (
    keep_readability,
    measure_saved_page,
    stored_readability,
)
from home.models import TopicPage
from people.models import Person
from schemes.models import SchemePage
from tests.factories import SchemeIndexPageFactory, SchemePageFactory, site_root

pytestmark = pytest.mark.django_db

EASY = "Kort. Lett. Greit."
HARD = "Fylkeskommunens tilskuddsordninger forutsetter kommunalt medfinansiering."


def counts(readability):
    return readability.words, readability.sentences, readability.long_words


def kept(page):
    row = PageReadability.objects.get(page=page)
    return row.revision_id, (row.words, row.sentences, row.long_words)


@pytest.fixture
def scheme():
    finder = SchemeIndexPageFactory(parent=site_root())
    return SchemePageFactory(parent=finder, summary=EASY)


def test_a_page_made_without_revisions_is_measured_from_its_fields(scheme):
    assert scheme.latest_revision_id is None
    assert kept(scheme) == (None, counts(page_readability(scheme)))


def test_a_saved_revision_is_measured_as_the_latest_draft(scheme):
    scheme.summary = HARD
    revision = scheme.save_revision()

    assert kept(scheme) == (revision.pk, counts(latest_draft_readability(scheme)))
    assert kept(scheme)[1] != counts(page_readability(SchemePage.objects.get(pk=scheme.pk)))


def test_publishing_keeps_the_measure_of_the_published_revision(scheme):
    scheme.summary = HARD
    revision = scheme.save_revision()
    revision.publish()

    assert kept(scheme) == (revision.pk, counts(page_readability(scheme)))


def listed(pk):
    """The page as an overview reads it: with its kept counts and without its text."""
    text = [field.name for field in text_fields(SchemePage)]
    return SchemePage.objects.select_related("stored_readability").defer(*text).get(pk=pk)


def test_pages_kept_before_their_readability_was_stored_are_measured_when_listed(
    scheme, django_assert_num_queries
):
    scheme.summary = HARD
    scheme.save_revision()
    unrevised = SchemePageFactory(parent=scheme.get_parent(), summary=EASY)
    PageReadability.objects.all().delete()
    pages = [listed(scheme.pk), listed(unrevised.pk)]

    # The latest revisions, the fields of the page without one, and the counts kept.
    with django_assert_num_queries(3):
        keep_readability(pages)

    assert counts(stored_readability(pages[0])) == counts(latest_draft_readability(scheme))
    assert counts(stored_readability(pages[1])) == counts(page_readability(unrevised))
    assert kept(scheme)[0] == scheme.latest_revision_id
    assert kept(unrevised)[0] is None


def test_counts_of_an_older_revision_are_measured_again(scheme):
    scheme.summary = HARD
    revision = scheme.save_revision()
    PageReadability.objects.filter(page=scheme).update(revision=None, words=1, sentences=1)
    page = listed(scheme.pk)

    keep_readability([page])

    assert kept(scheme) == (revision.pk, counts(latest_draft_readability(scheme)))


def test_current_counts_are_read_without_a_query(scheme, django_assert_num_queries):
    scheme.save_revision()
    page = listed(scheme.pk)

    with django_assert_num_queries(0):
        keep_readability([page])
        readability = stored_readability(page)

    assert counts(readability) == counts(page_readability(scheme))


def test_only_page_saves_reach_the_measure_of_a_page_without_revisions():
    def receives(sender):
        sync_receivers, _async_receivers = post_save._live_receivers(sender)
        return measure_saved_page in sync_receivers

    assert all(receives(model) for model in get_page_models())
    assert SchemePage in get_page_models()
    assert not [model for model in (Person, Revision, PageReadability, User) if receives(model)]


def test_a_page_of_another_type_made_without_revisions_is_measured_too():
    home = site_root()
    topic = home.add_child(instance=TopicPage(title="Næring", slug="naering", lead=HARD))
    assert kept(topic) == (None, counts(page_readability(topic)))
