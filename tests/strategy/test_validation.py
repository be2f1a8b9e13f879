import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from strategy.models import Meeting, Milestone, StrategyPage
from tests.factories import MeetingFactory, MilestoneFactory

OSLO = ZoneInfo("Europe/Oslo")
MEETING_ERROR = "Møtet må slutte etter at det starter."
MILESTONE_ERROR = "Milepælen må slutte etter at den starter."
URL_ERROR = "Skriv inn en gyldig URL."


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def meeting_data(region, start="2022-03-01 10:00", end="2022-03-01 12:00", **fields):
    return {
        "id": "",
        "region": region.pk,
        "start": start,
        "end": end,
        "venue": "Kulturhuset",
        "place": "Finnsnes",
        "municipality": "",
        "signup_url": "",
        **fields,
    }


def strategy_form_data(page, *, title=None, meetings=(), milestones=()):
    """The POST data of the strategy page editor, publishing the page."""
    return nested_form_data(
        {
            "title": title or page.title,
            "slug": page.slug,
            "lead": page.lead,
            "body": streamfield([]),
            "methodology_title": "",
            "methodology_text": rich_text(""),
            "methodology_link": streamfield([]),
            "meetings_heading": page.meetings_heading,
            "meetings_intro": rich_text(""),
            "meetings_signup": streamfield([]),
            "meetings": inline_formset(list(meetings)),
            "feedback_intro": rich_text(""),
            "feedback_form": "",
            "timeline_heading": page.timeline_heading,
            "timeline_intro": "",
            "political_treatment_date": "",
            "political_body": "",
            "milestones": inline_formset(list(milestones)),
            "contact_heading": page.contact_heading,
            "contact_text": "",
            "project_lead": "",
            "action-publish": "action-publish",
        }
    )


def assert_nothing_saved(page):
    stored = StrategyPage.objects.get(pk=page.pk)
    assert stored.title == page.title
    assert not stored.revisions.exists()
    assert not Meeting.objects.exists()
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    "end",
    [oslo(2022, 3, 1, 9, 0), oslo(2022, 3, 1, 10, 0)],
    ids=["ends before it starts", "ends when it starts"],
)
def test_meeting_that_does_not_end_after_it_starts_is_refused(strategy_page, region, end):
    meeting = MeetingFactory.build(
        page=strategy_page, region=region, start=oslo(2022, 3, 1, 10, 0), end=end
    )

    with pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert error.value.message_dict == {"end": [MEETING_ERROR]}
    assert not Meeting.objects.exists()


def test_meeting_that_ends_after_it_starts_is_valid(strategy_page, region):
    meeting = MeetingFactory.build(page=strategy_page, region=region)

    meeting.full_clean()


def test_meeting_with_an_invalid_signup_link_is_refused(strategy_page, region):
    meeting = MeetingFactory.build(page=strategy_page, region=region, signup_url="påmelding her")

    with pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert error.value.message_dict == {"signup_url": [URL_ERROR]}
    assert not Meeting.objects.exists()


def test_milestone_that_ends_before_it_starts_is_refused(strategy_page):
    milestone = MilestoneFactory.build(
        page=strategy_page, start=datetime.date(2022, 4, 1), end=datetime.date(2022, 2, 1)
    )

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert error.value.message_dict == {"end": [MILESTONE_ERROR]}
    assert not Milestone.objects.exists()


def test_milestone_that_ends_in_the_month_it_starts_is_valid(strategy_page):
    # Only months count: an end earlier in the start month is the same month, not before it.
    milestone = MilestoneFactory.build(
        page=strategy_page, start=datetime.date(2022, 4, 20), end=datetime.date(2022, 4, 5)
    )

    milestone.full_clean()

    assert milestone.start == milestone.end == datetime.date(2022, 4, 1)


def test_editor_publishes_a_strategy_with_a_valid_meeting(admin_client, strategy_page, region):
    data = strategy_form_data(strategy_page, meetings=[meeting_data(region)])

    response = admin_client.post(edit_url(strategy_page), data)

    assert response.status_code == 302
    meeting = Meeting.objects.get(page=strategy_page)
    assert meeting.start == oslo(2022, 3, 1, 10, 0)


@pytest.mark.parametrize(
    "end", ["2022-03-01 09:00", "2022-03-01 10:00"], ids=["before start", "at start"]
)
def test_editor_is_told_in_norwegian_that_a_meeting_must_end_after_it_starts(
    admin_client, strategy_page, region, end
):
    data = strategy_form_data(
        strategy_page,
        title="Endret tittel",
        meetings=[meeting_data(region, start="2022-03-01 10:00", end=end)],
    )

    response = admin_client.post(edit_url(strategy_page), data)

    assert response.status_code == 200
    assert MEETING_ERROR in response.content.decode()
    assert_nothing_saved(strategy_page)


def test_editor_is_told_in_norwegian_that_a_signup_link_is_invalid(
    admin_client, strategy_page, region
):
    data = strategy_form_data(
        strategy_page,
        title="Endret tittel",
        meetings=[meeting_data(region, signup_url="påmelding her")],
    )

    response = admin_client.post(edit_url(strategy_page), data)

    assert response.status_code == 200
    assert URL_ERROR in response.content.decode()
    assert_nothing_saved(strategy_page)


def test_editor_is_told_in_norwegian_that_a_milestone_must_end_after_it_starts(
    admin_client, strategy_page
):
    data = strategy_form_data(
        strategy_page,
        title="Endret tittel",
        milestones=[{"id": "", "title": "Innspill", "start": "2022-04-01", "end": "2022-02-01"}],
    )

    response = admin_client.post(edit_url(strategy_page), data)

    assert response.status_code == 200
    assert MILESTONE_ERROR in response.content.decode()
    assert_nothing_saved(strategy_page)
