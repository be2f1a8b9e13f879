"""The schemes overview costs what it costs on the loaded site when the site has many more schemes,
for an administrator, a writer (Skribent) and an editor (Redaktør)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.models import TopicPage
from schemes.models import ApplicationRound, SchemePage
from schemes.wagtail_hooks import SchemePageAdmin
from taxonomy.models import Municipality, Topic
from tests.factories import SchemePageFactory

pytestmark = pytest.mark.django_db

SCHEMES_URL = "schemes_schemepage_modeladmin_index"
EXTRA_SCHEMES = 60


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The Troms content with its groups, loaded once; each test's changes roll back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_troms_content", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username=username, first_name=username.title())
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(role):
    if role == "administrator":
        user = get_user_model().objects.create_superuser("admin", "admin@example.no")
    else:
        user = member_of(role, role.lower())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=["administrator", "Skribent", "Redaktør"])
def user_client(request, loaded, db):
    return logged_in(request.param)


@pytest.fixture
def writer_client(loaded, db):
    return logged_in("Skribent")


def grow(count):
    """Schemes under every topic page, as a county site of many schemes has them: with topics,
    municipalities, application rounds, owners, and drafts beside published pages."""
    parents = list(TopicPage.objects.order_by("path"))
    topics, municipalities = list(Topic.objects.all()), list(Municipality.objects.all())
    owners = [member_of("Skribent", f"skribent{n}") for n in range(3)]
    now = timezone.now()
    for n in range(count):
        scheme = SchemePageFactory(
            parent=parents[n % len(parents)],
            title=f"Ordning {n:03}",
            owner=owners[n % len(owners)],
            live=n % 4 != 0,
        )
        scheme.topics.set(topics[n % len(topics) :][:2])
        scheme.municipalities.set(municipalities[n % len(municipalities) :][:3])
        ApplicationRound.objects.create(
            page=scheme,
            opens_at=now - datetime.timedelta(days=n),
            deadline=now + datetime.timedelta(days=n + 1),
        )
        scheme.save_revision(user=owners[n % len(owners)])


def overview_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(SCHEMES_URL), params or {})
    assert response.status_code == 200
    return response, [query["sql"] for query in queries]


@pytest.mark.parametrize("params", [{}, {"o": "1"}], ids=["by-title", "by-location"])
def test_the_overview_takes_the_same_queries_on_a_bigger_site(user_client, params):
    # The first request fills per-process caches (content types, the user's permissions).
    overview_queries(user_client, params)
    _response, few = overview_queries(user_client, params)
    loaded_schemes = SchemePage.objects.count()

    grow(EXTRA_SCHEMES)
    response, many = overview_queries(user_client, params)

    assert len(many) == len(few)
    assert response.context["result_count"] == loaded_schemes + EXTRA_SCHEMES
    assert len(response.context["object_list"]) == SchemePageAdmin.list_per_page


def test_each_row_is_read_with_its_columns_only_for_the_page_shown(writer_client):
    grow(EXTRA_SCHEMES)

    response, queries = overview_queries(writer_client)

    # The parent's title, the status from the rounds and the next deadline are computed in
    # the query that reads the rows shown, which asks for those rows by id.
    row_queries = [sql for sql in queries if '"parent_title"' in sql]
    assert len(row_queries) == 1
    assert '"schemes_schemepage"."page_ptr_id" IN (' in row_queries[0]
    # The whole list is counted once, for the heading and the pages alike.
    assert len([sql for sql in queries if sql.startswith("SELECT COUNT(*)")]) == 2
    assert response.context["all_count"] == response.context["result_count"]


def test_the_filters_offer_what_the_rows_refer_to_without_reading_every_row(writer_client):
    grow(EXTRA_SCHEMES)
    used = Topic.objects.filter(pk__in=SchemePage.topics.through.objects.values("topic_id"))

    response, queries = overview_queries(writer_client)

    topic_filter = next(
        spec for spec in response.context["view"].filter_specs if spec.field_path == "topics"
    )
    assert sorted(name for _pk, name in topic_filter.lookup_choices) == sorted(
        topic.name for topic in used
    )
    choice_queries = [sql for sql in queries if sql.startswith('SELECT "home_topic"."id"')]
    assert choice_queries
    assert all("EXISTS" in sql and "wagtailcore_page" not in sql for sql in choice_queries)


def explain(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a test database a few hundred rows are read faster without an index; what is
            # checked is that the order can be read from the index at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_first_page_of_schemes_by_title_is_read_from_the_title_index(writer_client):
    grow(EXTRA_SCHEMES)
    _response, queries = overview_queries(writer_client)

    # The ids of the rows shown, in the overview's order (by title), fifty of them.
    ids_query = next(
        sql for sql in queries if sql.startswith('SELECT "schemes_schemepage"."page_ptr_id"')
    )
    assert 'ORDER BY "wagtailcore_page"."title" ASC' in ids_query and "LIMIT 50" in ids_query
    assert "editorial_page_title_idx" in explain(ids_query)


def explorer_queries(client, parent):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_page_explorer_of_a_big_parent_takes_the_same_queries(user_client):
    # Writers may delete or move only their own drafts: each row's menu asks, and is answered
    # from the row itself rather than by a query per row.
    parent = TopicPage.objects.order_by("path").first()
    explorer_queries(user_client, parent)
    few = explorer_queries(user_client, parent)

    others = member_of("Skribent", "kollega")
    for n in range(EXTRA_SCHEMES):
        SchemePageFactory(parent=parent, title=f"Ordning {n:03}", owner=others, live=n % 3 != 0)

    assert explorer_queries(user_client, parent) == few
