"""The Wagtail admin speaks bokmål: every string of the screens editors use has a translation.

Wagtail's own nb catalogues cover about half of its admin; ``locale_wagtail/`` fills the rest.
The English catalogues that Wagtail ships list every message, so they are the measure.
"""

import gettext
import json
from pathlib import Path

import pytest
import wagtail
import wagtail_modeladmin
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from tests.factories import site_root
from tests.home.test_translations import catalogue_items, read_po

WAGTAIL = Path(wagtail.__file__).parent
# The apps whose screens editors reach: the locales, style guide and table blocks are not in use.
ADMIN_CATALOGUES = [
    (WAGTAIL / "admin", "django"),
    (WAGTAIL / "admin", "djangojs"),
    (WAGTAIL, "django"),
    (WAGTAIL / "snippets", "django"),
    (WAGTAIL / "images", "django"),
    (WAGTAIL / "documents", "django"),
    (WAGTAIL / "users", "django"),
    (WAGTAIL / "sites", "django"),
    (WAGTAIL / "embeds", "django"),
    (WAGTAIL / "search", "django"),
    (WAGTAIL / "contrib" / "forms", "django"),
    (WAGTAIL / "contrib" / "redirects", "django"),
    (WAGTAIL / "contrib" / "search_promotions", "django"),
    (WAGTAIL / "contrib" / "settings", "django"),
    (Path(wagtail_modeladmin.__file__).parent, "django"),
]
OUR_CATALOGUE = Path(settings.BASE_DIR) / "locale_wagtail" / "nb" / "LC_MESSAGES"


def catalogue_keys(entry):
    """The keys a compiled catalogue files an entry under, context included."""
    context = entry.get("msgctxt")
    for key, _text in catalogue_items(entry):
        if context is None:
            yield key
        elif isinstance(key, tuple):
            yield (f"{context}\x04{key[0]}", key[1])
        else:
            yield f"{context}\x04{key}"


def norwegian_catalogue(app_dir, domain):
    if domain == "django":
        return translation.trans_real.translation("nb")._catalog
    # The admin's JavaScript catalogue, as /admin/jsi18n/ builds it.
    return DjangoTranslation("nb", domain=domain, localedirs=[str(app_dir / "locale")])._catalog


@pytest.mark.parametrize(
    ("app_dir", "domain"),
    ADMIN_CATALOGUES,
    ids=[f"{path.relative_to(WAGTAIL.parent)}:{domain}" for path, domain in ADMIN_CATALOGUES],
)
def test_every_admin_message_has_a_bokmal_translation(app_dir, domain):
    english = app_dir / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    entries = [entry for entry in read_po(english) if entry["msgid"]]
    catalogue = norwegian_catalogue(app_dir, domain)

    missing = [key for entry in entries for key in catalogue_keys(entry) if not catalogue.get(key)]

    assert entries
    assert missing == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_our_admin_catalogue_is_compiled_from_its_po_file(domain):
    entries = [entry for entry in read_po(OUR_CATALOGUE / f"{domain}.po") if entry["msgid"]]
    with (OUR_CATALOGUE / f"{domain}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {key: text for key, text in compiled.items() if key}

    expected = {}
    for entry in entries:
        texts = [text for _key, text in catalogue_items(entry)]
        expected.update(zip(catalogue_keys(entry), texts, strict=True))
    assert entries
    assert all(expected.values())
    assert compiled == expected


def our_translation(domain, msgid):
    entries = read_po(OUR_CATALOGUE / f"{domain}.po")
    return next(entry["msgstr"] for entry in entries if entry["msgid"] == msgid)


@pytest.mark.django_db
def test_the_page_editor_shows_strings_only_our_catalogue_translates(admin_client):
    page = site_root()

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    # The editor's side panel of content checks; Wagtail's nb catalogue has no "Checks".
    assert f'aria-label="{our_translation("django", "Toggle checks")}"' in response.content.decode()


def test_the_admin_javascript_catalogue_carries_ours(admin_client):
    response = admin_client.get("/admin/jsi18n/")

    assert response.status_code == 200
    content = response.content.decode()
    for msgid in ["A network error occurred.", "Changes have been autosaved."]:
        assert json.dumps(our_translation("djangojs", msgid)) in content


@pytest.mark.django_db
def test_the_header_actions_are_named_in_norwegian(admin_client):
    # Wagtail writes the name of the header's navigation in English, outside its catalogue.
    page = site_root()

    response = admin_client.get(reverse("wagtailadmin_explore", args=[page.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="w-slim-header-buttons"' in content
    assert '<nav aria-label="Handlinger" id="w-slim-header-buttons"' in content
    assert 'aria-label="Actions"' not in content
