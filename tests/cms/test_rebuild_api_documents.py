import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from base.blocks import IMAGE_RENDITIONS
from headless import notify
from headless.models import ContentVersion, PageDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_announcers(monkeypatch):
    # The command waits for the announcer threads; a test elsewhere may leave one unstarted.
    monkeypatch.setattr(notify, "_threads", [])


def rebuild():
    out, err = StringIO(), StringIO()
    call_command("rebuild_api_documents", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuilding_replaces_stale_documents_and_refreshes_cached_responses(api_client, tree):
    url = f"/api/v2/pages/{tree['scheme'].pk}/"
    before = api_client.get(url)
    PageDocument.objects.update(payload=json.dumps({"id": tree["scheme"].pk, "stale": True}))
    version = ContentVersion.objects.get().number

    out, _ = rebuild()

    after = api_client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json() == before.json()
    assert ContentVersion.objects.get().number > version
    documents = PageDocument.objects.count()
    assert documents == 3
    assert out.startswith(f"{documents} dokumenter bygget på nytt")


def test_rebuilding_removes_documents_of_pages_no_longer_public(api_client, tree):
    tree["scheme"].unpublish()
    PageDocument.objects.all().delete()

    rebuild()

    assert not PageDocument.objects.filter(page_id=tree["scheme"].pk).exists()
    assert PageDocument.objects.filter(page_id=tree["topic"].pk).exists()


def test_rebuilding_makes_missing_renditions_once(db):
    image = get_image_model().objects.create(title="Kart", file=get_test_image_file())
    assert not image.renditions.exists()

    first, _ = rebuild()
    second, _ = rebuild()

    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(
        IMAGE_RENDITIONS.values()
    )
    assert first.strip().endswith(f"{len(IMAGE_RENDITIONS)} bildeversjoner laget.")
    assert second.strip().endswith("0 bildeversjoner laget.")


def test_an_image_that_cannot_be_decoded_is_reported_and_the_rest_goes_on(db, home_page):
    broken = get_image_model().objects.create(title="Ødelagt", file=get_test_image_file())
    with broken.file.storage.open(broken.file.name, "wb") as file:
        file.write(b"not an image")

    out, err = rebuild()

    assert "dokumenter bygget på nytt" in out
    assert str(broken.pk) in err


def add_schemes(tree, count, start=0):
    """Schemes shaped as the real ones: a contact, a municipality, a topic and a round."""
    from datetime import timedelta

    from django.utils import timezone

    from schemes.models import ApplicationRound, SchemePage
    from tests.api.conftest import publish

    topic_term = tree["scheme"].topics.get()
    pages = []
    for number in range(start, start + count):
        scheme = tree["topic"].add_child(
            instance=SchemePage(
                title=f"Ordning {number}",
                slug=f"ordning-{number}",
                summary="Tilskudd til næringsutvikling.",
                contacts=[("contact", {"person": tree["person"], "note": "spørsmål"})],
                application_rounds=[
                    ApplicationRound(
                        opens_at=timezone.now() - timedelta(days=1),
                        deadline=timezone.now() + timedelta(days=30),
                    )
                ],
            )
        )
        scheme.municipalities.set([tree["municipality"]])
        scheme.topics.set([topic_term])
        pages.append(publish(scheme))
    return pages


def stored(page_ids):
    from search.models import SearchEntry, SearchTerm

    return {
        pk: (
            PageDocument.objects.get(pk=pk).payload,
            PageDocument.objects.get(pk=pk).valid_until,
            sorted(PageDocument.objects.get(pk=pk).references.values_list("target", flat=True)),
            SearchEntry.objects.filter(kind="page", object_id=pk).values().get()["body_words"],
            sorted(
                SearchTerm.objects.filter(entry__kind="page", entry__object_id=pk).values_list(
                    "word", "weight"
                )
            ),
        )
        for pk in page_ids
    }


def test_a_batch_of_documents_takes_as_many_queries_for_twice_the_pages(tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from headless import documents

    few = add_schemes(tree, 5)
    many = few + add_schemes(tree, 5, start=5)

    with CaptureQueriesContext(connection) as small:
        documents.rebuild_batch(few)
    with CaptureQueriesContext(connection) as large:
        documents.rebuild_batch(many)

    assert len(large) == len(small)
    assert len(small) < 40


def test_documents_built_in_a_batch_are_those_built_one_at_a_time(tree):
    from headless import documents

    pages = add_schemes(tree, 4)
    page_ids = [tree["home"].pk, tree["topic"].pk, tree["scheme"].pk, *(p.pk for p in pages)]
    for pk in page_ids:
        documents.rebuild(documents.Page.objects.get(pk=pk))
    one_at_a_time = stored(page_ids)
    PageDocument.objects.update(payload="{}", version="")

    documents.rebuild_batch(list(documents.Page.objects.filter(pk__in=page_ids)))

    assert stored(page_ids) == one_at_a_time


def test_the_command_rebuilds_in_batches_each_committed_on_its_own(tree, monkeypatch):
    from django.db import connection

    from headless import documents

    add_schemes(tree, 4)
    PageDocument.objects.update(payload="{}")
    batches = []
    original = documents.rebuild_batch

    def rebuild_batch(pages, **kwargs):
        batches.append(([page.pk for page in pages], list(connection.savepoint_ids)))
        if len(batches) == 3:
            raise RuntimeError("the worker stopped")
        return original(pages, **kwargs)

    monkeypatch.setattr(documents, "rebuild_batch", rebuild_batch)

    with pytest.raises(RuntimeError):
        call_command("rebuild_api_documents", batch_size=3, stdout=StringIO())

    # Each batch runs in a transaction of its own (a savepoint inside the test's).
    assert [len(ids) for ids, _savepoints in batches] == [3, 3, 1]
    assert len({savepoints[-1] for _ids, savepoints in batches}) == 3
    # What the batches before the failure rebuilt stays rebuilt; the failed batch changes nothing.
    done = [pk for ids, _savepoints in batches[:2] for pk in ids]
    failed = batches[2][0]
    assert all(
        p != "{}"
        for p in PageDocument.objects.filter(pk__in=done).values_list("payload", flat=True)
    )
    assert set(PageDocument.objects.filter(pk__in=failed).values_list("payload", flat=True)) == {
        "{}"
    }
