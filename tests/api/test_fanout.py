"""Changes that touch many pages: the editor's request queues their documents, a worker rebuilds.

Most tests here run the real worker (django-tasks-db's ``db_worker`` through the project's
command) against the real database backend, in this process and database.
"""

import io
import signal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction

from headless import documents, tasks
from headless.models import PageDocument, StaleDocument
from home.models import TopicPage
from schemes.models import SchemePage
from search.models import SearchEntry
from taxonomy.models import Organisation
from tests.factories.people import PersonFactory

from .conftest import publish

DATABASE_BACKEND = {"BACKEND": "django_tasks_db.DatabaseBackend"}


@pytest.fixture
def worker(settings, monkeypatch):
    """Background tasks stored in the database; calling the fixture runs a worker until the
    queue is empty, as `python manage.py db_worker --batch` does."""
    settings.TASKS = {**settings.TASKS, "background": DATABASE_BACKEND}
    # The worker drops connections left in a transaction, as a long-running process should;
    # here the test's own transaction holds everything the worker is to see.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run():
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
            stdout=io.StringIO(),
        )

    yield run
    for number, handler in handlers.items():
        signal.signal(number, handler)


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response


def shows(client, page, text):
    return text in detail(client, page).content.decode()


def schemes_under(parent, count, **fields):
    made = []
    for number in range(count):
        scheme = parent.add_child(
            instance=SchemePage(
                title=f"Ordning {number}",
                slug=f"ordning-{number}",
                summary="Tilskudd.",
                **fields,
            )
        )
        made.append(publish(scheme))
    return made


@pytest.fixture
def topic(home_page):
    return publish(
        home_page.add_child(instance=TopicPage(title="Næring", slug="naering", lead="Ingress"))
    )


def with_contact(person):
    return {"contacts": [("contact", {"person": person, "note": ""})]}


def test_a_person_is_shown_changed_on_every_page_once_the_worker_has_run(api_client, topic, worker):
    person = PersonFactory(name="Kari Nordmann")
    schemes = schemes_under(topic, 5, **with_contact(person))
    etag = detail(api_client, schemes[0])["ETag"]

    person.name = "Kari Nordmann Olsen"
    person.save()

    # Queued, not rebuilt: every page keeps serving its last published document meanwhile.
    assert StaleDocument.objects.count() == 5
    assert DBTaskResult.objects.ready().count() == 1
    assert not any(shows(api_client, scheme, "Nordmann Olsen") for scheme in schemes)

    worker()

    assert all(shows(api_client, scheme, "Kari Nordmann Olsen") for scheme in schemes)
    assert not StaleDocument.objects.exists()
    assert detail(api_client, schemes[0])["ETag"] != etag
    assert DBTaskResult.objects.successful().count() == 1


def test_an_organisation_renamed_is_shown_on_every_page_once_the_worker_has_run(
    api_client, topic, worker
):
    organisation = Organisation.objects.create(name="DOGA", slug="doga")
    schemes = schemes_under(topic, 4)
    for scheme in schemes:
        scheme.funding_partners.set([organisation])
        publish(scheme)

    organisation.name = "Design og arkitektur Norge"
    organisation.save()
    assert not any(shows(api_client, scheme, "arkitektur Norge") for scheme in schemes)

    worker()

    assert all(shows(api_client, scheme, "Design og arkitektur Norge") for scheme in schemes)


def test_a_parent_renamed_shows_at_once_and_in_its_childrens_pages_after_the_worker(
    api_client, topic, worker
):
    schemes = schemes_under(topic, 4)

    topic.title = "Næringsutvikling"
    publish(topic)

    # The editor's page is rebuilt in the request; its children wait for the worker.
    assert detail(api_client, topic).json()["title"] == "Næringsutvikling"
    assert StaleDocument.objects.filter(page__in=schemes).count() == 4
    assert detail(api_client, schemes[0]).json()["meta"]["parent"]["title"] == "Næring"

    worker()

    for scheme in schemes:
        meta = detail(api_client, scheme).json()["meta"]
        assert meta["parent"]["title"] == "Næringsutvikling"
        assert meta["breadcrumbs"][-1]["title"] == "Næringsutvikling"


def test_a_parent_moved_takes_its_childrens_addresses_along_after_the_worker(
    api_client, home_page, topic, worker
):
    schemes = schemes_under(topic, 3)
    other = publish(
        home_page.add_child(instance=TopicPage(title="Samfunn", slug="samfunn", lead="Ingress"))
    )

    Page.objects.get(pk=topic.pk).move(other, pos="last-child")

    assert "/samfunn/naering/" in detail(api_client, topic).json()["meta"]["html_url"]
    assert "/samfunn/" not in detail(api_client, schemes[0]).json()["meta"]["html_url"]

    worker()

    for scheme in schemes:
        meta = detail(api_client, scheme).json()["meta"]
        assert "/samfunn/naering/ordning-" in meta["html_url"]
        assert [crumb["title"] for crumb in meta["breadcrumbs"]][-2:] == ["Samfunn", "Næring"]


def test_a_worker_dying_mid_batch_loses_nothing_and_the_next_run_finishes(
    api_client, topic, worker, monkeypatch
):
    person = PersonFactory(name="Kari Nordmann")
    schemes = schemes_under(topic, 5, **with_contact(person))
    monkeypatch.setattr(documents, "BATCH_SIZE", 2)
    batches = []

    def die_in_the_second_batch(sender, documents, **kwargs):
        batches.append(documents)
        if len(batches) == 2:
            raise SystemExit("the worker was stopped")

    documents.documents_saved.connect(die_in_the_second_batch)
    try:
        person.name = "Kari Nordmann Olsen"
        person.save()
        worker()
    finally:
        documents.documents_saved.disconnect(die_in_the_second_batch)

    # The first batch committed; the second died with everything it wrote, its pages still
    # queued and still serving their last documents.
    updated = [shows(api_client, scheme, "Nordmann Olsen") for scheme in schemes]
    assert updated == [True, True, False, False, False]
    assert StaleDocument.objects.count() == 3

    # The next worker finds the queue as the dead one left it, and finishes it.
    worker()

    assert all(shows(api_client, scheme, "Kari Nordmann Olsen") for scheme in schemes)
    assert not StaleDocument.objects.exists()


def test_a_rebuild_overtaken_by_a_publish_does_not_overwrite_it(
    api_client, topic, worker, monkeypatch
):
    person = PersonFactory(name="Kari Nordmann")
    schemes = schemes_under(topic, 3, **with_contact(person))
    person.name = "Kari Nordmann Olsen"
    person.save()
    edited = SchemePage.objects.get(pk=schemes[1].pk)
    original = documents._specific_pages

    def editor_publishes_while_the_worker_builds(page_ids):
        pages = original(page_ids)
        if len(page_ids) > 1:
            # Between the worker's reading and its writing: the publish's own rebuild commits.
            monkeypatch.setattr(documents, "_specific_pages", original)
            edited.title = "Ordning 1, ny tittel"
            publish(edited)
        return pages

    monkeypatch.setattr(documents, "_specific_pages", editor_publishes_while_the_worker_builds)
    assert tasks.rebuild_next_batch() == (3, 2)

    # The publish's document stands; the worker's older build of that page was dropped, and the
    # page waits for the next batch, which builds it from what is current.
    assert detail(api_client, schemes[1]).json()["title"] == "Ordning 1, ny tittel"
    assert list(StaleDocument.objects.values_list("page_id", flat=True)) == [schemes[1].pk]
    worker()
    assert shows(api_client, schemes[1], "Kari Nordmann Olsen")
    assert detail(api_client, schemes[1]).json()["title"] == "Ordning 1, ny tittel"


def test_saving_a_person_costs_the_same_queries_whatever_the_pages_showing_them(topic, worker):
    def queries_to_save(person):
        person.name += " (endret)"
        with CaptureQueriesContext(connection) as context:
            person.save()
        return len(context.captured_queries)

    few = PersonFactory()
    many = PersonFactory()
    schemes_under(topic, 2, **with_contact(few))
    other = topic.add_child(instance=TopicPage(title="Mange", slug="mange", lead="Ingress"))
    schemes_under(other, 12, **with_contact(many))

    assert queries_to_save(few) == queries_to_save(many)
    assert StaleDocument.objects.count() == 14


def test_in_tests_the_background_work_runs_at_once(api_client, topic):
    person = PersonFactory(name="Kari Nordmann")
    schemes = schemes_under(topic, 3, **with_contact(person))

    person.name = "Kari Nordmann Olsen"
    person.save()

    assert all(shows(api_client, scheme, "Kari Nordmann Olsen") for scheme in schemes)
    assert not StaleDocument.objects.exists()


# Hiding a page ---------------------------------------------------------------------------------

HIDDEN_TITLE = "Hemmelig satsing"


def names_hidden_page(text):
    # By its first word too: search marks the words it matched (<mark>satsing</mark>).
    return HIDDEN_TITLE in text or "Hemmelig" in text


def linking_to(page):
    return {"related_links": [("link", {"title": "Les mer", "page": page, "url": ""})]}


@pytest.fixture
def shown_page(home_page):
    """A page that others link to: what an editor then hides."""
    return publish(
        home_page.add_child(instance=TopicPage(title=HIDDEN_TITLE, slug="satsing", lead="Ingress"))
    )


def unpublish(page):
    page.unpublish()


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def delete(page):
    Page.objects.get(pk=page.pk).delete()


def move_below_a_hidden_page(page):
    hidden_parent = publish(
        page.get_parent().add_child(instance=TopicPage(title="Intern", slug="intern", lead="-"))
    )
    restrict(hidden_parent)
    Page.objects.get(pk=page.pk).move(hidden_parent, pos="last-child")


def public_answers(client, schemes):
    """What an anonymous reader can get that shows the schemes: each detail, the listing with
    every field, the finder, find by path, and search (the API and the search page)."""
    answers = [detail(client, scheme) for scheme in schemes]
    answers += [
        client.get("/api/v2/pages/?type=schemes.SchemePage&fields=*"),
        client.get("/api/v2/schemes/"),
        client.get("/api/v2/pages/find/?html_path=/naering/ordning-0/", follow=True),
        client.get("/api/v2/search/?q=satsing"),
        client.get("/api/v2/search/?q=ordning"),
        client.get("/sok/?q=satsing"),
    ]
    assert all(answer.status_code == 200 for answer in answers)
    return [answer.content.decode() for answer in answers]


@pytest.mark.parametrize("hide", [unpublish, restrict, delete, move_below_a_hidden_page])
def test_a_hidden_page_is_named_nowhere_while_the_pages_showing_it_wait_for_the_worker(
    api_client, topic, shown_page, worker, hide
):
    schemes = schemes_under(topic, 3, **linking_to(shown_page))
    assert all(HIDDEN_TITLE in text for text in public_answers(api_client, schemes)[:3])
    # As the index kept a page's text when it showed the page, e.g. in a sentence of its body.
    SearchEntry.objects.filter(kind="page", object_id=schemes[0].pk).update(
        body=f"Les om {HIDDEN_TITLE}."
    )
    etag = detail(api_client, schemes[0])["ETag"]

    hide(shown_page)

    # Queued for the worker, still naming the page in the store, and withheld meanwhile.
    assert set(StaleDocument.objects.filter(withheld=True).values_list("page_id", flat=True)) >= {
        scheme.pk for scheme in schemes
    }
    assert DBTaskResult.objects.ready().exists()
    stored = PageDocument.objects.filter(page__in=schemes).values_list("payload", flat=True)
    assert all(HIDDEN_TITLE in payload for payload in stored)
    texts = public_answers(api_client, schemes)
    assert not [text for text in texts if names_hidden_page(text)]
    for scheme in schemes:
        links = detail(api_client, scheme).json()["related_links"]
        assert not [link for link in links if link["value"]["page"]]
    after_hiding = detail(api_client, schemes[0])["ETag"]
    assert after_hiding != etag

    worker()

    assert not StaleDocument.objects.exists()
    stored = PageDocument.objects.filter(page__in=schemes).values_list("payload", flat=True)
    assert len(stored) == 3
    assert not [payload for payload in stored if HIDDEN_TITLE in payload]
    assert not SearchEntry.objects.filter(body__contains=HIDDEN_TITLE).exists()
    assert not [text for text in public_answers(api_client, schemes) if names_hidden_page(text)]
    assert detail(api_client, schemes[0])["ETag"] != after_hiding


def test_hiding_a_page_costs_the_same_queries_whatever_the_pages_showing_it(
    home_page, topic, worker
):
    def queries_to_unpublish(page):
        with CaptureQueriesContext(connection) as context:
            page.unpublish()
        return len(context.captured_queries)

    few = publish(home_page.add_child(instance=TopicPage(title="Få", slug="fa", lead="Ingress")))
    many = publish(
        home_page.add_child(instance=TopicPage(title="Mange", slug="mange", lead="Ingress"))
    )
    schemes_under(topic, 2, **linking_to(few))
    other = topic.add_child(instance=TopicPage(title="Andre", slug="andre", lead="Ingress"))
    more = [
        publish(
            other.add_child(
                instance=SchemePage(
                    title=f"Annen {number}",
                    slug=f"annen-{number}",
                    summary="Tilskudd.",
                    **linking_to(many),
                )
            )
        )
        for number in range(12)
    ]

    assert queries_to_unpublish(few) == queries_to_unpublish(many)
    assert StaleDocument.objects.filter(withheld=True).count() == 14
    assert len(more) == 12


def test_a_listing_of_withheld_documents_costs_the_same_queries_whatever_their_number(
    api_client, topic, shown_page, worker
):
    def queries_to_list(limit):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = api_client.get(
                f"/api/v2/pages/?type=schemes.SchemePage&fields=*&limit={limit}"
            )
        assert response.status_code == 200
        assert not names_hidden_page(response.content.decode())
        assert len(response.json()["items"]) == limit
        return len(context.captured_queries)

    schemes_under(topic, 9, **linking_to(shown_page))
    shown_page.unpublish()
    assert StaleDocument.objects.filter(withheld=True).count() == 9

    assert queries_to_list(2) == queries_to_list(9)


def test_in_tests_a_hidden_page_is_gone_from_every_page_showing_it_at_once(
    api_client, topic, shown_page
):
    schemes = schemes_under(topic, 3, **linking_to(shown_page))

    shown_page.unpublish()

    assert not StaleDocument.objects.exists()
    stored = PageDocument.objects.filter(page__in=schemes).values_list("payload", flat=True)
    assert len(stored) == 3
    assert not [payload for payload in stored if HIDDEN_TITLE in payload]
    assert not [text for text in public_answers(api_client, schemes) if names_hidden_page(text)]


def test_deleting_a_page_enqueues_one_rebuild(api_client, topic, shown_page, worker):
    schemes = schemes_under(topic, 2, **linking_to(shown_page))
    child = publish(
        shown_page.add_child(instance=TopicPage(title="Under", slug="under", lead="Ingress"))
    )
    schemes_under(
        topic.add_child(instance=TopicPage(title="Andre", slug="andre", lead="-")),
        1,
        **linking_to(child),
    )

    # Wagtail unpublishes the page and its child as it deletes them, and each deletion queues
    # the documents showing it: one task, stored with the deletion, rebuilds them all.
    delete(shown_page)

    assert DBTaskResult.objects.count() == 1
    assert StaleDocument.objects.filter(withheld=True).count() == 3
    worker()
    assert not StaleDocument.objects.exists()
    assert DBTaskResult.objects.successful().count() == 1
    assert not [text for text in public_answers(api_client, schemes) if names_hidden_page(text)]


def test_changes_in_one_transaction_enqueue_one_rebuild_and_later_ones_another(topic, worker):
    person = PersonFactory(name="Kari Nordmann")
    schemes_under(topic, 2, **with_contact(person))

    with transaction.atomic():
        person.name = "Kari Nordmann Olsen"
        person.save()
        person.name = "Kari Olsen"
        person.save()
    assert DBTaskResult.objects.count() == 1

    worker()
    # The task has run (here inside the test's transaction): a change after it needs its own.
    person.name = "Kari Olsen Nordmann"
    person.save()
    assert DBTaskResult.objects.ready().count() == 1
    assert DBTaskResult.objects.count() == 2
