"""The admin speaks Norwegian bokmål: our catalogue is complete, compiled, and in use."""

import ast
import gettext
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from wagtail import blocks
from wagtail.fields import StreamField

from schemes.choices import SchemeStatus
from schemes.models import ProgrammePage, SchemePage
from strategy.models import Meeting, Milestone, StrategyPage
from taxonomy.models import Municipality
from tests.factories import (
    MeetingFactory,
    RegionFactory,
    SchemeIndexPageFactory,
    StrategyPageFactory,
    site_root,
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES"
OUR_APPS = [
    "base",
    "taxonomy",
    "headless",
    "editorial",
    "home",
    "people",
    "strategy",
    "schemes",
    "search",
    "cms",
]
# Labels that are spelt the same in English and bokmål.
SAME_IN_BOTH = {"person", "region", "start", "status", "synonym"}


def read_po(path):
    """The entries of a .po file, each a dict of its keywords (msgid, msgstr, ...) and flags.

    Obsolete entries (``#~``) are comments here, as they are to gettext.
    """
    entries, entry, keyword = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry = None
            continue
        entry = entry or {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        else:
            keyword, _, text = line.partition(" ")
            entry[keyword] = ast.literal_eval(text)
    return entries


def catalogue_items(entry):
    """The (key, translation) pairs of an entry, keyed as a compiled catalogue keys them."""
    if "msgid_plural" not in entry:
        yield entry["msgid"], entry["msgstr"]
        return
    for keyword, text in entry.items():
        if keyword.startswith("msgstr["):
            yield (entry["msgid"], int(keyword[len("msgstr[") : -1])), text


@pytest.fixture(scope="module")
def po_entries():
    return [entry for entry in read_po(CATALOGUE / "django.po") if entry["msgid"]]


def test_every_message_in_the_catalogue_is_translated(po_entries):
    untranslated = [
        entry["msgid"]
        for entry in po_entries
        if not all(text for keyword, text in entry.items() if keyword.startswith("msgstr"))
    ]

    assert po_entries
    assert untranslated == []


def test_no_translation_in_the_catalogue_is_fuzzy(po_entries):
    assert [entry["msgid"] for entry in po_entries if "fuzzy" in entry["flags"]] == []


def test_compiled_catalogue_holds_exactly_the_translations_of_the_po_file(po_entries):
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {msgid: text for msgid, text in compiled.items() if msgid}

    assert compiled == dict(item for entry in po_entries for item in catalogue_items(entry))


def lazy_texts_of_blocks(block):
    for text in [block.label, getattr(block.meta, "help_text", None)]:
        if isinstance(text, Promise):
            yield text
    children = getattr(block, "child_blocks", None) or {}
    for child in children.values():
        yield from lazy_texts_of_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from lazy_texts_of_blocks(block.child_block)


def declared_elsewhere(model, field):
    """True for a field that an abstract model of another app (Wagtail's forms) declares."""
    return any(
        field.name in {base_field.name for base_field in base._meta.local_fields}
        for base in model.__mro__[1:]
        if hasattr(base, "_meta") and base._meta.app_label not in OUR_APPS
    )


def lazy_texts_of_our_models():
    """Every translatable label, help text and choice that our code gives its models."""
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            yield model._meta.verbose_name
            # Django makes up a plural when Meta has none; it has no message to translate.
            if "verbose_name_plural" in model._meta.original_attrs:
                yield model._meta.verbose_name_plural
            for field in model._meta.get_fields(include_parents=False):
                if declared_elsewhere(model, field):
                    continue
                yield getattr(field, "verbose_name", None)
                yield getattr(field, "help_text", None)
                for _, label in getattr(field, "flatchoices", None) or []:
                    yield label
                if isinstance(field, StreamField):
                    yield from lazy_texts_of_blocks(field.stream_block)


def test_every_label_of_our_models_is_translated():
    texts = {text for text in lazy_texts_of_our_models() if isinstance(text, Promise)}
    untranslated = []
    for text in texts:
        with translation.override("nb"):
            norwegian = str(text)
        # No catalogue translates into English, so English shows the text as the code writes it.
        with translation.override("en"):
            english = str(text)
        if norwegian == english and english.lower() not in SAME_IN_BOTH:
            untranslated.append(english)

    assert len(texts) > 100
    assert sorted(untranslated) == []


@pytest.fixture
def norwegian():
    with translation.override("nb"):
        yield


def field_label(model, name):
    return model._meta.get_field(name).verbose_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SchemePage._meta.verbose_name, "tilskuddsordning"),
        (ProgrammePage._meta.verbose_name, "nasjonalt program"),
        (StrategyPage._meta.verbose_name, "strategiside"),
        (Meeting._meta.verbose_name, "innspillsmøte"),
        (Milestone._meta.verbose_name_plural, "milepæler"),
        (Municipality._meta.verbose_name, "kommune"),
        (field_label(Municipality, "number"), "kommunenummer"),
        (field_label(SchemePage, "summary"), "sammendrag"),
        (field_label(SchemePage, "eligible_applicants"), "hvem kan søke"),
        (field_label(SchemePage, "ineligible_applicants"), "hvem kan ikke søke"),
        (field_label(StrategyPage, "lead"), "ingress"),
        (field_label(StrategyPage, "project_lead"), "prosjektleder"),
        (SchemeStatus.OPEN.label, "Åpen for søknader"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_labels_are_norwegian(norwegian, text, expected):
    assert str(text) == expected


@pytest.mark.django_db
def test_validation_messages_are_norwegian(norwegian):
    strategy = StrategyPageFactory(parent=site_root())
    meeting = MeetingFactory.build(page=strategy, region=RegionFactory())
    meeting.end = meeting.start

    with pytest.raises(ValidationError) as error:
        meeting.full_clean()

    assert error.value.message_dict["end"] == ["Møtet må slutte etter at det starter."]


def test_page_editor_shows_our_labels_in_norwegian(admin_client):
    finder = SchemeIndexPageFactory(parent=site_root())

    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["schemes", "schemepage", finder.pk])
    )

    content = response.content.decode()
    for label in ["Sammendrag", "Hvem kan søke", "Hvem kan ikke søke", "Relevante lenker"]:
        assert label in content
    assert "Who may apply" not in content
