"""How easy a page's text is to read, measured as LIX (läsbarhetsindex), for the editor.

LIX = words / sentences + 100 × long words / words, where a long word has more than six letters.
It needs no dictionary and no syllable counting, which is why Scandinavian plain-language work
uses it rather than English formulas such as Flesch.

The text is taken from the page's own text fields, rich text and StreamField blocks, each
paragraph, heading and list item a unit of its own: a heading without a full stop still ends a
sentence. Link lists and contacts are navigation, not prose, and are left out. StreamField data
is read raw, so measuring a page never loads the images, pages or people its blocks refer to.
"""

import json
import math
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from base.blocks import ContactBlock, ContactsBlock, LinkBlock, LinksBlock

# A long word has more than this many letters.
LONG_WORD_LETTERS = 6

# Blocks that hold no prose: what they say is link text, names and notes.
NON_PROSE_BLOCKS = (LinkBlock, LinksBlock, ContactBlock, ContactsBlock)

# HTML elements that start and end a unit of text of their own.
BLOCK_ELEMENTS = frozenset(
    {"address", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "table", "td", "th", "tr", "ul"}
)

# Norwegian abbreviations that end in a full stop but hardly ever end a sentence, so that
# "f.eks. Tromsø" or "kl. 10" is not read as two sentences. Ones that often end a sentence
# ("osv.", "mv.", "kr.") are left out: they end one when the next word has a capital.
ABBREVIATIONS = frozenset(
    {"adm.", "ang.", "avd.", "bl.a.", "ca.", "dr.", "dvs.", "ekskl.", "evt.", "f.eks.", "f.o.m."}
    | {"hhv.", "iflg.", "ift.", "iht.", "inkl.", "jf.", "jfr.", "kap.", "kl.", "mht.", "nr."}
    | {"pga.", "pkt.", "prof.", "st.", "t.o.m.", "tlf.", "vedr.", "vha.", "vs."}
)

OPENING_PUNCTUATION = "\"'«“‘(["
CLOSING_PUNCTUATION = "\"'»”’)]"


@dataclass(frozen=True)
class Band:
    """A range of LIX scores with the name Norwegian plain-language guides give it."""

    lower: float
    upper: float
    label: Promise
    example: Promise


# The usual Norwegian bands: below 30 very easy, 30–40 easy, 40–50 medium, 50–60 difficult,
# 60 and above very difficult. A score on a boundary belongs to the harder band.
BANDS = (
    Band(0, 30, _("very easy"), _("children's books")),
    Band(30, 40, _("easy"), _("fiction and popular newspapers")),
    Band(40, 50, _("medium"), _("ordinary newspaper text")),
    Band(50, 60, _("difficult"), _("ordinary official documents")),
    Band(60, math.inf, _("very difficult"), _("technical and legal text")),
)


@dataclass(frozen=True)
class Readability:
    """Counts of a text and the LIX score they give."""

    words: int = 0
    sentences: int = 0
    long_words: int = 0

    def __add__(self, other):
        return Readability(
            self.words + other.words,
            self.sentences + other.sentences,
            self.long_words + other.long_words,
        )

    @property
    def lix(self):
        """The LIX score, or None for a text without words."""
        if not self.words:
            return None
        return self.words / self.sentences + 100 * self.long_words / self.words

    @property
    def score(self):
        """The score as editors read it, a whole number."""
        lix = self.lix
        return None if lix is None else round(lix)

    @property
    def band(self):
        lix = self.lix
        if lix is None:
            return None
        return next(band for band in BANDS if lix < band.upper)

    @property
    def words_per_sentence(self):
        return self.words / self.sentences if self.sentences else None

    @property
    def long_word_percentage(self):
        return 100 * self.long_words / self.words if self.words else None


def _starts_sentence(token):
    """True when a word looks like the first of a sentence: it starts with a capital letter."""
    text = token.lstrip(OPENING_PUNCTUATION)
    return bool(text) and text[0].isupper()


def _ends_sentence(token, next_token):
    """True when a sentence ends after ``token``.

    "!", "?" and "…" always end one. A full stop or colon ends one when a capital follows, unless
    the word is a known abbreviation or an initial ("A."); that keeps dates ("15. mars"),
    numbers and abbreviations inside their sentence.
    """
    text = token.rstrip(CLOSING_PUNCTUATION)
    if text.endswith(("!", "?", "…")):
        return True
    if not text.endswith((".", ":")) or not _starts_sentence(next_token):
        return False
    word = text.lstrip(OPENING_PUNCTUATION).lower()
    is_initial = len(word) == 2 and word[0].isalpha()
    return word not in ABBREVIATIONS and not is_initial


def measure(text):
    """Count the words, sentences and long words of one unit of text (a paragraph, a heading).

    A word is anything between spaces with a letter or digit in it; the unit's end ends a
    sentence, whatever punctuation it has.
    """
    tokens = [token for token in text.split() if any(char.isalnum() for char in token)]
    if not tokens:
        return Readability()
    long_words = sum(
        1 for token in tokens if sum(char.isalpha() for char in token) > LONG_WORD_LETTERS
    )
    inner_ends = sum(
        1 for token, next_token in pairwise(tokens) if _ends_sentence(token, next_token)
    )
    return Readability(words=len(tokens), sentences=inner_ends + 1, long_words=long_words)


def readability_of(units):
    """The readability of a text given as units (paragraphs, headings, list items)."""
    total = Readability()
    for unit in units:
        total += measure(unit)
    return total


class _RichTextUnits(HTMLParser):
    """Splits HTML into the text of its paragraphs, headings and list items."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units = []
        self._parts = []

    def _end_unit(self):
        text = " ".join("".join(self._parts).split())
        if text:
            self.units.append(text)
        self._parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_ELEMENTS:
            self._end_unit()

    def handle_endtag(self, tag):
        if tag in BLOCK_ELEMENTS:
            self._end_unit()

    def handle_data(self, data):
        self._parts.append(data)

    def close(self):
        super().close()
        self._end_unit()


def rich_text_units(html):
    """The units of text of rich text, in Wagtail's database format or as display HTML."""
    parser = _RichTextUnits()
    parser.feed(str(html or ""))
    parser.close()
    return parser.units


def plain_text_units(text):
    """The units of text of plain text: each line is one."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def block_units(block, value):
    """The units of text of a block, read from its raw (JSON) value."""
    if isinstance(block, NON_PROSE_BLOCKS) or value is None:
        return []
    if isinstance(block, blocks.StreamBlock):
        units = []
        for child in value:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                units += block_units(child_block, child.get("value"))
        return units
    if isinstance(block, blocks.ListBlock):
        units = []
        for item in value:
            # Lists saved before Wagtail 2.16 hold bare values rather than {"type": "item", ...}.
            item_value = item["value"] if block._item_is_in_block_format(item) else item
            units += block_units(block.child_block, item_value)
        return units
    if isinstance(block, blocks.StructBlock):
        units = []
        for name, child_block in block.child_blocks.items():
            units += block_units(child_block, value.get(name))
        return units
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_units(value)
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return plain_text_units(value)
    # Choosers, addresses, dates and numbers are not text to read.
    return []


def stream_units(field, value):
    """The units of text of a StreamField value: a StreamValue, or JSON as revisions store it."""
    if isinstance(value, StreamValue):
        raw = list(value.raw_data)
    elif isinstance(value, str):
        try:
            raw = json.loads(value)
        except ValueError:
            return []
    else:
        raw = value
    if not isinstance(raw, list):
        return []
    return block_units(field.stream_block, raw)


def text_fields(model):
    """The fields of a page type that hold its prose: text, rich text and StreamFields.

    Fields that every page has (title, search description) are left out, as are short
    one-line fields (CharField), which hold names and headings of fixed parts.
    """
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | StreamField) and not issubclass(Page, field.model)
    ]


def field_units(field, value):
    if isinstance(field, StreamField):
        return stream_units(field, value)
    if isinstance(field, RichTextField):
        return rich_text_units(value)
    return plain_text_units(value)


def page_units(page):
    """Every unit of text of a page as it stands in memory (in the editor: the latest draft)."""
    units = []
    for field in text_fields(type(page)):
        units += field_units(field, getattr(page, field.attname, None))
    return units


def page_readability(page):
    return readability_of(page_units(page))


def content_readability(model, content):
    """The readability of a page from the content a revision stores, without building the page."""
    units = []
    for field in text_fields(model):
        units += field_units(field, content.get(field.attname))
    return readability_of(units)


def latest_draft_readability(page):
    """The readability of a page's latest draft: its latest revision, or the page itself.

    Reads ``page.latest_revision``, which listings select with the page, so that measuring a
    whole listing costs no query per page.
    """
    revision = page.latest_revision if page.latest_revision_id else None
    if revision is None:
        return page_readability(page)
    return content_readability(type(page), revision.content)
