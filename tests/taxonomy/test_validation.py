import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError

from base.blocks import LinkBlock
from taxonomy.choices import OrganisationKind
from taxonomy.models import County, Municipality, Organisation
from tests.factories import (
    CountyFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    site_root,
)

MUNICIPALITY_NUMBER_ERROR = "Et kommunenummer har fire sifre, for eksempel 5501."
COUNTY_NUMBER_ERROR = "Et fylkesnummer har to sifre, for eksempel 55."
URL_ERROR = "Skriv inn en gyldig URL."
LINK_TARGET_ERROR = "Velg enten en side eller en nettadresse."


@pytest.mark.parametrize("number", ["551", "55011", "55O1", "55 1"])
@pytest.mark.django_db
def test_municipality_number_that_is_not_four_digits_is_refused(number):
    municipality = MunicipalityFactory.build(number=number, region=RegionFactory())

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()

    # A number that is too long is also told its length, by Django's own (Norwegian) message.
    assert error.value.message_dict.keys() == {"number"}
    assert MUNICIPALITY_NUMBER_ERROR in error.value.message_dict["number"]
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_municipality_number_of_four_digits_is_valid():
    MunicipalityFactory.build(number="5501", region=RegionFactory()).full_clean()


@pytest.mark.parametrize("number", ["5", "555", "5a"])
@pytest.mark.django_db
def test_county_number_that_is_not_two_digits_is_refused(number):
    county = CountyFactory.build(number=number)

    with pytest.raises(ValidationError) as error:
        county.full_clean()

    assert error.value.message_dict.keys() == {"number"}
    assert COUNTY_NUMBER_ERROR in error.value.message_dict["number"]
    assert not County.objects.exists()


@pytest.mark.parametrize("url", ["regjeringen", "www.regjeringen .no", "javascript:alert(1)"])
@pytest.mark.django_db
def test_organisation_with_an_invalid_web_address_is_refused(url):
    organisation = OrganisationFactory.build(url=url)

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert error.value.message_dict == {"url": [URL_ERROR]}
    assert not Organisation.objects.exists()


@pytest.fixture
def page(db):
    return site_root()


def clean_link(**value):
    block = LinkBlock()
    return block.clean(block.to_python({"title": "Regjeringen", "page": None, "url": "", **value}))


def link_errors(error):
    return {name: errors.messages for name, errors in error.value.block_errors.items()}


def test_link_with_neither_page_nor_web_address_is_refused():
    with pytest.raises(StructBlockValidationError) as error:
        clean_link()

    assert link_errors(error) == {"url": [LINK_TARGET_ERROR]}


def test_link_with_both_page_and_web_address_is_refused(page):
    with pytest.raises(StructBlockValidationError) as error:
        clean_link(page=page.pk, url="https://www.regjeringen.no/")

    assert link_errors(error) == {"url": [LINK_TARGET_ERROR]}


def test_link_with_an_invalid_web_address_is_refused():
    with pytest.raises(StructBlockValidationError) as error:
        clean_link(url="www.regjeringen .no")

    assert link_errors(error) == {"url": [URL_ERROR]}


def test_link_to_a_page_or_to_a_web_address_is_valid(page):
    assert clean_link(page=page.pk)["page"].pk == page.pk
    assert clean_link(url="https://www.regjeringen.no/")["url"] == "https://www.regjeringen.no/"


def municipality_form_data(region, **fields):
    return {
        "name": "Senja",
        "slug": "senja",
        "number": "5530",
        "official_name": "",
        "region": region.pk,
        **fields,
    }


def test_editor_adds_a_municipality_with_a_four_digit_number(admin_client):
    region = RegionFactory(name="Midt-Troms")
    url = reverse("wagtailsnippets_taxonomy_municipality:add")

    response = admin_client.post(url, municipality_form_data(region))

    assert response.status_code == 302
    assert Municipality.objects.get().number == "5530"


def test_editor_is_told_in_norwegian_that_a_municipality_number_has_four_digits(admin_client):
    region = RegionFactory(name="Midt-Troms")
    url = reverse("wagtailsnippets_taxonomy_municipality:add")

    response = admin_client.post(url, municipality_form_data(region, number="553"))

    assert response.status_code == 200
    assert MUNICIPALITY_NUMBER_ERROR in response.content.decode()
    assert not Municipality.objects.exists()


def test_editor_is_told_in_norwegian_that_an_organisation_web_address_is_invalid(admin_client):
    url = reverse("wagtailsnippets_taxonomy_organisation:add")
    data = {
        "name": "Kommunal- og distriktsdepartementet",
        "slug": "kdd",
        "short_name": "KDD",
        "kind": OrganisationKind.MINISTRY,
        "url": "www.regjeringen .no",
        "region": "",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert URL_ERROR in response.content.decode()
    assert not Organisation.objects.exists()
