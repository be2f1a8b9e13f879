"""Application rounds on their own: when a round is open, what status they give, labels."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models.functions import Coalesce
from django.utils import translation
from wagtail.models import Page

from schemes.models import (
    ApplicationRound,
    SchemePage,
    current_states,
    deadline_label,
    next_deadline_expression,
    rounds_overlap,
    rounds_status,
)
from tests.factories import ProgrammePageFactory, SchemePageFactory

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


@pytest.fixture
def rounds_tree(scheme_index, home_page):
    """Schemes with every kind of rounds, a programme and a plain page, as stored pages."""
    later = datetime.datetime(2027, 8, 1, tzinfo=OSLO)
    shapes = [
        [],
        [(OPENS, DEADLINE)],
        [(OPENS, DEADLINE), (later, None)],
        [(None, None)],
        [(None, DEADLINE), (DEADLINE, later)],
        [(later, None)],
    ]
    pages = []
    for index, shape in enumerate(shapes):
        page = SchemePageFactory(parent=scheme_index, title=f"Ordning {index}", status="closed")
        for opens_at, deadline in shape:
            ApplicationRound.objects.create(page=page, opens_at=opens_at, deadline=deadline)
        pages.append(page)
    programme = ProgrammePageFactory(parent=scheme_index, status="open")
    return pages, programme, home_page


@pytest.mark.parametrize(
    "moment",
    [
        OPENS - SECOND,
        OPENS,
        DEADLINE - SECOND,
        DEADLINE,
        datetime.datetime(2027, 8, 1, tzinfo=OSLO),
    ],
)
def test_current_states_agree_with_the_database_expressions_and_each_page(rounds_tree, moment):
    schemes, programme, topic = rounds_tree
    ids = [page.pk for page in [*schemes, programme, topic]]
    expected = {
        pk: (status, deadline)
        for pk, status, deadline in Page.objects.filter(pk__in=ids)
        .annotate(
            status_now=rounds_status(
                moment, Coalesce("schemepage__status", "programmepage__status")
            ),
            deadline_now=next_deadline_expression(moment),
        )
        .values_list("pk", "status_now", "deadline_now")
    }
    states = current_states(ids, now=moment)
    assert states == expected
    for page in SchemePage.objects.filter(pk__in=ids):
        assert states[page.pk] == (page.status_at(moment), page.next_deadline_at(moment))
    assert states[programme.pk] == ("open", None)
    assert states[topic.pk] == (None, None)


def test_current_states_read_in_one_query_however_many_schemes(
    scheme_index, django_assert_num_queries
):
    def schemes(count):
        pages = [SchemePageFactory(parent=scheme_index) for _ in range(count)]
        for page in pages:
            ApplicationRound.objects.create(page=page, opens_at=OPENS, deadline=DEADLINE)
            ApplicationRound.objects.create(page=page, opens_at=DEADLINE, deadline=None)
        return [page.pk for page in pages]

    few, many = schemes(2), schemes(40)
    for ids in (few, many):
        with django_assert_num_queries(1):
            states = current_states(ids, now=OPENS)
        assert states == dict.fromkeys(ids, ("open", DEADLINE))
