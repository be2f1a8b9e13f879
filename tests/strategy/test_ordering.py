"""Inline children keep the order they were added in, also when code adds them without an order.

The rows are stored with their primary keys in the reverse of the order they are written, so a
database that returns rows as it finds them (PostgreSQL) gives the wrong order unless the
primary key breaks the tie between empty ``sort_order`` values.
"""

import pytest

from strategy.models import FeedbackFormField, FeedbackFormPage, FeedbackSubmission
from tests.factories import MeetingFactory, MilestoneFactory


@pytest.fixture
def form_page(strategy_page):
    page = FeedbackFormPage(title="Digital innspillkasse")
    strategy_page.add_child(instance=page)
    return page


def test_meetings_without_an_order_come_in_the_order_of_their_ids(strategy_page):
    MeetingFactory(pk=902, page=strategy_page, venue="Rådhuset", sort_order=None)
    MeetingFactory(pk=901, page=strategy_page, venue="Kulturhuset", sort_order=None)

    assert [meeting.venue for meeting in strategy_page.meetings.all()] == [
        "Kulturhuset",
        "Rådhuset",
    ]


def test_milestones_without_an_order_come_in_the_order_of_their_ids(strategy_page):
    MilestoneFactory(pk=902, page=strategy_page, title="Høring", sort_order=None)
    MilestoneFactory(pk=901, page=strategy_page, title="Oppstart", sort_order=None)

    assert [milestone.title for milestone in strategy_page.milestones.all()] == [
        "Oppstart",
        "Høring",
    ]


def test_form_fields_without_an_order_come_in_the_order_of_their_ids(form_page):
    FeedbackFormField.objects.create(
        pk=902, page=form_page, label="Innspill", field_type="multiline"
    )
    FeedbackFormField.objects.create(pk=901, page=form_page, label="Navn", field_type="singleline")

    assert [field.label for field in form_page.get_form_fields()] == ["Navn", "Innspill"]


def test_the_order_given_comes_before_the_ids(strategy_page):
    MilestoneFactory(pk=901, page=strategy_page, title="Høring", sort_order=1)
    MilestoneFactory(pk=902, page=strategy_page, title="Oppstart", sort_order=0)

    assert [milestone.title for milestone in strategy_page.milestones.all()] == [
        "Oppstart",
        "Høring",
    ]


def test_values_of_removed_fields_come_after_the_form_in_the_order_of_their_names(form_page):
    FeedbackFormField.objects.create(page=form_page, label="Navn", field_type="singleline")
    # PostgreSQL's jsonb keeps shorter keys first: "c" before "bb", whatever order they came in.
    submission = FeedbackSubmission.objects.create(
        page=form_page, form_data={"bb": "to", "navn": "Kari", "c": "tre"}
    )
    submission.refresh_from_db()

    assert [(name, value) for name, _label, value in submission.get_fields()] == [
        ("navn", "Kari"),
        ("bb", "to"),
        ("c", "tre"),
    ]
