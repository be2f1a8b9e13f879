"""Every export opens in Norwegian Excel in columns, with times as read in Oslo, and its sheet
named after what it holds: Wagtail's reports and the feedback box's submissions alike."""

import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from strategy.models import FeedbackFormPage, FeedbackSubmission
from tests.cms.test_moderation import (  # noqa: F401
    before_loading,
    first_run,
    loaded,
)
from tests.overviews import csv_rows

pytestmark = pytest.mark.django_db

# Summer time: Oslo is two hours ahead of UTC.
SENT = datetime.datetime(2026, 6, 1, 8, 30, tzinfo=datetime.UTC)
SENT_IN_OSLO = "2026-06-01 10:30"


@pytest.fixture
def submission(loaded):  # noqa: F811
    page = FeedbackFormPage.objects.first()
    submission = FeedbackSubmission.objects.create(
        page=page, form_data={"innspill": "Mer bredbånd"}
    )
    FeedbackSubmission.objects.filter(pk=submission.pk).update(submit_time=SENT)
    return page


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_form_submissions_csv_is_in_columns_and_in_oslo_time(admin_client, submission):
    url = reverse("wagtailforms:list_submissions", args=[submission.pk])

    header, *rows = csv_rows(admin_client.get(url, {"export": "csv"}))

    assert len(header) > 1
    assert [row[header.index("Innsendt dato")] for row in rows] == [SENT_IN_OSLO]


def test_the_form_submissions_sheet_is_named_after_the_form_and_in_oslo_time(
    admin_client, submission
):
    url = reverse("wagtailforms:list_submissions", args=[submission.pk])

    book = workbook(admin_client.get(url, {"export": "xlsx"}))

    assert book.sheetnames == [submission.title[:31]]
    sheet = book.active
    header = [cell.value for cell in next(sheet.iter_rows())]
    sent = sheet.cell(row=2, column=header.index("Innsendt dato") + 1).value
    oslo = SENT.astimezone(zoneinfo.ZoneInfo("Europe/Oslo")).replace(tzinfo=None)
    assert sent == oslo


def test_a_reports_csv_is_in_columns_with_times_in_oslo(admin_client, loaded):  # noqa: F811
    from wagtail.models import Page

    Page.objects.filter(depth=2).update(last_published_at=SENT)

    header, *rows = csv_rows(admin_client.get("/admin/reports/aging-pages/", {"export": "csv"}))

    assert len(header) > 2
    assert SENT_IN_OSLO in {cell for row in rows for cell in row}
