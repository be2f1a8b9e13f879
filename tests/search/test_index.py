"""The search index follows what is public: pages, people and documents."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from base.publication import absolute_addresses
from headless.models import MediaSettings
from people.models import Person
from search import engine
from search.models import SearchEntry
from search.signal_handlers import on_migrated

from .conftest import publish

pytestmark = pytest.mark.django_db


def found(query):
    return [(hit.type, hit.title) for hit in engine.search(query)]


def test_a_published_scheme_is_indexed_from_its_public_document(tree):
    entry = SearchEntry.objects.get(kind="page", object_id=tree["scheme"].pk)
    assert entry.result_type == "scheme"
    # Stored as a path; the host is added when answering (base.publication.address).
    assert "tromsfylke.no" not in entry.url
    assert absolute_addresses(entry.url) == "https://www.tromsfylke.no/attraktive-samfunn/bredband/"
    assert entry.summary == "Tilskudd til utbygging av bredbånd."
    assert entry.title_stems == "bredband"
    # Taxonomy names are keywords; the contact on the page is body text.
    assert "skjervoy" in entry.keywords_stems.split()
    assert "kjetil" in entry.body_stems.split()
    assert ("scheme", "Bredbånd") in found("Skjervøy")


def test_drafts_unpublished_private_and_expired_pages_are_not_found(tree):
    scheme = tree["scheme"]
    scheme.title = "Hemmelig utkast"
    scheme.save_revision()
    assert found("hemmelig") == []

    restriction = PageViewRestriction.objects.create(
        page=scheme, restriction_type=PageViewRestriction.LOGIN
    )
    assert ("scheme", "Bredbånd") not in found("utbygging")
    restriction.delete()
    assert ("scheme", "Bredbånd") in found("utbygging")

    # Expiry is read when searching, even before anything rebuilds the page's document.
    type(scheme).objects.filter(pk=scheme.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert ("scheme", "Bredbånd") not in found("utbygging")
    type(scheme).objects.filter(pk=scheme.pk).update(expire_at=None)

    scheme.refresh_from_db()
    scheme.unpublish()
    assert not SearchEntry.objects.filter(kind="page", object_id=scheme.pk).exists()
    assert found("utbygging") == []


def test_a_deleted_page_leaves_the_index(tree):
    scheme_id = tree["scheme"].pk
    tree["scheme"].delete()
    assert not SearchEntry.objects.filter(kind="page", object_id=scheme_id).exists()


def test_a_republished_page_is_found_by_its_new_words(tree):
    scheme = tree["scheme"]
    scheme.summary = "Tilskudd til fiberkabel i grisgrendte strøk."
    publish(scheme)
    assert ("scheme", "Bredbånd") in found("grisgrendt")
    assert ("scheme", "Bredbånd") not in found("utbygging")


def test_people_are_indexed_when_saved_and_removed_when_deleted(tree):
    person = Person.objects.create(
        name="Åse Aalborg", job_title="Rådgiver", area_of_responsibility="reiseliv"
    )
    assert found("reiselivet") == [("person", "Åse Aalborg")]
    assert found("aase") == [("person", "Åse Aalborg")]
    person.area_of_responsibility = "landbruk"
    person.save()
    assert found("reiseliv") == []
    person.delete()
    assert found("landbruk") == []


def test_documents_in_restricted_collections_are_not_found(db):
    # Below the collection whose files are public without a page using them (see headless.media).
    root = MediaSettings.load().public_collection
    internal = root.add_child(name="Interne dokumenter")
    below = internal.add_child(name="Utkast")
    document_model = get_document_model()
    public = document_model.objects.create(
        title="Søknadsskjema for bredbåndstilskudd",
        file=ContentFile(b"x", name="skjema.pdf"),
        collection=root,
    )
    hidden = document_model.objects.create(
        title="Intern vurdering av bredbåndstilskudd",
        file=ContentFile(b"x", name="vurdering.pdf"),
        collection=below,
    )
    assert {title for _, title in found("bredbåndstilskudd")} == {public.title, hidden.title}

    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert found("bredbåndstilskudd") == [("document", public.title)]
    hit = engine.search("søknadsskjema")[0]
    assert hit.url == settings.API_BASE_URL + public.url

    public.delete()
    assert found("søknadsskjema") == []


def test_the_index_is_rebuilt_by_command_and_after_migrating_into_an_empty_one(tree):
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title_stems"))
    SearchEntry.objects.all().delete()
    on_migrated(sender=None)
    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "title_stems")) == before

    SearchEntry.objects.all().delete()
    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert "Indekserte 4 sider" in output.getvalue()  # home, topic, scheme and one person
    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "title_stems")) == before


def test_a_document_no_public_page_uses_is_not_found(db):
    get_document_model().objects.create(
        title="Utkast til budsjett for bredbåndstilskudd", file=ContentFile(b"x", name="u.pdf")
    )
    assert found("bredbåndstilskudd") == []
