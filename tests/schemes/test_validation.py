import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from schemes.choices import SchemeStatus
from schemes.models import ApplicationRound, ProgrammePage, SchemePage
from tests.factories import ProgrammePageFactory, SchemePageFactory

PERIOD_ERROR = "Perioden må slutte etter at den starter."
LINK_TARGET_ERROR = "Velg enten en side eller en nettadresse."
URL_ERROR = "Skriv inn en gyldig URL."
ROUND_ORDER_ERROR = "Runden må stenge etter at den åpner."
ROUND_OVERLAP_ERROR = "Denne runden overlapper en annen runde; runder kan ikke gå samtidig."


@pytest.fixture
def programme(scheme_index):
    return ProgrammePageFactory(
        parent=scheme_index,
        title="Bygdevekstavtaler",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )


@pytest.fixture
def scheme(scheme_index):
    return SchemePageFactory(parent=scheme_index, title="Omstilling")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def finder_form_data(page, *, title=None, related_links=(), **fields):
    """The POST data of the editor of a scheme or programme, publishing the page."""
    return nested_form_data(
        {
            "title": title or page.title,
            "slug": page.slug,
            "summary": page.summary,
            "status": SchemeStatus.OPEN,
            "body": streamfield([]),
            "eligibility_note": "",
            "related_links": streamfield([("link", link) for link in related_links]),
            "contacts": streamfield([]),
            "action-publish": "action-publish",
            **fields,
        }
    )


def scheme_form_data(page, rounds=(), **fields):
    defaults = {"funding_note": "", "amount": "", "apply_url": ""}
    return finder_form_data(
        page,
        application_rounds=inline_formset(
            [{"opens_at": "", "deadline": "", "note": "", **round_} for round_ in rounds]
        ),
        **{**defaults, **fields},
    )


def programme_form_data(page, *, period_start, period_end, **fields):
    return finder_form_data(
        page,
        owner_organisation="",
        phases=streamfield([]),
        period_start=period_start,
        period_end=period_end,
        period_note="",
        **fields,
    )


def link(**value):
    return {"title": "Regjeringen", "page": "", "url": "", **value}


def test_programme_period_that_ends_before_it_starts_is_refused(programme):
    programme.period_end = datetime.date(2021, 12, 31)

    with pytest.raises(ValidationError) as error:
        programme.full_clean()

    assert error.value.message_dict == {"period_end": [PERIOD_ERROR]}
    assert ProgrammePage.objects.get(pk=programme.pk).period_end == datetime.date(2024, 12, 31)


def test_programme_period_of_one_day_is_valid(programme):
    programme.period_end = programme.period_start

    programme.full_clean()


def test_editor_publishes_a_programme_with_a_valid_period(admin_client, programme):
    data = programme_form_data(programme, period_start="2023-01-01", period_end="2025-12-31")

    response = admin_client.post(edit_url(programme), data)

    assert response.status_code == 302
    assert ProgrammePage.objects.get(pk=programme.pk).period_end == datetime.date(2025, 12, 31)


def test_editor_is_told_in_norwegian_that_a_period_must_end_after_it_starts(
    admin_client, programme
):
    data = programme_form_data(
        programme, title="Endret tittel", period_start="2023-01-01", period_end="2022-12-31"
    )

    response = admin_client.post(edit_url(programme), data)

    assert response.status_code == 200
    assert PERIOD_ERROR in response.content.decode()
    stored = ProgrammePage.objects.get(pk=programme.pk)
    assert (stored.title, stored.period_end) == ("Bygdevekstavtaler", datetime.date(2024, 12, 31))
    assert not stored.revisions.exists()


def test_editor_publishes_a_scheme_with_a_link_to_a_web_address(admin_client, scheme):
    data = scheme_form_data(scheme, related_links=[link(url="https://www.regjeringen.no/")])

    response = admin_client.post(edit_url(scheme), data)

    assert response.status_code == 302
    stored = SchemePage.objects.get(pk=scheme.pk)
    assert stored.related_links[0].value["url"] == "https://www.regjeringen.no/"


@pytest.mark.parametrize(
    ("to_page", "url", "message"),
    [
        (False, "", LINK_TARGET_ERROR),
        (True, "https://www.regjeringen.no/", LINK_TARGET_ERROR),
        (False, "www.regjeringen .no", URL_ERROR),
    ],
    ids=["neither page nor address", "both page and address", "invalid address"],
)
def test_editor_is_told_in_norwegian_that_a_link_is_invalid(
    admin_client, scheme, home_page, to_page, url, message
):
    bad_link = link(page=home_page.pk if to_page else "", url=url)
    data = scheme_form_data(scheme, title="Endret tittel", related_links=[bad_link])

    response = admin_client.post(edit_url(scheme), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    stored = SchemePage.objects.get(pk=scheme.pk)
    assert stored.title == "Omstilling"
    assert not stored.related_links
    assert not stored.revisions.exists()


def test_editor_publishes_a_scheme_with_rounds_amount_and_portal(admin_client, scheme):
    data = scheme_form_data(
        scheme,
        amount="Inntil 500 000 kroner",
        apply_url="https://regionalforvaltning.no/",
        rounds=[
            {"deadline": "2027-03-01 12:00", "note": "Vårrunden 2027"},
            {"opens_at": "2027-08-01 00:00", "deadline": "2027-09-15 23:59"},
        ],
    )

    response = admin_client.post(edit_url(scheme), data)

    assert response.status_code == 302
    stored = SchemePage.objects.get(pk=scheme.pk)
    assert stored.amount == "Inntil 500 000 kroner"
    assert stored.apply_url == "https://regionalforvaltning.no/"
    rounds = list(stored.application_rounds.all())
    assert [round_.note for round_ in rounds] == ["Vårrunden 2027", ""]
    assert rounds[0].opens_at is None


@pytest.mark.parametrize(
    ("rounds", "message"),
    [
        ([{"opens_at": "2027-03-01 12:00", "deadline": "2027-02-01 12:00"}], ROUND_ORDER_ERROR),
        ([{"opens_at": "2027-03-01 12:00", "deadline": "2027-03-01 12:00"}], ROUND_ORDER_ERROR),
        (
            [
                {"opens_at": "2027-01-01 00:00", "deadline": "2027-03-01 12:00"},
                {"opens_at": "2027-02-01 00:00", "deadline": "2027-04-01 12:00"},
            ],
            ROUND_OVERLAP_ERROR,
        ),
        (
            # A round without deadline runs on, so a later round overlaps it.
            [{"opens_at": "2027-01-01 00:00"}, {"opens_at": "2027-06-01 00:00"}],
            ROUND_OVERLAP_ERROR,
        ),
        (
            # Open from publication overlaps any round that closes later.
            [{"deadline": "2027-03-01 12:00"}, {"deadline": "2027-06-01 12:00"}],
            ROUND_OVERLAP_ERROR,
        ),
    ],
    ids=["closes before it opens", "closes as it opens", "overlap", "open-ended", "both from now"],
)
def test_editor_is_told_in_norwegian_that_rounds_are_invalid(admin_client, scheme, rounds, message):
    response = admin_client.post(edit_url(scheme), scheme_form_data(scheme, rounds=rounds))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApplicationRound.objects.exists()
    assert not SchemePage.objects.get(pk=scheme.pk).revisions.exists()


def test_rounds_that_touch_do_not_overlap(admin_client, scheme):
    rounds = [
        {"opens_at": "2027-01-01 00:00", "deadline": "2027-03-01 12:00"},
        {"opens_at": "2027-03-01 12:00", "deadline": "2027-06-01 12:00"},
    ]

    response = admin_client.post(edit_url(scheme), scheme_form_data(scheme, rounds=rounds))

    assert response.status_code == 302
    assert ApplicationRound.objects.count() == 2
