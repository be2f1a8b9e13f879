"""Admin: synonyms that editors keep, and the report of searches without results."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search import engine, querylog
from search.models import QueryWithoutResults, Synonym

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/searches-without-results/"


def titles(query):
    return [hit.title for hit in engine.search(query)]


def test_a_synonym_added_in_the_admin_takes_effect_at_once(admin_client, tree):
    assert titles("fiberkabel") == []
    response = admin_client.post(
        reverse("wagtailsnippets_search_synonym:add"),
        {"terms": "bredbånd\nfiberkabel", "note": "Det folk kaller det."},
    )
    assert response.status_code == 302
    assert "Bredbånd" in titles("fiberkabelen")

    Synonym.objects.all().delete()
    assert titles("fiberkabel") == []


def test_a_synonym_needs_two_searchable_terms(admin_client, db):
    before = Synonym.objects.count()
    response = admin_client.post(
        reverse("wagtailsnippets_search_synonym:add"), {"terms": "bredbånd\nog", "note": ""}
    )
    assert response.status_code == 200
    assert "Oppgi minst to ord eller uttrykk" in response.content.decode()
    assert Synonym.objects.count() == before


def test_synonyms_are_in_the_settings_menu(admin_client, db):
    content = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailsnippets_search_synonym:list") in content
    assert REPORT_URL in content


def test_the_report_lists_frequent_searches_without_results_first(admin_client, db):
    for _ in range(3):
        querylog.log_search("fjellski", found=False)
    querylog.log_search("snøscooter", found=False)
    querylog.log_search("bredbånd", found=True)
    # Days the query log no longer keeps are left out.
    old = Query.objects.create(query_string="hundeslede")
    QueryWithoutResults.objects.create(
        query=old, date=timezone.localdate() - datetime.timedelta(days=365), hits=50
    )

    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    rows = [
        (query.query_string, query._misses, query._hits)
        for query in response.context["object_list"]
    ]
    assert rows == [("fjellski", 3, 3), ("snøscooter", 1, 1)]
    content = response.content.decode()
    assert "Søk uten treff" in content
    assert reverse("wagtailsnippets_search_synonym:add") in content
    assert reverse("wagtailsearchpromotions:add") in content

    export = admin_client.get(REPORT_URL, {"export": "csv"})
    assert b"fjellski;3;3" in b"".join(
        export.streaming_content if export.streaming else [export.content]
    )


def test_the_report_is_for_editors_who_can_help_searches(client, django_user_model, db):
    editor = django_user_model.objects.create_user(username="redaktor", password="x")
    editors = Group.objects.create(name="Søkeredaktører")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get(REPORT_URL).status_code in (302, 403)

    editors.permissions.add(Permission.objects.get(codename="add_synonym"))
    assert client.get(REPORT_URL).status_code == 200
