import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.models import Person
from tests.factories import PersonFactory

PHONE_ERROR = "Skriv inn et gyldig telefonnummer, for eksempel 77 78 80 00 eller +47 77 78 80 00."
EMAIL_ERROR = "Oppgi en gyldig epost-adresse."


def person_form_data(**fields):
    return {
        "name": "Kjetil Helstad",
        "job_title": "Seniorrådgiver",
        "area_of_responsibility": "bredbånd",
        "department": "Næring og kultur",
        "email": "kjetil.helstad@tromsfylke.no",
        "phone": "",
        "photo": "",
        **fields,
    }


@pytest.fixture
def add_url():
    return reverse("wagtailsnippets_people_person:add")


@pytest.mark.parametrize("phone", ["12", "abc", "+47 123"])
@pytest.mark.django_db
def test_phone_number_that_is_not_one_is_refused(phone):
    person = PersonFactory.build(phone=phone)

    with pytest.raises(ValidationError) as error:
        person.full_clean()

    assert error.value.message_dict == {"phone": [PHONE_ERROR]}
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("phone", "normalised"),
    [
        ("77788000", "+47 77 78 80 00"),
        ("777 88 000", "+47 77 78 80 00"),
        ("+4777788000", "+47 77 78 80 00"),
        ("900 00 000", "+47 90 00 00 00"),
    ],
)
@pytest.mark.django_db
def test_valid_phone_number_is_stored_in_international_format(phone, normalised):
    person = PersonFactory.build(phone=phone)

    person.full_clean()

    assert person.phone == normalised


@pytest.mark.parametrize("email", ["kjetil", "kjetil@", "kjetil helstad@tromsfylke.no"])
@pytest.mark.django_db
def test_invalid_email_address_is_refused(email):
    person = PersonFactory.build(email=email)

    with pytest.raises(ValidationError) as error:
        person.full_clean()

    assert error.value.message_dict == {"email": [EMAIL_ERROR]}
    assert not Person.objects.exists()


def test_editor_adds_a_person_whose_phone_number_is_normalised(admin_client, add_url):
    response = admin_client.post(add_url, person_form_data(phone="77788000"))

    assert response.status_code == 302
    assert Person.objects.get().phone == "+47 77 78 80 00"


@pytest.mark.parametrize("phone", ["12", "abc", "+47 123"])
def test_editor_is_told_in_norwegian_that_a_phone_number_is_not_one(admin_client, add_url, phone):
    response = admin_client.post(add_url, person_form_data(phone=phone))

    assert response.status_code == 200
    # Once, beside the field: not repeated as an error of the whole form.
    assert response.content.decode().count(PHONE_ERROR) == 1
    assert not Person.objects.exists()


def test_editor_is_told_in_norwegian_that_an_email_address_is_invalid(admin_client, add_url):
    response = admin_client.post(add_url, person_form_data(email="kjetil@"))

    assert response.status_code == 200
    assert EMAIL_ERROR in response.content.decode()
    assert not Person.objects.exists()


def test_editing_a_person_with_an_invalid_phone_number_changes_nothing(admin_client):
    person = PersonFactory(name="Kjetil Helstad", phone="+47 77 78 80 00")
    url = reverse("wagtailsnippets_people_person:edit", args=[person.pk])

    response = admin_client.post(url, person_form_data(name="Nytt navn", phone="12"))

    assert response.status_code == 200
    assert PHONE_ERROR in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.phone) == ("Kjetil Helstad", "+47 77 78 80 00")
