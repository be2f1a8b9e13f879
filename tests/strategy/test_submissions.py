"""Submissions to the feedback boxes: their status, the "Innspill" overview, Wagtail's listing."""

import datetime
import importlib
import io
import json
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import GroupPagePermission, ModelLogEntry, PageLogEntry

from strategy.choices import FeedbackState, SubmissionStatus
from strategy.models import FeedbackFormField, FeedbackFormPage, FeedbackSubmission
from tests.factories import StrategyPageFactory
from tests.overviews import csv_rows

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
# 08:30 UTC is 10:30 in Oslo in May (summer time).
SENT = datetime.datetime(2024, 5, 2, 8, 30, tzinfo=datetime.UTC)
KARI = {
    "navn": "Kari Nordmann",
    "innspill": "Mer satsing på reiseliv i Nord-Troms.",
    "tema": ["Næring", "Samfunn"],
    "nyhetsbrev": True,
}


def url(action, *args):
    return reverse(f"strategy_feedbacksubmission_modeladmin_{action}", args=args)


def add_form(strategy, title="Digital innspillkasse", fields=None):
    page = FeedbackFormPage(
        title=title,
        state=FeedbackState.OPEN,
        form_fields=fields
        or [
            FeedbackFormField(label="Navn", field_type="singleline"),
            FeedbackFormField(label="Innspill", field_type="multiline"),
            FeedbackFormField(
                label="Tema", field_type="checkboxes", choices="Næring\nSamfunn", required=False
            ),
            FeedbackFormField(label="Nyhetsbrev", field_type="checkbox", required=False),
        ],
    )
    strategy.add_child(instance=page)
    return page


def submit(page, sent=SENT, **data):
    submission = FeedbackSubmission.objects.create(page=page, form_data=data)
    FeedbackSubmission.objects.filter(pk=submission.pk).update(submit_time=sent)
    submission.refresh_from_db()
    return submission


def make_user(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username=username, password="passord")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def messages_of(response):
    # Wagtail renders a message with its (here no) buttons, which leaves blank lines after it.
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def assert_denied(response):
    """Wagtail's admin answers a PermissionDenied by sending the user to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "Beklager, du har ikke tilgang på dette området." in messages_of(response)


@pytest.fixture
def form_page(strategy_page):
    return add_form(strategy_page)


@pytest.fixture
def editor(django_user_model):
    return make_user(
        django_user_model, "redaktor", "view_feedbacksubmission", "change_feedbacksubmission"
    )


@pytest.fixture
def reader(django_user_model):
    return make_user(django_user_model, "leser", "view_feedbacksubmission")


# The model ------------------------------------------------------------------------------------


def test_submission_through_the_api_is_new(client, form_page):
    form_page.save_revision().publish()

    response = client.post(
        f"/api/v2/forms/{form_page.pk}/",
        json.dumps({"navn": "Kari Nordmann", "innspill": "Bedre bredbånd i Lyngen."}),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    submission = FeedbackSubmission.objects.get(pk=response.json()["id"])
    assert submission.status == SubmissionStatus.NEW
    assert submission.processed_at is None
    assert submission.processed_by is None
    assert list(form_page.get_submissions()) == [submission]


def test_summary_follows_the_forms_field_order_and_is_short(form_page):
    submission = submit(form_page, innspill="Mer reiseliv.", navn="Kari", nyhetsbrev=True)
    long = submit(form_page, navn="Ola", innspill="Bredbånd " * 40)

    assert submission.summary == "Kari · Mer reiseliv."
    assert len(long.summary) == FeedbackSubmission.SUMMARY_LENGTH
    assert long.summary.startswith("Ola · Bredbånd Bredbånd")
    assert long.summary.endswith("…")


def test_label_of_a_submission_holds_none_of_its_content(form_page):
    submission = submit(form_page, **KARI)

    assert str(submission) == f"Innspill {submission.pk}"


def test_earlier_wagtail_submissions_move_to_the_strategy_app_with_their_time(
    form_page, strategy_page
):
    migration = importlib.import_module("strategy.migrations.0003_feedback_submissions")
    old = FormSubmission.objects.create(page=form_page, form_data=KARI)
    FormSubmission.objects.filter(pk=old.pk).update(submit_time=SENT)
    # Submissions to a form of another kind are Wagtail's and stay where they are.
    other = FormSubmission.objects.create(page=strategy_page, form_data={"navn": "Ola"})

    migration.to_feedback_submissions(django_apps, None)

    moved = FeedbackSubmission.objects.get()
    assert (moved.page_id, moved.form_data, moved.submit_time) == (form_page.pk, KARI, SENT)
    assert moved.status == SubmissionStatus.NEW
    assert list(FormSubmission.objects.all()) == [other]

    migration.to_wagtail_submissions(django_apps, None)

    assert not FeedbackSubmission.objects.exists()
    back = FormSubmission.objects.get(page=form_page)
    assert (back.form_data, back.submit_time) == (KARI, SENT)


# The overview ---------------------------------------------------------------------------------


def test_overview_lists_strategy_box_time_status_and_summary(client, editor, form_page):
    submit(form_page, **KARI)
    client.force_login(editor)

    response = client.get(url("index"))

    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "Næringsstrategi for Troms",
        "Digital innspillkasse",
        "2. mai 2024 10:30",
        "Ny",
        "Kari Nordmann · Mer satsing på reiseliv i Nord-Troms. · Næring, Samfunn",
    ]:
        assert text in content


def test_overview_lists_the_submissions_of_one_strategy(client, editor, form_page, home_page):
    other = add_form(StrategyPageFactory(parent=home_page, title="Kompetansestrategi"))
    submit(form_page, navn="Kari Nordmann")
    submit(other, navn="Ola Nordmann")
    client.force_login(editor)

    response = client.get(url("index"), {"strategy": other.get_parent().pk})

    content = response.content.decode()
    assert "Ola Nordmann" in content
    assert "Kari Nordmann" not in content


def test_overview_filters_by_status(client, editor, form_page):
    submit(form_page, navn="Kari Nordmann")
    processed = submit(form_page, navn="Ola Nordmann")
    processed.set_status(SubmissionStatus.PROCESSED, editor)
    client.force_login(editor)

    processed_only = client.get(url("index"), {"status__exact": "processed"}).content.decode()
    new_only = client.get(url("index"), {"status__exact": "new"}).content.decode()

    assert "Ola Nordmann" in processed_only
    assert "Kari Nordmann" not in processed_only
    assert "Kari Nordmann" in new_only
    assert "Ola Nordmann" not in new_only


def test_overview_searches_the_content_with_norwegian_letters(client, editor, form_page):
    submit(form_page, navn="Kari", innspill="Flere arbeidsplasser i Tromsø.")
    submit(form_page, navn="Ola", innspill="Bedre veier.")
    client.force_login(editor)

    content = client.get(url("index"), {"q": "tromsø"}).content.decode()

    assert "Flere arbeidsplasser i Tromsø." in content
    assert "Bedre veier." not in content


@pytest.mark.parametrize(
    "query",
    [
        {"strategy": "abc"},
        {"strategy": "999999999"},
        {"status__exact": "new", "submit_time__gte": "not-a-date"},
        # Modeladmin would take any parameter for a database lookup, even across relations.
        {"processed_by__password__startswith": "md5"},
        {"form_data__navn": "Kari"},
    ],
    ids=["strategy-not-a-number", "unknown-strategy", "bad-date", "password", "json-key"],
)
def test_address_with_a_bad_filter_goes_back_to_the_full_list(client, editor, form_page, query):
    submit(form_page, **KARI)
    client.force_login(editor)

    response = client.get(url("index"), query)

    assert response.status_code == 302
    assert response["Location"] == url("index")
    assert messages_of(response) == ["Filteret i adressen er ugyldig; se hele listen."]


def test_listing_takes_the_same_number_of_queries_for_many_submissions(
    client, editor, form_page, home_page, django_assert_num_queries
):
    submit(form_page, **KARI)
    client.force_login(editor)
    client.get(url("index"))  # Permissions and the session, cached from here on.
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("index")).status_code == 200

    other = add_form(StrategyPageFactory(parent=home_page, title="Kompetansestrategi"))
    for number in range(6):
        submitted = submit(other if number % 2 else form_page, navn=f"Avsender {number}")
        if number % 3 == 0:
            submitted.set_status(SubmissionStatus.PROCESSED, editor)

    with django_assert_num_queries(len(few)):
        response = client.get(url("index"))
    assert response.content.decode().count('name="id"') == 7


def test_listing_can_be_ordered_by_every_column(client, editor, form_page, home_page):
    other = add_form(StrategyPageFactory(parent=home_page, title="Arktisk strategi"))
    submit(form_page, navn="Kari")
    submit(other, navn="Ola", sent=SENT - datetime.timedelta(days=1))
    client.force_login(editor)

    # The columns: choose, summary, strategy, box, time, status; a minus orders backwards.
    by_strategy = client.get(url("index"), {"o": "2"}).content.decode()
    by_time = client.get(url("index"), {"o": "4"}).content.decode()
    for column in ["0", "1", "3", "-5", "5.2", "99", "x"]:
        assert client.get(url("index"), {"o": column}).status_code == 200

    assert by_strategy.index("Arktisk strategi") < by_strategy.index("Næringsstrategi for Troms")
    assert by_time.index("Ola") < by_time.index("Kari")


def test_editor_with_the_delete_permission_deletes_a_submission(
    client, django_user_model, form_page
):
    submission = submit(form_page, **KARI)
    kept = submit(form_page, navn="Ola")
    client.force_login(
        make_user(
            django_user_model, "arkivar", "view_feedbacksubmission", "delete_feedbacksubmission"
        )
    )

    confirm = client.get(url("delete", submission.pk))
    response = client.post(url("delete", submission.pk))

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert list(FeedbackSubmission.objects.all()) == [kept]
    # What the admin's history keeps of it names no one and quotes nothing.
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert entry.label == f"Innspill {submission.pk}"


# The export -----------------------------------------------------------------------------------


def test_csv_export_has_norwegian_headings_the_status_and_every_submitted_field(
    client, editor, form_page
):
    submit(form_page, **KARI)
    processed = submit(
        form_page,
        sent=SENT + datetime.timedelta(days=1),
        navn="Ola Nordmann",
        innspill='=HYPERLINK("https://example.com")',
        tema=[],
        nyhetsbrev=False,
    )
    processed.set_status(SubmissionStatus.PROCESSED, editor)
    client.force_login(editor)

    response = client.get(url("index"), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    header, *rows = csv_rows(response)
    assert header == [
        "Strategi",
        "Innspillkasse",
        "Tidspunkt innsendt",
        "Status",
        "Tidspunkt behandlet",
        "Behandlet av",
        "Navn",
        "Innspill",
        "Tema",
        "Nyhetsbrev",
    ]
    processed_at = timezone.localtime(processed.processed_at, OSLO).strftime("%Y-%m-%d %H:%M")
    assert rows == [
        [
            "Næringsstrategi for Troms",
            "Digital innspillkasse",
            "2024-05-03 10:30",
            "Behandlet",
            processed_at,
            "redaktor",
            "Ola Nordmann",
            # Text that a spreadsheet would run as a formula is kept text.
            '\'=HYPERLINK("https://example.com")',
            "",
            "Nei",
        ],
        [
            "Næringsstrategi for Troms",
            "Digital innspillkasse",
            "2024-05-02 10:30",
            "Ny",
            "",
            "",
            "Kari Nordmann",
            "Mer satsing på reiseliv i Nord-Troms.",
            "Næring, Samfunn",
            "Ja",
        ],
    ]


def test_export_has_the_fields_of_every_form_and_values_of_removed_fields(
    client, editor, form_page, home_page
):
    other = add_form(
        StrategyPageFactory(parent=home_page, title="Kompetansestrategi"),
        title="Innspill om kompetanse",
        fields=[
            FeedbackFormField(label="Navn", field_type="singleline"),
            FeedbackFormField(label="Skole", field_type="singleline"),
        ],
    )
    submit(form_page, navn="Kari", innspill="Reiseliv", gammelt_felt="fra før")
    submit(other, navn="Ola", skole="Nordkjosbotn vgs.")
    client.force_login(editor)

    header, *rows = csv_rows(client.get(url("index"), {"export": "csv"}))

    assert header[6:] == ["Navn", "Innspill", "Tema", "Nyhetsbrev", "Skole", "gammelt_felt"]
    by_name = {row[6]: row[6:] for row in rows}
    assert by_name == {
        "Kari": ["Kari", "Reiseliv", "", "", "", "fra før"],
        "Ola": ["Ola", "", "", "", "Nordkjosbotn vgs.", ""],
    }


def test_export_follows_the_filters(client, editor, form_page, home_page):
    other = add_form(StrategyPageFactory(parent=home_page, title="Kompetansestrategi"))
    submit(form_page, navn="Kari")
    submit(other, navn="Ola")
    client.force_login(editor)

    header, *rows = csv_rows(
        client.get(url("index"), {"export": "csv", "strategy": other.get_parent().pk})
    )

    assert [row[0] for row in rows] == ["Kompetansestrategi"]


def test_xlsx_export_has_times_in_oslo_time(client, editor, form_page):
    submit(form_page, **KARI)
    client.force_login(editor)

    response = client.get(url("index"), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.values)
    assert header[:4] == ("Strategi", "Innspillkasse", "Tidspunkt innsendt", "Status")
    assert row[2:4] == (datetime.datetime(2024, 5, 2, 10, 30), "Ny")
    assert row[6:] == (
        "Kari Nordmann",
        "Mer satsing på reiseliv i Nord-Troms.",
        "Næring, Samfunn",
        "Ja",
    )


# Processing -----------------------------------------------------------------------------------


def test_editor_marks_one_submission_processed_and_back_from_its_page(client, editor, form_page):
    submission = submit(form_page, **KARI)
    other = submit(form_page, navn="Ola Nordmann")
    client.force_login(editor)
    inspect = url("inspect", submission.pk)

    page = client.get(inspect)
    assert page.status_code == 200
    content = page.content.decode()
    for text in ["Kari Nordmann", "Mer satsing på reiseliv i Nord-Troms.", "Næring, Samfunn"]:
        assert text in content
    assert "Merk som behandlet" in content

    response = client.post(
        url("status"), {"id": submission.pk, "status": "processed", "next": inspect}
    )

    assert response.status_code == 302
    assert response["Location"] == inspect
    assert messages_of(response) == ["1 innspill merket som «Behandlet»."]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PROCESSED
    assert submission.processed_by == editor
    assert timezone.now() - submission.processed_at < datetime.timedelta(minutes=1)
    # Nothing else is touched: the content, the time it was sent, its box, other submissions.
    assert (submission.form_data, submission.submit_time, submission.page_id) == (
        KARI,
        SENT,
        form_page.pk,
    )
    other.refresh_from_db()
    assert other.status == SubmissionStatus.NEW
    assert "Merk som ny" in client.get(inspect).content.decode()
    entry = ModelLogEntry.objects.get(object_id=str(submission.pk))
    assert (entry.action, entry.user, entry.data) == (
        "strategy.submission_status",
        editor,
        {"status": "processed"},
    )
    assert "Merket som «Behandlet»" in client.get(url("history", submission.pk)).content.decode()

    client.post(url("status"), {"id": submission.pk, "status": "new"})

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW
    assert (submission.processed_at, submission.processed_by) == (None, None)
    assert submission.form_data == KARI


def test_editor_marks_several_submissions_at_once(client, editor, form_page):
    first, second, third = (submit(form_page, navn=name) for name in ["Kari", "Ola", "Per"])
    client.force_login(editor)
    listing = client.get(url("index")).content.decode()
    assert f'<input type="checkbox" name="id" value="{first.pk}"' in listing
    assert "Merk valgte som behandlet" in listing

    response = client.post(
        url("status"),
        {"id": [first.pk, third.pk], "status": "processed", "next": url("index") + "?q=a"},
    )

    assert response["Location"] == url("index") + "?q=a"
    assert messages_of(response) == ["2 innspill merket som «Behandlet»."]
    statuses = dict(FeedbackSubmission.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "processed", second.pk: "new", third.pk: "processed"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": "1", "status": "deleted"}, "Velg om innspillene er nye eller behandlet."),
        ({"id": "abc", "status": "processed"}, "Fant ikke de valgte innspillene."),
        ({"id": "²", "status": "processed"}, "Fant ikke de valgte innspillene."),
        ({"id": "-1", "status": "processed"}, "Fant ikke de valgte innspillene."),
        ({"id": "0", "status": "processed"}, "Fant ikke de valgte innspillene."),
        ({"id": "", "status": "processed"}, "Fant ikke de valgte innspillene."),
        (
            {"id": "99999999999999999999999", "status": "processed"},
            "Fant ikke de valgte innspillene.",
        ),
        ({"id": "1" * 30, "status": "processed"}, "Fant ikke de valgte innspillene."),
        ({"status": "processed"}, "Velg først innspillene som skal merkes."),
    ],
    ids=[
        "unknown-status",
        "id-not-a-number",
        "id-a-superscript-digit",
        "id-negative",
        "id-zero",
        "id-empty",
        "id-past-the-database-integers",
        "id-too-large",
        "none-chosen",
    ],
)
def test_bad_status_change_is_refused_with_a_message(client, editor, form_page, data, message):
    submission = submit(form_page, **KARI)
    client.force_login(editor)

    response = client.post(url("status"), {"next": "https://example.com/", **data})

    # Back to the list, never to another site.
    assert response["Location"] == url("index")
    assert messages_of(response) == [message]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_one_bad_id_among_good_ones_changes_nothing(client, editor, form_page):
    submission = submit(form_page, **KARI)
    client.force_login(editor)

    response = client.post(url("status"), {"id": [submission.pk, "²"], "status": "processed"})

    assert messages_of(response) == ["Fant ikke de valgte innspillene."]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW
    assert not ModelLogEntry.objects.exists()


def test_marking_takes_the_same_number_of_queries_for_many_submissions(
    client, editor, form_page, django_assert_num_queries
):
    """One update and one insert of the history, however many are chosen."""
    first, *submissions = [submit(form_page, navn=f"Avsender {number}") for number in range(15)]
    client.force_login(editor)
    # Permissions, the session and the content type, cached from here on.
    client.post(url("status"), {"id": first.pk, "status": "processed"})
    few, many = submissions[:2], submissions[2:]
    with CaptureQueriesContext(connection) as marking_few:
        client.post(url("status"), {"id": [s.pk for s in few], "status": "processed"})

    with django_assert_num_queries(len(marking_few)):
        response = client.post(url("status"), {"id": [s.pk for s in many], "status": "processed"})

    # The messages of the earlier posts wait in the session, unread.
    assert messages_of(response)[-1] == "12 innspill merket som «Behandlet»."
    assert len(marking_few) < 12
    assert not FeedbackSubmission.objects.exclude(status=SubmissionStatus.PROCESSED).exists()
    assert set(FeedbackSubmission.objects.values_list("processed_by", flat=True)) == {editor.pk}
    for submission in [first, *few, *many]:
        entry = ModelLogEntry.objects.get(object_id=str(submission.pk))
        assert (entry.action, entry.user, entry.data, entry.label) == (
            "strategy.submission_status",
            editor,
            {"status": "processed"},
            f"Innspill {submission.pk}",
        )
        history = client.get(url("history", submission.pk)).content.decode()
        assert "Merket som «Behandlet»" in history
    # Each choice is one action in the admin's history: its entries share one id.
    assert (
        ModelLogEntry.objects.filter(object_id__in=[str(s.pk) for s in many])
        .values("uuid")
        .distinct()
        .count()
        == 1
    )


def test_status_is_only_changed_by_a_post(client, editor, form_page):
    submission = submit(form_page, **KARI)
    client.force_login(editor)

    assert (
        client.get(url("status"), {"id": submission.pk, "status": "processed"}).status_code == 405
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_reader_without_change_permission_cannot_change_the_status(client, reader, form_page):
    submission = submit(form_page, **KARI)
    client.force_login(reader)

    listing = client.get(url("index"))
    inspect = client.get(url("inspect", submission.pk))
    response = client.post(url("status"), {"id": submission.pk, "status": "processed"})

    assert listing.status_code == 200
    assert "Kari Nordmann" in listing.content.decode()
    assert 'name="id"' not in listing.content.decode()
    assert "Merk som behandlet" not in inspect.content.decode()
    assert_denied(response)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_content_is_read_only_in_the_admin(admin_client, form_page):
    submission = submit(form_page, **KARI)

    responses = [
        admin_client.get(url("create")),
        admin_client.post(url("create"), {"form_data": "{}", "page": form_page.pk}),
        admin_client.get(url("edit", submission.pk)),
        admin_client.post(url("edit", submission.pk), {"form_data": '{"navn": "Endret"}'}),
    ]

    for response in responses:
        assert_denied(response)
    submission.refresh_from_db()
    assert submission.form_data == KARI
    assert FeedbackSubmission.objects.count() == 1


def test_user_without_permission_sees_no_submission(client, django_user_model, form_page):
    submission = submit(form_page, **KARI)
    client.force_login(make_user(django_user_model, "skribent"))

    responses = [
        client.get(url("index")),
        client.get(url("index"), {"export": "csv"}),
        client.get(url("inspect", submission.pk)),
        client.get(url("history", submission.pk)),
        client.post(url("status"), {"id": submission.pk, "status": "processed"}),
        client.post(url("delete", submission.pk)),
    ]

    for response in responses:
        assert_denied(response)
    assert url("index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_anonymous_visitor_is_sent_to_the_login(client, form_page):
    submission = submit(form_page, **KARI)

    for response in [
        client.get(url("index")),
        client.get(url("inspect", submission.pk)),
        client.post(url("status"), {"id": submission.pk, "status": "processed"}),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_editor_finds_the_overview_in_the_strategies_menu(client, editor):
    client.force_login(editor)

    content = client.get(reverse("wagtailadmin_home")).content.decode()

    assert url("index") in content
    assert "Strategier" in content


# Wagtail's listing of one box's submissions ---------------------------------------------------


def test_wagtail_submissions_listing_shows_and_filters_by_status(admin_client, form_page):
    submit(form_page, navn="Kari Nordmann")
    processed = submit(form_page, navn="Ola Nordmann")
    processed.set_status(SubmissionStatus.PROCESSED, None)
    listing = reverse("wagtailforms:list_submissions", args=[form_page.pk])

    everything = admin_client.get(listing).content.decode()
    filtered = admin_client.get(listing, {"status": "processed"}).content.decode()

    assert "Status" in everything
    assert "Behandlet" in everything
    assert "Ny" in everything
    assert "Ola Nordmann" in filtered
    assert "Kari Nordmann" not in filtered


def test_wagtail_submissions_export_has_the_status_and_keeps_text_text(admin_client, form_page):
    submit(form_page, navn="@SUM(A1:A2)", innspill="Mer reiseliv.")

    response = admin_client.get(
        reverse("wagtailforms:list_submissions", args=[form_page.pk]), {"export": "csv"}
    )

    header, row = csv_rows(response)
    assert header[:4] == ["Innsendt dato", "Status", "Navn", "Innspill"]
    assert row[1:4] == ["Ny", "'@SUM(A1:A2)", "Mer reiseliv."]


def test_writer_who_edits_the_box_page_does_not_read_its_submissions(
    client, django_user_model, form_page
):
    """Wagtail's own form listing follows page permissions; the submissions need their own."""
    submit(form_page, **KARI)
    writers = Group.objects.create(name="Skribenter")
    GroupPagePermission.objects.create(
        group=writers,
        page=form_page.get_parent(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    writer = make_user(django_user_model, "skribent")
    writer.groups.add(writers)
    client.force_login(writer)

    assert form_page.permissions_for_user(writer).can_edit()
    assert client.get(reverse("wagtailforms:index")).status_code == 200
    assert form_page.title not in client.get(reverse("wagtailforms:index")).content.decode()
    listing = client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]))
    assert listing.status_code in (302, 403)
    assert KARI["navn"] not in listing.content.decode()
    export = client.get(
        reverse("wagtailforms:list_submissions", args=[form_page.pk]), {"export": "csv"}
    )
    assert export.status_code in (302, 403)

    writer.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_feedbacksubmission", "delete_feedbacksubmission"]
        )
    )
    writer = django_user_model.objects.get(pk=writer.pk)
    client.force_login(writer)
    listing = client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]))
    assert listing.status_code == 200
    assert KARI["navn"] in listing.content.decode()


def box_editor(django_user_model, form_page, username, *codenames):
    """A user who may edit the feedback box's page, with the given submission permissions."""
    group = Group.objects.create(name=f"Sider for {username}")
    GroupPagePermission.objects.create(
        group=group,
        page=form_page.get_parent(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user = make_user(django_user_model, username, *codenames)
    user.groups.add(group)
    assert form_page.permissions_for_user(user).can_edit()
    return user


def delete_in_wagtails_listing(client, form_page, *submissions):
    """Post as Wagtail's listing does: the chosen submissions in the address."""
    ids = "&".join(f"selected-submissions={submission.pk}" for submission in submissions)
    return client.post(f"{reverse('wagtailforms:delete_submissions', args=[form_page.pk])}?{ids}")


def test_who_may_not_delete_submissions_has_no_wagtail_listing_that_deletes_them(
    client, django_user_model, form_page
):
    """Reading and marking is the "Innspill" overview's, where deleting asks its permission."""
    submission = submit(form_page, **KARI)
    client.force_login(
        box_editor(
            django_user_model,
            form_page,
            "behandler",
            "view_feedbacksubmission",
            "change_feedbacksubmission",
        )
    )
    listing = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    delete = reverse("wagtailforms:delete_submissions", args=[form_page.pk])

    responses = [
        client.get(listing),
        client.get(listing, {"export": "csv"}),
        client.get(f"{delete}?selected-submissions={submission.pk}"),
        delete_in_wagtails_listing(client, form_page, submission),
    ]

    for response in responses:
        assert_denied(response)
    assert form_page.title not in client.get(reverse("wagtailforms:index")).content.decode()
    assert list(FeedbackSubmission.objects.all()) == [submission]
    # The overview is theirs: they read the submission there.
    assert KARI["navn"] in client.get(url("inspect", submission.pk)).content.decode()


def test_who_may_delete_submissions_deletes_them_in_wagtails_listing(
    client, django_user_model, form_page
):
    erased = submit(form_page, **KARI)
    kept = submit(form_page, navn="Ola Nordmann")
    client.force_login(
        box_editor(
            django_user_model,
            form_page,
            "redaktor-sletter",
            "view_feedbacksubmission",
            "change_feedbacksubmission",
            "delete_feedbacksubmission",
        )
    )

    listing = client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]))
    response = delete_in_wagtails_listing(client, form_page, erased)

    assert listing.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailforms:list_submissions", args=[form_page.pk])
    assert list(FeedbackSubmission.objects.all()) == [kept]
    # Who deleted how many is in the feedback box's history, as in the overview's.
    [entry] = PageLogEntry.objects.filter(page=form_page, action="strategy.submissions_deleted")
    assert entry.user.username == "redaktor-sletter"
    assert entry.data == {"count": 1}
    assert entry.message == "Slettet 1 innspill"
    history = client.get(reverse("wagtailadmin_pages:history", args=[form_page.pk]))
    assert "Slettet 1 innspill" in history.content.decode()
