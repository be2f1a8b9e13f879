import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from taxonomy.choices import OrganisationKind
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory


@pytest.fixture
def admin_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def listed_names(response):
    return sorted(term.name for term in response.context["object_list"])


def test_taxonomies_are_grouped_under_one_menu_item(admin_request):
    taxonomies = next(
        item
        for item in admin_menu.menu_items_for_request(admin_request)
        if item.name == "taxonomies"
    )

    submenu = sorted(taxonomies.menu.menu_items_for_request(admin_request), key=lambda i: i.order)
    assert str(taxonomies.label) == "Taksonomier"
    assert [str(item.label) for item in submenu] == [
        "Regioner",
        "Kommuner",
        "Fylker",
        "Organisasjoner",
        "Næringer",
        "Temaer",
        "Søkergrupper",
    ]


def test_taxonomies_have_no_menu_items_of_their_own(admin_request):
    labels = [str(item.label) for item in admin_menu.menu_items_for_request(admin_request)]

    assert "Kommuner" not in labels
    assert "Søkergrupper" not in labels


def test_municipalities_are_filtered_by_region(admin_client):
    midt_troms = RegionFactory(name="Midt-Troms")
    MunicipalityFactory(name="Senja", region=midt_troms)
    MunicipalityFactory(name="Tromsø", region=RegionFactory(name="Tromsøregionen"))

    response = admin_client.get(
        reverse("wagtailsnippets_taxonomy_municipality:list"), {"region": midt_troms.pk}
    )

    assert listed_names(response) == ["Senja"]


def test_organisations_are_filtered_by_kind(admin_client):
    OrganisationFactory(name="Kommunal- og distriktsdepartementet", kind=OrganisationKind.MINISTRY)
    OrganisationFactory(name="Midt-Troms regionråd", kind=OrganisationKind.REGIONAL_COUNCIL)

    response = admin_client.get(
        reverse("wagtailsnippets_taxonomy_organisation:list"), {"kind": OrganisationKind.MINISTRY}
    )

    assert listed_names(response) == ["Kommunal- og distriktsdepartementet"]


def test_municipalities_are_found_by_number(admin_client):
    MunicipalityFactory(name="Senja", number="5530")
    MunicipalityFactory(name="Tromsø", number="5501")

    response = admin_client.get(
        reverse("wagtailsnippets_taxonomy_municipality:list"), {"q": "5530"}
    )

    assert listed_names(response) == ["Senja"]
