"""Before a person shown on published pages is changed, the editor sees which pages and confirms.

Writers, who may not change people, read a person instead of meeting "ingen tilgang".
"""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from people.models import Person
from tests.api.conftest import home_page, tree  # noqa: F401

pytestmark = pytest.mark.django_db


def edit_url(person):
    return reverse("wagtailsnippets_people_person:edit", args=[person.pk])


def person_form(person, **changes):
    data = {
        "name": person.name,
        "job_title": person.job_title,
        "area_of_responsibility": person.area_of_responsibility,
        "department": person.department,
        "email": person.email,
        "phone": person.phone,
        "photo": "",
    }
    return {**data, **changes}


def text_of(response):
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_change_to_a_person_on_published_pages_asks_first_and_saves_nothing(
    admin_client,
    tree,  # noqa: F811
):
    person = tree["person"]

    response = admin_client.post(edit_url(person), person_form(person, job_title="Rådgiver"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Ingenting er lagret ennå" in text
    assert (
        "Kjetil Helstad vises på disse 2 publiserte sidene, som alle endres så snart du lagrer:"
    ) in text
    listed = re.search(r"lagrer: (.*?) Lagre og endre de publiserte sidene", text).group(1)
    assert listed == "Attraktive samfunn Bredbånd"
    # The editor's change is kept in the form, to confirm or to take back.
    assert 'value="Rådgiver"' in response.content.decode()
    assert Person.objects.get(pk=person.pk).job_title == ""


def test_the_confirmed_change_is_saved(admin_client, tree):  # noqa: F811
    person = tree["person"]

    response = admin_client.post(
        edit_url(person),
        person_form(person, job_title="Rådgiver", confirm_published_pages="1"),
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).job_title == "Rådgiver"


def test_a_person_on_no_published_page_is_saved_at_once(admin_client, tree):  # noqa: F811
    tree["scheme"].unpublish()
    tree["topic"].unpublish()
    person = tree["person"]

    response = admin_client.post(edit_url(person), person_form(person, job_title="Rådgiver"))

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).job_title == "Rådgiver"


def test_saving_without_a_change_asks_nothing(admin_client, tree):  # noqa: F811
    person = tree["person"]

    response = admin_client.post(edit_url(person), person_form(person))

    assert response.status_code == 302


def test_an_invalid_change_shows_its_errors_not_the_confirmation(admin_client, tree):  # noqa: F811
    person = tree["person"]

    response = admin_client.post(edit_url(person), person_form(person, email="ikke-en-adresse"))

    assert response.status_code == 200
    assert "Ingenting er lagret ennå" not in text_of(response)


@pytest.fixture
def writer(tree, django_user_model):  # noqa: F811
    group = Group.objects.create(name="Skribent")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_person"),
    )
    user = django_user_model.objects.create_user("skribent", password="x")  # noqa: S106
    user.groups.add(group)
    return user


def test_a_writer_reads_a_person_instead_of_meeting_no_access(client, writer, tree):  # noqa: F811
    person = tree["person"]
    client.force_login(writer)
    inspect_url = reverse("wagtailsnippets_people_person:inspect", args=[person.pk])

    listing = client.get(reverse("wagtailsnippets_people_person:list")).content.decode()
    assert f'href="{inspect_url}"' in listing
    assert f'href="{edit_url(person)}"' not in listing

    response = client.get(inspect_url)
    assert response.status_code == 200
    text = text_of(response)
    assert "Kjetil Helstad" in text
    assert "kjetil@example.no" in text
    assert "<form" not in response.content.decode().split("</header>")[-1].split("<footer")[0]
