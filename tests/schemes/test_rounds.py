"""Application rounds on their own: when a round is open, what status they give, labels."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from schemes.models import ApplicationRound, SchemePage, deadline_label, rounds_overlap

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
OPENS = datetime.datetime(2027, 1, 1, 0, 0, tzinfo=OSLO)
DEADLINE = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=OSLO)
SECOND = datetime.timedelta(seconds=1)


def scheme_with(*rounds, status="under_evaluation"):
    page = SchemePage(title="Ordning", summary="Ordning", status=status)
    page.application_rounds = [
        ApplicationRound(opens_at=opens_at, deadline=deadline) for opens_at, deadline in rounds
    ]
    return page


def test_a_round_is_open_from_its_opening_up_to_not_including_its_deadline():
    round_ = ApplicationRound(opens_at=OPENS, deadline=DEADLINE)
    assert not round_.is_open_at(OPENS - SECOND)
    assert round_.is_open_at(OPENS)
    assert round_.is_open_at(DEADLINE - SECOND)
    assert not round_.is_open_at(DEADLINE)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (OPENS - SECOND, "closed"),
        (OPENS, "open"),
        (DEADLINE, "closed"),
        (datetime.datetime(2027, 8, 1, tzinfo=OSLO), "continuous"),
    ],
    ids=["before the first round", "in a round", "between rounds", "continuous round"],
)
def test_rounds_give_the_status(moment, status):
    page = scheme_with((OPENS, DEADLINE), (datetime.datetime(2027, 8, 1, tzinfo=OSLO), None))
    assert page.status_at(moment) == status


def test_without_rounds_the_editors_status_rules():
    assert scheme_with().status_at(DEADLINE) == "under_evaluation"


def test_the_next_moment_a_round_turns_is_when_the_document_goes_stale():
    page = scheme_with((OPENS, DEADLINE))
    assert page.next_deadline_at(OPENS) == DEADLINE
    assert page.next_deadline_at(DEADLINE) is None


def test_rounds_overlap_only_when_open_at_the_same_moment():
    assert rounds_overlap(OPENS, DEADLINE, DEADLINE - SECOND, None)
    assert not rounds_overlap(OPENS, DEADLINE, DEADLINE, None)
    assert rounds_overlap(None, DEADLINE, None, None)


@pytest.mark.parametrize(
    ("moment", "label"),
    [
        (datetime.datetime(2027, 3, 1, 23, 59, tzinfo=OSLO), "1. mars 2027"),
        (datetime.datetime(2027, 3, 1, 12, 0, tzinfo=OSLO), "1. mars 2027 kl. 12.00"),
        (datetime.datetime(2027, 3, 1, 0, 0, tzinfo=OSLO), "1. mars 2027 kl. 00.00"),
        # Stored in UTC; shown in Oslo summer time.
        (datetime.datetime(2027, 6, 30, 21, 59, tzinfo=datetime.UTC), "30. juni 2027"),
    ],
)
def test_a_deadline_reads_as_citizens_write_it(moment, label):
    with translation.override("nb"):
        assert deadline_label(moment) == label
