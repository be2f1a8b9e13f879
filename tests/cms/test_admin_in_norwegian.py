"""Writers, editors and administrators meet no English in the admin: a crawl through real requests.

Each role opens the screens its menu offers, the page editor of every page type, the explorer,
the reports and the link dialogs, and the test fails on any of the English words (or typos)
that editors have met there. Text in scripts and in hidden elements is not read; dialogs that
wait in templates are.
"""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.cms.test_moderation import (  # noqa: F401
    before_loading,
    first_run,
    loaded,
    member_of,
)

pytestmark = pytest.mark.django_db

# What editors met, as whole words: English and typos.
KNOWN_ENGLISH = re.compile(
    r"\b(Password|Link text|Root|None|Site name|Root page|True|False|"
    r"Welcome to your new Wagtail site|seconds? ago|minutes? ago|hours? ago|Sheet1|Email address|"
    r"Phone number|Subject|Tiittel|feks\.|me den|adskildt|Inspiser|Møter 1|Milepæler 1|"
    r"Africa/Abidjan|America/\w+)(?!\w)"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The text a person can see or hear: not scripts, styles or hidden elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        names = dict(attrs)
        hidden = tag in ("script", "style") or "hidden" in names
        self.stack.append((tag, hidden or bool(self.stack and self.stack[-1][1])))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_on(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    html = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        html = json.loads(html).get("html", "")
    return sorted(set(KNOWN_ENGLISH.findall(visible_text(html))))


def admin_screens():
    pages = Page.objects.filter(depth__gt=1).specific()
    urls = [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/search/?q=tilskudd",
        "/admin/pages/search/?q=ingenting-her",
        "/admin/account/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/choose-page/",
        "/admin/choose-page/search/?q=tilskudd",
        "/admin/choose-external-link/",
        "/admin/choose-email-link/",
        "/admin/choose-phone-link/",
        "/admin/choose-anchor-link/",
    ]
    for page in pages:
        urls += [
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_explore", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
        ]
    return urls


ADMIN_ONLY = ["/admin/sites/", "/admin/users/", "/admin/groups/", "/admin/workflows/list/"]


@pytest.fixture(params=["admin", "Redaktør", "Skribent"])
def person(request, loaded, django_user_model):  # noqa: F811
    if request.param == "admin":
        return django_user_model.objects.create_superuser("sjef", "sjef@example.no", "x")
    return member_of(request.param, f"bruker-{request.param.lower()}")


def test_no_admin_screen_speaks_english(client, person):
    client.force_login(person)
    urls = admin_screens() + (ADMIN_ONLY if person.is_superuser else [])

    found = {url: words for url in urls if (words := english_on(client, url))}

    assert found == {}


def test_the_login_form_speaks_norwegian(client, loaded):  # noqa: F811
    assert english_on(client, reverse("wagtailadmin_login")) == []


def test_the_spreadsheet_export_names_its_sheet_after_what_it_holds(admin_client, loaded):  # noqa: F811
    from openpyxl import load_workbook

    response = admin_client.get("/admin/reports/aging-pages/?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Utdaterte sider"]


def test_the_site_is_named_and_the_roots_are_norwegian(loaded):  # noqa: F811
    from wagtail.models import Collection, Site

    assert Site.objects.get(is_default_site=True).site_name == "Troms næringsportal"
    assert Page.get_first_root_node().title == "Alle nettsteder"
    assert Collection.get_first_root_node().name == "Hovedsamling"
