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


def assert_reads_as_a_letter(body, greeting):
    """The greeting, then paragraphs parted by one blank line: no stray or blank-looking lines."""
    assert body.startswith(greeting + "\n\n"), repr(body)
    assert body[len(greeting) + 2] not in " \n", repr(body)
    assert "\n\n\n" not in body, repr(body)
    assert not any(line and not line.strip() for line in body.split("\n")), repr(body)
    assert not any(line != line.rstrip() for line in body.split("\n")), repr(body)


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


def actions_offered(client, page):
    """The labels of the edit form's actions, the default one first."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", label)).split())
        for label in re.findall(r"<(?:button|a)\b[^>]*>(.*?)</(?:button|a)>", footer, re.S)
    ]


def test_a_writer_asked_for_changes_has_one_action_that_sends_the_page_again(
    client, writer, changes_asked
):
    page, _response = changes_asked
    client.force_login(writer)

    actions = actions_offered(client, page)

    sending = [label for label in actions if "godkjenning" in label.lower() or "nytt" in label]
    assert sending == ["Send til godkjenning igjen", "Trekk tilbake fra godkjenning"]
    assert not any("arbeidsflyt" in label.lower() for label in actions)


def test_a_writers_new_draft_offers_to_send_it_for_approval(client, writer):
    page = draft_scheme(writer)
    client.force_login(writer)

    assert "Send til godkjenning" in actions_offered(client, page)


def test_the_writer_is_emailed_the_editors_comment_in_norwegian(changes_asked, mailoutbox):
    [email] = mailoutbox
    assert email.to == ["kari@example.no"]
    assert "Det er bedt om endringer på siden «Tilskudd til grendehus»" in email.subject
    assert "Ola Redaktør" in email.body
    assert COMMENT in email.body


def test_the_writer_is_emailed_the_approval_with_the_editors_comment(
    client, writer, editor, mailoutbox
):
    page = draft_scheme(writer)
    page.get_workflow().start(page, writer)
    client.force_login(editor)

    act(client, page, "approve", comment="Fin tekst, publisert.")

    [email] = mailoutbox
    assert email.to == ["kari@example.no"]
    assert "godkjent" in email.subject
    assert "Fin tekst, publisert." in email.body
    assert_reads_as_a_letter(email.body, "Hei Kari,")


def test_the_approval_email_without_a_comment_reads_as_a_letter(client, writer, editor, mailoutbox):
    page = draft_scheme(writer)
    page.get_workflow().start(page, writer)
    client.force_login(editor)

    act(client, page, "approve", comment="")

    [email] = mailoutbox
    assert "kommentar" not in email.body
    assert_reads_as_a_letter(email.body, "Hei Kari,")


def test_publishing_a_page_sent_for_approval_tells_the_writer_and_says_so(
    client, writer, editor, mailoutbox
):
    from tests.api.test_headless_preview import scheme_form

    page = draft_scheme(writer)
    page.get_workflow().start(page, writer)
    client.force_login(editor)
    form = {**scheme_form(page.title), "slug": page.slug, "action-publish": "action-publish"}

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form, follow=True)

    text = text_of(response)
    assert "er publisert" in text
    assert (
        "Kari Skribent hadde sendt «Tilskudd til grendehus» til godkjenning. Godkjenningen "
        "avsluttes når du publiserer, og Kari Skribent får beskjed på e-post."
    ) in text
    [email] = mailoutbox
    assert email.to == ["kari@example.no"]
    assert email.subject == "Siden «Tilskudd til grendehus» er publisert."
    assert "Ola Redaktør har publisert siden «Tilskudd til grendehus»" in email.body
    assert_reads_as_a_letter(email.body, "Hei Kari,")


def test_publishing_a_page_nobody_sent_for_approval_emails_nobody(client, editor, mailoutbox):
    from tests.api.test_headless_preview import scheme_form

    page = draft_scheme(editor)
    client.force_login(editor)
    form = {**scheme_form(page.title), "slug": page.slug, "action-publish": "action-publish"}

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form, follow=True)

    assert "godkjenning" not in text_of(response).split("Lagre kladd")[0].lower()
    assert mailoutbox == []


def status_panel(client, page):
    """The status side panel's lines: (heading, help text) in the order shown."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return [
        (" ".join(unescape(re.sub(r"<[^>]+>", " ", title)).split()[1:]), " ".join(help.split()))
        for title, help in re.findall(
            r'<h3 id="status-sidebar-[^"]*"[^>]*>(.*?)</h3>\s*'
            r'(?:<div class="w-help-text">(.*?)</div>)?',
            html,
            re.S,
        )
    ]


def test_the_status_panel_says_changes_were_asked_for_and_by_whom(client, writer, changes_asked):
    page, _response = changes_asked
    client.force_login(writer)

    lines = dict(status_panel(client, page))

    assert "Til godkjenning" not in lines
    # Today's time (or a date), and the editor who asked.
    assert re.fullmatch(r"\S+( \S+)* av Ola Redaktør", lines["Endringer etterspurt"])


def test_the_status_panel_says_in_approval_while_the_editors_have_the_page(client, writer):
    page = draft_scheme(writer)
    page.get_workflow().start(page, writer)
    client.force_login(writer)

    lines = dict(status_panel(client, page))

    assert "Endringer etterspurt" not in lines
    assert lines["Til godkjenning"].endswith(" av Kari Skribent")


def submit(client, page, action="action-submit"):
    from tests.api.test_headless_preview import scheme_form

    form = {**scheme_form(page.title), "slug": page.slug, action: action}
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), form, follow=True)


def test_sending_for_approval_says_which_editors_are_told(client, writer, editor, mailoutbox):
    per = person("Redaktør", "per", "Per", "Redaktør", "per@example.no")
    anne = person("Redaktør", "anne", "Anne", "Redaktør", "anne@example.no")
    page = draft_scheme(writer)
    client.force_login(writer)

    text = text_of(submit(client, page))

    # Ola Redaktør has no email address, so is not told and not named.
    assert (
        "Du sendte «Tilskudd til grendehus» til «Godkjenning av redaktør». "
        "Anne Redaktør og Per Redaktør får beskjed på e-post."
    ) in text
    assert sorted(address for email in mailoutbox for address in email.to) == sorted(
        [anne.email, per.email]
    )


def test_sending_again_after_changes_says_who_is_told(client, writer, changes_asked):
    page, _response = changes_asked
    person("Redaktør", "per", "Per", "Redaktør", "per@example.no")
    client.force_login(writer)

    text = text_of(submit(client, page))

    assert "til «Godkjenning av redaktør». Per Redaktør får beskjed på e-post." in text


def test_sending_for_approval_to_many_editors_speaks_of_the_editors(client, writer):
    for name in ("Anne", "Per", "Siri", "Tor"):
        person("Redaktør", name.lower(), name, "Redaktør", f"{name.lower()}@example.no")
    page = draft_scheme(writer)
    client.force_login(writer)

    text = text_of(submit(client, page))

    assert "til «Godkjenning av redaktør». Redaktørene får beskjed på e-post." in text


def test_sending_for_approval_when_no_editor_is_emailed_says_so(client, writer, editor):
    page = draft_scheme(writer)
    client.force_login(writer)

    text = text_of(submit(client, page))

    assert "Ingen redaktør får varsler på e-post, så gi dem beskjed selv." in text


def test_a_writer_cannot_restart_the_approval_by_posting_it(client, writer, changes_asked):
    page, _response = changes_asked
    workflow_state = page.current_workflow_state
    revisions = page.revisions.count()
    client.force_login(writer)

    text = text_of(submit(client, page, "action-restart-workflow"))

    assert "Bare en redaktør kan starte godkjenningen på nytt." in text
    page = SchemePage.objects.get(pk=page.pk)
    assert page.current_workflow_state.pk == workflow_state.pk
    assert page.current_workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
    assert page.revisions.count() == revisions


def test_an_editor_can_restart_the_approval(client, editor):
    # Wagtail offers the restart to whoever sent the page, once changes are asked for.
    page = draft_scheme(editor)
    workflow_state = page.get_workflow().start(page, editor)
    client.force_login(person("Redaktør", "per", "Per", "Redaktør"))
    act(client, page, "reject", comment=COMMENT)
    client.force_login(editor)

    text = text_of(submit(client, page, "action-restart-workflow"))

    assert "Bare en redaktør" not in text
    page = SchemePage.objects.get(pk=page.pk)
    assert page.current_workflow_state.pk != workflow_state.pk
    assert page.current_workflow_state.status == workflow_state.STATUS_IN_PROGRESS
