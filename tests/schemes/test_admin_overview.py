"""The "Ordninger" overviews: every scheme and programme across the tree, filtered and exported."""

import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu
from wagtail.models import GroupPagePermission

from editorial.models import PageReadability
from editorial.readability import latest_draft_readability
from schemes.choices import SchemeStatus
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammePageFactory,
    SchemePageFactory,
    TopicFactory,
    TopicPageFactory,
)
from tests.overviews import csv_rows

pytestmark = pytest.mark.django_db

SCHEMES_URL = "schemes_schemepage_modeladmin_index"
PROGRAMMES_URL = "schemes_programmepage_modeladmin_index"


@pytest.fixture
def editor(django_user_model, home_page):
    """A user who edits and publishes pages through a group, as the county's editors do."""
    group = Group.objects.create(name="Redaktører")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ["add_page", "change_page", "publish_page"]:
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(
        "kari", "kari@example.no", "Riktig-passord-1", first_name="Kari", last_name="Nordmann"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def writer_client(django_user_model, home_page):
    """A user who adds and edits pages but does not publish them, as the county's writers."""
    group = Group.objects.create(name="Skribenter")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ["add_page", "change_page"]:
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("siri", "siri@example.no", "Riktig-passord-1")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def listed_titles(response):
    return sorted(page.title for page in response.context["object_list"])


def test_the_schemes_menu_holds_both_overviews(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user

    group = next(
        item
        for item in admin_menu.menu_items_for_request(request)
        if str(item.label) == "Ordninger"
    )

    labels = [str(item.label) for item in group.menu.menu_items_for_request(request)]
    assert labels == ["Tilskuddsordninger", "Nasjonale programmer"]


def test_every_scheme_in_the_tree_is_listed_and_nothing_else(admin_client, home_page, scheme_index):
    topic_page = TopicPageFactory(parent=home_page, title="Attraktive samfunn")
    SchemePageFactory(parent=scheme_index, title="Bredbånd")
    SchemePageFactory(parent=topic_page, title="Omstilling")
    ProgrammePageFactory(parent=scheme_index, title="GNIST")

    response = admin_client.get(reverse(SCHEMES_URL))

    assert response.status_code == 200
    assert listed_titles(response) == ["Bredbånd", "Omstilling"]
    programmes = admin_client.get(reverse(PROGRAMMES_URL))
    assert listed_titles(programmes) == ["GNIST"]


def test_a_row_shows_location_status_state_owner_and_readability(
    admin_client, editor, scheme_index
):
    scheme = SchemePageFactory(
        parent=scheme_index,
        title="Bredbånd",
        status=SchemeStatus.OPEN,
        owner=editor,
        summary="Tilskudd til bredbånd i distriktene. Kommunene søker.",
    )
    scheme.title = "Bredbånd (utkast)"
    scheme.save_revision()

    response = admin_client.get(reverse(SCHEMES_URL))

    html = response.content.decode()
    readability = latest_draft_readability(scheme)
    for text in [
        "Bredbånd",
        scheme_index.title,
        "Åpen for søknader",
        "Publisert + kladd",
        "Kari Nordmann",
        f"{readability.score} ({readability.band.label})",
        f'href="/admin/pages/{scheme.pk}/edit/',
    ]:
        assert text in html, text
    for heading in ["Plassering", "Publiseringsstatus", "Sist endret", "Sideeier", "Lesbarhet"]:
        assert heading in html, heading


def test_readability_is_that_of_the_latest_draft(admin_client, scheme_index):
    scheme = SchemePageFactory(parent=scheme_index, summary="Kort. Lett. Greit.")
    live = latest_draft_readability(scheme)
    scheme.summary = "Fylkeskommunens tilskuddsordninger forutsetter kommunalt medfinansiering."
    scheme.save_revision()
    scheme.refresh_from_db()

    draft = latest_draft_readability(scheme)
    response = admin_client.get(reverse(SCHEMES_URL))

    assert draft.score > live.score
    html = response.content.decode()
    assert f"{draft.score} ({draft.band.label})" in html


def test_schemes_are_filtered_by_status(admin_client, scheme_index):
    SchemePageFactory(parent=scheme_index, title="Åpen", status=SchemeStatus.OPEN)
    SchemePageFactory(parent=scheme_index, title="Stengt", status=SchemeStatus.CLOSED)

    response = admin_client.get(reverse(SCHEMES_URL), {"status__exact": SchemeStatus.CLOSED})

    assert listed_titles(response) == ["Stengt"]


def test_schemes_are_filtered_by_topic_and_municipality(admin_client, scheme_index):
    broadband, shops = TopicFactory(name="Bredbånd"), TopicFactory(name="Dagligvare")
    senja, tromso = MunicipalityFactory(name="Senja"), MunicipalityFactory(name="Tromsø")
    first = SchemePageFactory(parent=scheme_index, title="Første")
    first.topics.set([broadband])
    first.municipalities.set([senja, tromso])
    first.save()
    second = SchemePageFactory(parent=scheme_index, title="Andre")
    second.topics.set([shops])
    second.municipalities.set([tromso])
    second.save()
    url = reverse(SCHEMES_URL)

    assert listed_titles(admin_client.get(url, {"topics__id__exact": shops.pk})) == ["Andre"]
    by_municipality = admin_client.get(url, {"municipalities__id__exact": tromso.pk})
    assert listed_titles(by_municipality) == ["Andre", "Første"]
    assert listed_titles(admin_client.get(url, {"municipalities__id__exact": senja.pk})) == [
        "Første"
    ]


def test_schemes_are_filtered_by_page_owner_named_in_full(
    admin_client, admin_user, editor, scheme_index
):
    SchemePageFactory(parent=scheme_index, title="Karis", owner=editor)
    SchemePageFactory(parent=scheme_index, title="Adminens", owner=admin_user)

    response = admin_client.get(reverse(SCHEMES_URL), {"owner__id__exact": editor.pk})

    assert listed_titles(response) == ["Karis"]
    owner_filter = next(
        spec for spec in response.context["view"].filter_specs if spec.field_path == "owner"
    )
    assert str(owner_filter.title) == "sideeier"
    assert (editor.pk, "Kari Nordmann") in owner_filter.lookup_choices


def test_programmes_are_filtered_by_owner_organisation(admin_client, scheme_index):
    kdd = OrganisationFactory(name="Kommunal- og distriktsdepartementet", short_name="KDD")
    doga = OrganisationFactory(name="Design og arkitektur Norge", short_name="DOGA")
    ProgrammePageFactory(parent=scheme_index, title="Bygdevekstavtaler", owner_organisation=kdd)
    ProgrammePageFactory(
        parent=scheme_index, title="Det nasjonale veikartet", owner_organisation=doga
    )

    response = admin_client.get(reverse(PROGRAMMES_URL), {"owner_organisation__id__exact": kdd.pk})

    assert listed_titles(response) == ["Bygdevekstavtaler"]


def test_schemes_are_found_by_title_or_summary(admin_client, scheme_index):
    SchemePageFactory(parent=scheme_index, title="Bredbånd", summary="Utbygging av fiber.")
    SchemePageFactory(parent=scheme_index, title="Omstilling", summary="For kommuner i krise.")
    url = reverse(SCHEMES_URL)

    assert listed_titles(admin_client.get(url, {"q": "fiber"})) == ["Bredbånd"]
    assert listed_titles(admin_client.get(url, {"q": "omstill"})) == ["Omstilling"]


def test_the_csv_export_has_norwegian_headings_labels_and_names(admin_client, editor, scheme_index):
    scheme = SchemePageFactory(
        parent=scheme_index,
        title="Støtte til dagligvarebutikker",
        status=SchemeStatus.UNDER_EVALUATION,
        owner=editor,
    )
    scheme.topics.set([TopicFactory(name="Dagligvare"), TopicFactory(name="Bygdeutvikling")])
    scheme.municipalities.set(
        [MunicipalityFactory(name="Lyngen"), MunicipalityFactory(name="Kåfjord")]
    )
    scheme.save_revision().publish()

    rows = csv_rows(admin_client.get(reverse(SCHEMES_URL), {"export": "csv"}))

    assert rows[0] == [
        "Tittel",
        "Plassering",
        "Status",
        "Publiseringsstatus",
        "Sist endret",
        "Sideeier",
        "Temaer",
        "Kommuner",
        "Lesbarhet (LIX)",
        "Neste søknadsfrist",
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tittel"] == "Støtte til dagligvarebutikker"
    assert row["Plassering"] == scheme_index.title
    assert row["Status"] == "Under evaluering"
    assert row["Publiseringsstatus"] == "Publisert"
    assert row["Sideeier"] == "Kari Nordmann"
    assert row["Temaer"] == "Bygdeutvikling, Dagligvare"
    assert row["Kommuner"] == "Kåfjord, Lyngen"
    readability = latest_draft_readability(scheme)
    assert row["Lesbarhet (LIX)"] == f"{readability.score} ({readability.band.label})"


def test_the_exports_are_named_after_the_list_and_show_norwegian_time(admin_client, scheme_index):
    scheme = SchemePageFactory(parent=scheme_index, title="Bredbånd")
    revision = scheme.save_revision()
    changed = timezone.localtime(revision.created_at, ZoneInfo("Europe/Oslo"))
    url = reverse(SCHEMES_URL)

    as_csv = admin_client.get(url, {"export": "csv"})
    as_xlsx = admin_client.get(url, {"export": "xlsx"})

    assert 'filename="tilskuddsordninger.csv"' in as_csv["Content-Disposition"]
    assert csv_rows(as_csv)[1][4] == changed.strftime("%Y-%m-%d %H:%M")
    assert 'filename="tilskuddsordninger.xlsx"' in as_xlsx["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(as_xlsx.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("Tittel", "Plassering", "Status", "Publiseringsstatus", "Sist endret")
    # Excel keeps milliseconds; what matters is the hour, in Oslo rather than in UTC.
    assert abs(rows[1][4] - changed.replace(tzinfo=None)) < datetime.timedelta(seconds=1)


def test_the_csv_export_follows_the_filters(admin_client, scheme_index):
    SchemePageFactory(parent=scheme_index, title="Åpen", status=SchemeStatus.OPEN)
    SchemePageFactory(parent=scheme_index, title="Stengt", status=SchemeStatus.CLOSED)

    rows = csv_rows(
        admin_client.get(
            reverse(SCHEMES_URL), {"export": "csv", "status__exact": SchemeStatus.OPEN}
        )
    )

    assert [row[0] for row in rows[1:]] == ["Åpen"]


def test_the_programme_export_names_the_owner_organisation(admin_client, scheme_index):
    kdd = OrganisationFactory(name="Kommunal- og distriktsdepartementet")
    ProgrammePageFactory(parent=scheme_index, title="Regionvekstavtaler", owner_organisation=kdd)

    rows = csv_rows(admin_client.get(reverse(PROGRAMMES_URL), {"export": "csv"}))

    assert rows[0][-1] == "Eierorganisasjon"
    assert rows[1][-1] == "Kommunal- og distriktsdepartementet"


def test_a_title_that_looks_like_a_formula_is_exported_as_text(admin_client, scheme_index):
    SchemePageFactory(parent=scheme_index, title='=HYPERLINK("https://example.com")')

    rows = csv_rows(admin_client.get(reverse(SCHEMES_URL), {"export": "csv"}))

    assert rows[1][0] == '\'=HYPERLINK("https://example.com")'


def add_schemes(parent, count):
    topic, municipality = TopicFactory(), MunicipalityFactory()
    for _ in range(count):
        scheme = SchemePageFactory(parent=parent)
        scheme.topics.set([topic])
        scheme.municipalities.set([municipality])
        scheme.save_revision().publish()


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"export": "csv"}], ids=["listing", "csv"])
@pytest.mark.parametrize("user_client", ["editor_client", "writer_client"])
def test_the_query_count_does_not_grow_with_the_number_of_schemes(
    request, user_client, scheme_index, params
):
    client = request.getfixturevalue(user_client)
    url = reverse(SCHEMES_URL)
    add_schemes(scheme_index, 2)
    # The first request fills per-process caches (content types, the user's permissions).
    count_queries(client, url, params)
    few = count_queries(client, url, params)

    add_schemes(scheme_index, 6)
    many = count_queries(client, url, params)

    assert many == few


def listing_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_a_filtered_listing_takes_the_same_queries_for_many_schemes(admin_client, scheme_index):
    url = reverse(SCHEMES_URL)
    add_schemes(scheme_index, 2)
    scheme = SchemePageFactory(parent=scheme_index)
    topic = TopicFactory()
    scheme.topics.set([topic])
    scheme.save_revision().publish()
    params = {"topics__id__exact": topic.pk, "q": scheme.title[:3]}
    listing_queries(admin_client, url, params)
    few = len(listing_queries(admin_client, url, params))

    add_schemes(scheme_index, 6)
    assert len(listing_queries(admin_client, url, params)) == few


@pytest.mark.parametrize(
    "params",
    [{}, {"topics__id__exact": "{topic}"}, {"municipalities__id__exact": "{municipality}"}],
    ids=["unfiltered", "topic", "municipality"],
)
def test_the_listing_reads_one_page_of_rows_without_comparing_whole_rows(
    admin_client, scheme_index, params
):
    # DISTINCT over every selected column made the database compare and count whole page rows;
    # the page of results is picked in the database, never by sorting every row in Python.
    broadband, senja = TopicFactory(), MunicipalityFactory()
    scheme = SchemePageFactory(parent=scheme_index, title="Bredbånd")
    scheme.topics.set([broadband, TopicFactory()])
    scheme.municipalities.set([senja, MunicipalityFactory()])
    scheme.save_revision().publish()
    params = {
        name: value.format(topic=broadband.pk, municipality=senja.pk)
        for name, value in params.items()
    }

    queries = listing_queries(admin_client, reverse(SCHEMES_URL), params)
    response = admin_client.get(reverse(SCHEMES_URL), params)

    assert listed_titles(response) == ["Bredbånd"]
    assert not [sql for sql in queries if 'DISTINCT "wagtailcore_page"' in sql]
    page_queries = [sql for sql in queries if sql.startswith('SELECT "wagtailcore_page"."id"')]
    assert any("ORDER BY" in sql and "LIMIT" in sql for sql in page_queries)


def test_the_programme_listing_query_count_does_not_grow(admin_client, scheme_index):
    url = reverse(PROGRAMMES_URL)
    ProgrammePageFactory(parent=scheme_index, owner_organisation=OrganisationFactory())
    few = count_queries(admin_client, url)

    for _ in range(5):
        ProgrammePageFactory(parent=scheme_index, owner_organisation=OrganisationFactory())
    many = count_queries(admin_client, url)

    assert many == few


@pytest.mark.parametrize(
    "params",
    [
        {"owner__password__startswith": "pbkdf2"},
        {"summary__regex": "("},
        {"topics__id__exact": "ikke-et-tall"},
        {"unknown": "1"},
    ],
    ids=["lookup-through-a-relation", "lookup-not-offered", "malformed-id", "unknown-field"],
)
def test_a_filter_the_overview_does_not_offer_returns_to_the_whole_list(
    admin_client, scheme_index, params
):
    scheme = SchemePageFactory(parent=scheme_index)
    # A filter is offered, and so applied, only when some page has a value for it.
    scheme.topics.set([TopicFactory()])
    scheme.save()

    response = admin_client.get(reverse(SCHEMES_URL), params, follow=True)

    assert response.redirect_chain == [(reverse(SCHEMES_URL), 302)]
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == ["Filteret i adressen er ugyldig; se hele listen."]


@pytest.mark.parametrize(
    "params",
    [{"topics__id__exact": "1"}, {"municipalities__isnull": "True"}],
    ids=["value", "empty"],
)
def test_a_filter_with_nothing_to_offer_is_not_shown_as_applied(admin_client, scheme_index, params):
    # No page has a topic or a municipality, so the overview offers neither filter.
    SchemePageFactory(parent=scheme_index)

    response = admin_client.get(reverse(SCHEMES_URL), params, follow=True)

    assert response.redirect_chain == [(reverse(SCHEMES_URL), 302)]
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == ["Filteret i adressen er ugyldig; se hele listen."]


def test_an_offered_filter_with_an_empty_value_is_applied(admin_client, scheme_index):
    with_topic = SchemePageFactory(parent=scheme_index, title="Med tema")
    with_topic.topics.set([TopicFactory()])
    with_topic.save()
    SchemePageFactory(parent=scheme_index, title="Uten tema")

    response = admin_client.get(reverse(SCHEMES_URL), {"topics__isnull": "True"})

    assert response.status_code == 200
    assert [page.title for page in response.context["object_list"]] == ["Uten tema"]


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse(SCHEMES_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_editor_without_rights_to_a_page_sees_no_edit_button_for_it(
    django_user_model, scheme_index
):
    user = django_user_model.objects.create_user("leser", password="Riktig-passord-2")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    scheme = SchemePageFactory(parent=scheme_index)

    response = client.get(reverse(SCHEMES_URL))

    assert response.status_code == 200
    assert f"/admin/pages/{scheme.pk}/edit/" not in response.content.decode()


@pytest.mark.parametrize("action", ["edit", "delete", "unpublish", "history"])
@pytest.mark.parametrize("instance_pk", ["abc", "1x", "99999999999999999999999"])
def test_an_address_without_a_page_id_is_not_found(admin_client, action, instance_pk):
    response = admin_client.get(f"/admin/schemes/schemepage/{action}/{instance_pk}/")

    assert response.status_code == 404


def test_editing_a_schemes_text_updates_its_score_in_the_overview(admin_client, scheme_index):
    from tests.schemes.test_validation import scheme_form_data

    scheme = SchemePageFactory(parent=scheme_index, summary="Kort. Lett. Greit.")
    scheme.save_revision().publish()
    before = latest_draft_readability(scheme)
    data = scheme_form_data(
        scheme,
        summary="Fylkeskommunens tilskuddsordninger forutsetter kommunalt medfinansiering.",
    )
    del data["action-publish"]

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[scheme.pk]), data)
    assert response.status_code == 302
    scheme.refresh_from_db()
    after = latest_draft_readability(scheme)
    html = admin_client.get(reverse(SCHEMES_URL)).content.decode()

    assert after.score > before.score
    assert f"{after.score} ({after.band.label})" in html
    assert f"{before.score} ({before.band.label})" not in html


def forget_readability():
    """As before readability was kept: no page has its counts stored."""
    PageReadability.objects.all().delete()


def test_schemes_saved_before_readability_was_kept_show_their_score(admin_client, scheme_index):
    drafted = SchemePageFactory(parent=scheme_index, title="Bredbånd", summary="Kort. Lett.")
    drafted.summary = "Fylkeskommunens tilskuddsordninger forutsetter medfinansiering."
    drafted.save_revision()
    unrevised = SchemePageFactory(parent=scheme_index, title="Omstilling", summary="Greit nok.")
    forget_readability()

    html = admin_client.get(reverse(SCHEMES_URL)).content.decode()

    for page in [drafted, unrevised]:
        readability = latest_draft_readability(page)
        assert f"{readability.score} ({readability.band.label})" in html
    assert PageReadability.objects.count() == 2


@pytest.mark.parametrize("params", [{}, {"export": "csv"}], ids=["listing", "csv"])
def test_schemes_without_kept_readability_take_the_same_queries_for_many_schemes(
    admin_client, scheme_index, params
):
    url = reverse(SCHEMES_URL)
    add_schemes(scheme_index, 2)
    count_queries(admin_client, url, params)
    forget_readability()
    few = count_queries(admin_client, url, params)

    add_schemes(scheme_index, 6)
    forget_readability()
    many = count_queries(admin_client, url, params)

    assert many == few
    assert PageReadability.objects.count() == 8


def test_the_rows_are_read_without_the_pages_text_or_revisions(admin_client, scheme_index):
    add_schemes(scheme_index, 3)

    queries = listing_queries(admin_client, reverse(SCHEMES_URL))

    row_query = next(sql for sql in queries if '"parent_title"' in sql)
    assert '"editorial_pagereadability"."words"' in row_query
    for column in ['"schemes_schemepage"."body"', '"schemes_schemepage"."summary"']:
        assert column not in row_query
    assert not [sql for sql in queries if '"wagtailcore_revision"."content"' in sql]
