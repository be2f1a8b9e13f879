"""The scale benchmark's site builder, at a tiny size: what it writes in bulk must be what
publishing each page would have left, or the benchmark measures a site no editor could make."""

import pytest
from django.db.models import F
from wagtail.models import Page, ReferenceIndex

from base.publication import reference_key
from bench import scale_site
from headless.models import PageDocument, PageDocumentReference
from schemes.models import SchemePage
from search.models import SearchEntry


@pytest.fixture
def built(tree):
    return scale_site.build(12, parents=3, big_parent=6, person_pages=4)


def test_the_schemes_sit_under_their_parents_in_a_sound_tree(built):
    assert len(built["scheme_ids"]) == 12
    assert Page.objects.child_of(built["big_parent"]).count() == built["big_parent_children"] == 6
    assert all(not problems for problems in Page.find_problems())
    assert Page.objects.get(pk=built["big_parent"].pk).numchild == 6


def test_every_scheme_is_live_with_its_live_revision_as_the_latest(built):
    schemes = SchemePage.objects.filter(pk__in=built["scheme_ids"])
    assert schemes.filter(live=True, live_revision__isnull=False).count() == 12
    assert schemes.exclude(latest_revision_id=F("live_revision_id")).count() == 0
    page = schemes.first()
    assert page.live_revision.as_object().title == page.title


def test_every_scheme_has_a_document_and_both_search_indexes_find_it(built):
    ids = built["scheme_ids"]
    assert PageDocument.objects.filter(page_id__in=ids).count() == 12
    assert SearchEntry.objects.filter(kind="page", object_id__in=ids).count() == 12
    title = SchemePage.objects.get(pk=ids[0]).title
    assert ids[0] in [page.pk for page in SchemePage.objects.search(title)]


def test_the_person_is_referenced_where_shown_for_the_api_and_for_the_admin(built, api_client):
    person = built["person"]
    shown_on = built["person_page_ids"]
    assert len(shown_on) == 4
    assert PageDocumentReference.objects.filter(target=reference_key(person)).count() == len(
        shown_on
    )
    assert ReferenceIndex.get_references_to(person).count() == len(shown_on)
    detail = api_client.get(f"/api/v2/pages/{shown_on[0]}/").json()
    assert detail["contacts"][0]["value"]["person"]["name"] == person.name


def test_a_built_scheme_answers_like_a_published_one(built, api_client):
    leaf = built["leaf"]
    detail = api_client.get(f"/api/v2/pages/{leaf.pk}/").json()
    assert detail["title"] == leaf.title
    assert detail["meta"]["parent"]["title"] == Page.objects.get(pk=leaf.get_parent().pk).title


def test_the_linked_page_is_referenced_by_the_schemes_that_link_to_it(built, api_client):
    linked = built["linked_page"]
    assert built["linked_page_ids"] == built["person_page_ids"]
    assert ReferenceIndex.get_references_to(linked).count() == 4
    detail = api_client.get(f"/api/v2/pages/{built['linked_page_ids'][0]}/").json()
    assert detail["related_links"][0]["value"]["page"]["title"] == linked.title
