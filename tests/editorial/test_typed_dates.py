"""Every date and date-time field of the admin reads dates as people type them, or says how.

The browser half (Wagtail's date picker leaving the text as typed) is in
``tests/admin_browser/test_dates_browser.py``.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.models import Page

from schemes.models import ApplicationRound, ProgrammePage
from strategy.models import Meeting, Milestone, StrategyPage

OSLO = ZoneInfo("Europe/Oslo")

DATE_TIME_FIELDS = [
    (Meeting, "start"),
    (Meeting, "end"),
    (ApplicationRound, "opens_at"),
    (ApplicationRound, "deadline"),
    # The schedule dialog's go-live and expiry.
    (Page, "go_live_at"),
    (Page, "expire_at"),
]
DATE_FIELDS = [
    (Milestone, "start"),
    (Milestone, "end"),
    (StrategyPage, "political_treatment_date"),
    (ProgrammePage, "period_start"),
]


def admin_form_field(model, name):
    return formfield_for_dbfield(model._meta.get_field(name))


@pytest.mark.parametrize(("model", "name"), DATE_TIME_FIELDS)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-03-01 10:00", datetime.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)),
        ("01.03.2027 10:00", datetime.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)),
        ("1.3.2027 10:00", datetime.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)),
        ("1.3.2027", datetime.datetime(2027, 3, 1, tzinfo=OSLO)),
        ("2027-03-01", datetime.datetime(2027, 3, 1, tzinfo=OSLO)),
    ],
)
def test_a_date_time_is_read_as_typed(model, name, typed, expected):
    field = admin_form_field(model, name)
    assert isinstance(field.widget, AdminDateTimeInput)
    assert field.clean(typed) == expected


@pytest.mark.parametrize(("model", "name"), DATE_FIELDS)
@pytest.mark.parametrize("typed", ["2027-03-01", "01.03.2027", "1.3.2027"])
def test_a_date_is_read_as_typed(model, name, typed):
    field = admin_form_field(model, name)
    assert isinstance(field.widget, AdminDateInput)
    assert field.clean(typed) == datetime.date(2027, 3, 1)


@pytest.mark.parametrize(("model", "name"), DATE_TIME_FIELDS)
def test_a_date_time_that_cannot_be_read_is_refused_with_the_forms_that_can(model, name):
    with pytest.raises(ValidationError) as refusal:
        admin_form_field(model, name).clean("neste tirsdag")
    assert refusal.value.messages == [
        "Skriv dato og klokkeslett som 01.03.2027 10:00 eller 2027-03-01 10:00."
    ]


@pytest.mark.parametrize(("model", "name"), DATE_FIELDS)
def test_a_date_that_cannot_be_read_is_refused_with_the_forms_that_can(model, name):
    with pytest.raises(ValidationError) as refusal:
        admin_form_field(model, name).clean("32.13.2027")
    assert refusal.value.messages == ["Skriv datoen som 01.03.2027 eller 2027-03-01."]


@pytest.mark.django_db
def test_the_admin_loads_the_script_that_keeps_typed_dates(admin_client):
    response = admin_client.get("/admin/")
    assert b"admin/dates.js" in response.content
