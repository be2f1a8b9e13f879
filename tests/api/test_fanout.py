"""Changes that touch many pages: the editor's request queues their documents, a worker rebuilds.

Most tests here run the real worker (django-tasks-db's ``db_worker`` through the project's
command) against the real database backend, in this process and database.
"""

import io
import signal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from headless import documents, tasks
from headless.models import StaleDocument
from home.models import TopicPage
from schemes.models import SchemePage
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
