import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import TopicPage
from schemes.models import ApplicantType, ProgrammePage, SchemePage
from taxonomy.models import Municipality, Organisation, Region, Topic

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def finder(home_page):
    nord = Region.objects.create(name="Nord-Troms", slug="nord-troms")
    midt = Region.objects.create(name="Midt-Troms", slug="midt-troms")
    skjervoy = Municipality.objects.create(
        name="Skjervøy", slug="skjervoy", number="5542", region=nord
    )
    dyroy = Municipality.objects.create(name="Dyrøy", slug="dyroy", number="5528", region=midt)
    broadband = Topic.objects.create(name="Bredbånd", slug="bredband")
    change = Topic.objects.create(name="Omstilling", slug="omstilling")
    municipalities = ApplicantType.objects.create(name="Kommuner", slug="kommuner")
    shops = ApplicantType.objects.create(name="Dagligvarebutikker", slug="dagligvarebutikker")
    kdd = Organisation.objects.create(name="Kommunal- og distriktsdepartementet", slug="kdd")
    topic = home_page.add_child(instance=TopicPage(title="Attraktive samfunn", slug="as"))
    publish(topic)

    def add(model, title, status, topics=(), municipalities_=(), regions=(), applicants=(), **kw):
        page = topic.add_child(
            instance=model(
                title=title,
                slug=title.lower().replace(" ", "-"),
                summary=title,
                status=status,
                **kw,
            )
        )
        page.topics.set(topics)
        page.municipalities.set(municipalities_)
        page.regions.set(regions)
        page.eligible_applicants.set(applicants)
        return publish(page)

    pages = {
        "bredband": add(
            SchemePage, "Bredbånd", "continuous", [broadband], [skjervoy], [nord], [municipalities]
        ),
        "butikk": add(
            SchemePage, "Støtte til dagligvarebutikker", "open", [], [skjervoy, dyroy], [], [shops]
        ),
        "omstilling": add(
            SchemePage,
            "Omstilling",
            "under_evaluation",
            [change],
            [dyroy],
            [midt],
            [municipalities],
        ),
        "bygdevekst": add(
            ProgrammePage,
            "Bygdevekstavtaler",
            "continuous",
            [change],
            [skjervoy],
            [nord],
            [municipalities],
            owner_organisation=kdd,
        ),
    }
    return pages


def get(client, query=""):
    response = client.get(f"/api/v2/schemes/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


def test_lists_schemes_and_programmes_in_norwegian_order(api_client, finder):
    data = get(api_client)
    assert titles(data) == [
        "Bredbånd",
        "Bygdevekstavtaler",
        "Omstilling",
        "Støtte til dagligvarebutikker",
    ]
    assert data["meta"]["total_count"] == 4
    assert {item["kind"] for item in data["items"]} == {"scheme", "programme"}


def test_filters_by_municipality_slug_or_number(api_client, finder):
    by_slug = titles(get(api_client, "?municipality=dyroy"))
    by_number = titles(get(api_client, "?municipality=5528"))
    assert by_slug == by_number == ["Omstilling", "Støtte til dagligvarebutikker"]


def test_several_values_of_one_filter_mean_any_of_them(api_client, finder):
    data = get(api_client, "?topic=bredband&topic=omstilling")
    assert titles(data) == ["Bredbånd", "Bygdevekstavtaler", "Omstilling"]


def test_different_filters_combine(api_client, finder):
    data = get(api_client, "?topic=omstilling&kind=programme&region=nord-troms&applicant=kommuner")
    assert titles(data) == ["Bygdevekstavtaler"]
    assert titles(get(api_client, "?status=open")) == ["Støtte til dagligvarebutikker"]


def test_facets_count_each_value_in_the_current_selection(api_client, finder):
    facets = get(api_client, "?municipality=skjervoy")["meta"]["facets"]
    assert {value["value"]: value["count"] for value in facets["kind"]} == {
        "scheme": 2,
        "programme": 1,
    }
    assert {value["value"]: value["count"] for value in facets["status"]} == {
        "open": 1,
        "continuous": 2,
    }
    municipality_counts = {
        value["value"]: (value["count"], value["number"]) for value in facets["municipality"]
    }
    assert municipality_counts == {"skjervoy": (3, "5542"), "dyroy": (1, "5528")}
    assert {v["value"]: v["count"] for v in facets["topic"]} == {"bredband": 1, "omstilling": 1}


def test_ordering_and_pagination(api_client, finder):
    data = get(api_client, "?order=-title&limit=2&offset=1")
    assert titles(data) == ["Omstilling", "Bygdevekstavtaler"]
    assert data["meta"]["total_count"] == 4


def test_a_page_of_no_results_still_counts(api_client, finder):
    for query, total in (("?limit=0", 4), ("?limit=0&municipality=dyroy", 2)):
        data = get(api_client, query)
        assert data["items"] == []
        assert data["meta"]["total_count"] == total


def test_hidden_pages_are_neither_listed_nor_counted(api_client, finder):
    finder["butikk"].unpublish()
    PageViewRestriction.objects.create(
        page=finder["omstilling"], restriction_type=PageViewRestriction.LOGIN
    )
    draft = finder["bredband"]
    draft.title = "Utkast"
    draft.save_revision()
    data = get(api_client)
    assert titles(data) == ["Bredbånd", "Bygdevekstavtaler"]
    assert data["meta"]["total_count"] == 2
    statuses = {value["value"] for value in data["meta"]["facets"]["status"]}
    assert statuses == {"continuous"}
    assert api_client.get(f"/api/v2/schemes/{finder['butikk'].pk}/").status_code == 404


def test_detail_of_a_programme(api_client, finder):
    response = api_client.get(f"/api/v2/schemes/{finder['bygdevekst'].pk}/")
    assert response.status_code == 200
    assert response.json()["owner_organisation"]["name"] == "Kommunal- og distriktsdepartementet"


@pytest.mark.parametrize(
    "query",
    [
        "?status=bogus",
        "?kind=page",
        "?municipality=Ø%20invalid",
        "?order=summary",
        "?limit=1000",
        "?offset=-1",
        "?unknown=1",
        "?fields=nope",
        "?limit=1&limit=2",
    ],
)
def test_bad_parameters_are_refused_with_json(api_client, finder, query):
    response = api_client.get(f"/api/v2/schemes/{query}")
    assert response.status_code == 400
    assert "message" in response.json()


def test_finder_stays_within_the_query_budget_at_any_page_size(api_client, finder):
    def count(query):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(f"/api/v2/schemes/{query}").status_code == 200
        return len(queries)

    one, all_ = count("?limit=1&topic=omstilling"), count("?limit=20&topic=omstilling")
    assert one == all_ <= 10


def test_the_finder_costs_the_same_queries_for_ten_times_the_schemes(api_client, finder):
    topic = finder["bredband"].get_parent()
    broadband = Topic.objects.get(slug="bredband")
    skjervoy = Municipality.objects.get(slug="skjervoy")

    def add_schemes(count):
        for number in range(SchemePage.objects.count(), SchemePage.objects.count() + count):
            page = topic.add_child(
                instance=SchemePage(
                    title=f"Ordning {number}", slug=f"ordning-{number}", summary="Tilskudd"
                )
            )
            page.topics.set([broadband])
            page.municipalities.set([skjervoy])
            publish(page)

    def count(query):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            body = get(api_client, query)
        return len(queries), body

    add_schemes(2)  # 5 schemes
    few, small = count("?topic=bredband&order=-title&offset=1&limit=3")
    add_schemes(45)  # 50 schemes
    many, large = count("?topic=bredband&order=-title&offset=1&limit=3")

    assert few == many
    assert small["meta"]["total_count"] == 3
    assert large["meta"]["total_count"] == 48
    topics = {value["value"]: value["count"] for value in large["meta"]["facets"]["topic"]}
    assert topics == {"bredband": 48}
    skjervoy_count = next(
        value["count"]
        for value in large["meta"]["facets"]["municipality"]
        if value["value"] == "skjervoy"
    )
    assert skjervoy_count == 48
    assert [item["title"] for item in large["items"]] == ["Ordning 8", "Ordning 7", "Ordning 6"]


def test_the_finder_picks_its_page_of_results_in_the_database(api_client, finder):
    # Sorting every matching row in Python made the finder's cost grow with the site.
    with CaptureQueriesContext(connection) as queries:
        data = get(api_client, "?limit=2")
    assert titles(data) == ["Bredbånd", "Bygdevekstavtaler"]
    picks = [query["sql"] for query in queries if "LIMIT 2" in query["sql"]]
    assert len(picks) == 1
    assert "ORDER BY" in picks[0]


def test_a_renamed_scheme_takes_its_new_place_in_norwegian_order(api_client, finder):
    scheme = SchemePage.objects.get(title="Bredbånd")
    scheme.title = "Ærlig talt"
    publish(scheme)
    cache.clear()
    assert titles(get(api_client)) == [
        "Bygdevekstavtaler",
        "Omstilling",
        "Støtte til dagligvarebutikker",
        "Ærlig talt",
    ]
