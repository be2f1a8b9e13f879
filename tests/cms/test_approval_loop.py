"""The approval loop as the writer and the editor follow it in the admin, through real requests.

The writer sends a page; the editor asks for changes with a comment; the writer reads that
comment on the dashboard and at the top of the edit form, with the editor's name and a time in
bokmål; the writer sends it again; the editor approves, and the status panel names the editor as
the one who published.
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from schemes.models import SchemePage
from tests.cms.test_moderation import (  # noqa: F401
    before_loading,
    draft_scheme,
    first_run,
    loaded,
    member_of,
)

pytestmark = pytest.mark.django_db

COMMENT = "Skriv søknadsfristen i ingressen."
# Humanize's bokmål for a moment ago.
JUST_NOW = r"(nå|akkurat nå|et sekund siden|\d+ sekund\w* siden)"


def person(group, username, first_name, last_name, email=""):
    user = member_of(group, username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save()
    return user


@pytest.fixture
def writer(loaded):  # noqa: F811
    return person("Skribent", "kari", "Kari", "Skribent", "kari@example.no")


@pytest.fixture
def editor(loaded):  # noqa: F811
    return person("Redaktør", "ola", "Ola", "Redaktør")


def text_of(response):
    """What the page says, dialogs (in templates until opened) included."""
    assert response.status_code == 200
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def act(client, page, action, **data):
    task_state = SchemePage.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data, follow=True)


@pytest.fixture
def changes_asked(client, writer, editor):
    page = draft_scheme(writer)
    page.get_workflow().start(page, writer)
    client.force_login(editor)
    response = act(client, page, "reject", comment=COMMENT)
    return page, response


def test_asking_for_changes_tells_the_editor_where_the_writer_reads_the_comment(changes_asked):
    _page, response = changes_asked
    assert (
        "Du ba om endringer på «Tilskudd til grendehus». Kari Skribent ser kommentaren din på "
        "dashbordet sitt og øverst på siden når hen redigerer den. "
        "Kari Skribent får også beskjed på e-post."
    ) in text_of(response)


def test_the_writer_reads_the_comment_and_who_asked_on_the_dashboard(client, writer, changes_asked):
    client.force_login(writer)
    text = text_of(client.get(reverse("wagtailadmin_home")))
    assert re.search(
        rf"Ola Redaktør ba om endringer {JUST_NOW}: “?{COMMENT}",
        text,
    )


def test_the_edit_form_opens_with_the_comment_until_the_page_is_sent_again(
    client, writer, changes_asked
):
    page, _response = changes_asked
    client.force_login(writer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    text = text_of(client.get(edit_url))
    assert re.search(rf"Ola Redaktør ba om endringer [^:]*: “?{COMMENT}”? Gjør endringene", text)
    # The status panel names the editor who asked, in bokmål.
    assert re.search(
        rf"Endringer etterspurt {JUST_NOW} av Ola Redaktør",
        text,
    )
    assert "seconds ago" not in text
    assert "ago" not in text.split()

    page.current_workflow_state.resume(user=writer)

    assert COMMENT not in text_of(client.get(edit_url))


def test_approving_publishes_and_the_status_panel_names_the_editor(client, writer, editor):
    page = draft_scheme(writer)
    page.get_workflow().start(page, writer)
    client.force_login(editor)

    response = act(client, page, "approve", comment="")

    assert (
        "Du godkjente «Tilskudd til grendehus», og siden er publisert. "
        "Kari Skribent, som sendte den inn, får beskjed på e-post."
    ) in text_of(response)
    page = SchemePage.objects.get(pk=page.pk)
    assert page.live
    text = text_of(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    assert re.search(r"Publisert [^.]*? av Ola Redaktør", text), text[:3000]
    assert "av Kari Skribent" not in text
