"""``manage.py delete_expired_feedback``: submissions are kept FEEDBACK_RETENTION_DAYS days."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import PageLogEntry

from strategy.choices import SubmissionStatus
from strategy.models import FeedbackFormPage, FeedbackSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_page(strategy_page):
    page = FeedbackFormPage(title="Digital innspillkasse")
    strategy_page.add_child(instance=page)
    return page


def submit(page, days_ago, **data):
    submission = FeedbackSubmission.objects.create(page=page, form_data=data)
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    FeedbackSubmission.objects.filter(pk=submission.pk).update(submit_time=sent)
    return submission


def run(*args):
    out = StringIO()
    call_command("delete_expired_feedback", *args, stdout=out)
    return out.getvalue().strip()


def cutoff_date(days):
    return f"{timezone.localdate() - datetime.timedelta(days=days):%d.%m.%Y}"


def test_submissions_older_than_the_retention_period_are_deleted(form_page, settings, admin_user):
    settings.FEEDBACK_RETENTION_DAYS = 30
    old = submit(form_page, 31, navn="Kari")
    processed = submit(form_page, 400, navn="Per")
    processed.set_status(SubmissionStatus.PROCESSED, admin_user)
    recent = submit(form_page, 29, navn="Ola")

    output = run()

    assert output == (f"Slettet 2 innspill eldre enn 30 dager (sendt før {cutoff_date(30)}).")
    assert list(FeedbackSubmission.objects.all()) == [recent]
    assert not FeedbackSubmission.objects.filter(pk__in=[old.pk, processed.pk]).exists()
    # Through the page's own submissions: the box itself is left as it was.
    assert list(form_page.get_submissions()) == [recent]
    # Its history says how many went, deleted by no one signed in.
    [entry] = PageLogEntry.objects.filter(page=form_page, action="strategy.submissions_deleted")
    assert (entry.user, entry.data) == (None, {"count": 2})


def test_dry_run_counts_and_deletes_nothing(form_page, settings):
    settings.FEEDBACK_RETENTION_DAYS = 365
    submit(form_page, 366, navn="Kari")
    submit(form_page, 10, navn="Ola")

    output = run("--dry-run")

    assert output == (
        f"1 innspill er eldre enn 365 dager (sendt før {cutoff_date(365)}) og ville blitt "
        "slettet. Ingenting er slettet."
    )
    assert FeedbackSubmission.objects.count() == 2


def test_nothing_to_delete_is_said_so(form_page, settings):
    settings.FEEDBACK_RETENTION_DAYS = 365
    submit(form_page, 1, navn="Ola")

    assert run().startswith("Slettet 0 innspill eldre enn 365 dager")
    assert FeedbackSubmission.objects.count() == 1


@pytest.mark.parametrize("days", [0, -1])
def test_a_retention_period_that_would_delete_everything_is_refused(form_page, settings, days):
    settings.FEEDBACK_RETENTION_DAYS = days
    submit(form_page, 1, navn="Ola")

    with pytest.raises(CommandError) as refused:
        run()
    assert str(refused.value) == (
        f"FEEDBACK_RETENTION_DAYS må være et helt antall dager over 0, ikke {days}."
    )
    assert FeedbackSubmission.objects.count() == 1
