"""Filling the search index from public page documents, people and documents.

Pages are indexed from their public API documents (``headless.PageDocument``), which exist only for
pages an anonymous reader may see and are rebuilt whenever anything a page shows changes. The
index therefore never holds a draft, and a page leaves it when its document is removed.
"""

import html
import json
import re

from django.db import transaction
from django.utils.html import strip_tags
from wagtail.documents import get_document_model

from base.publication import ADDRESS_MARKERS
from headless.models import PageDocument
from people.models import Person

from . import norwegian, vocabulary
from .choices import EntryKind
from .models import SearchEntry, SearchPosting
from .ranking import exact_scores

# Page types whose results are labelled as something other than a page.
RESULT_TYPES_BY_PAGE_TYPE = {
    "schemes.SchemePage": "scheme",
    "schemes.ProgrammePage": "programme",
}

# Fields of a page document that summarise the page, in the order a snippet prefers them.
SUMMARY_KEYS = ("summary", "lead", "intro", "goal")
# Lists of names that say what a page is about or where it applies: weighted above body text.
KEYWORD_KEYS = frozenset(
    [
        "topics",
        "municipalities",
        "regions",
        "industries",
        "eligible_applicants",
        "participating_counties",
        "owner_organisation",
        "funding_partners",
        "meeting_partners",
    ]
)
# Keys whose values are identifiers, codes, addresses or enumerations rather than prose.
SKIPPED_KEYS = frozenset(
    [
        "id",
        "type",
        "slug",
        "url",
        "html_url",
        "detail_url",
        "kind",
        "status",
        "state",
        "number",
        "start",
        "end",
        "opens_at",
        "deadline",
        "next_deadline",
        "email",
        "phone",
        "photo",
        "image",
        "renditions",
        "field_type",
        "locale",
        "meta",
    ]
)
# Parts that are indexed but make poor snippets: names of contacts, other pages and links.
NOT_SNIPPET_KEYS = SKIPPED_KEYS | {
    "contacts",
    "person",
    "project_lead",
    "cards",
    "links",
    "related_links",
    "related_programme_pages",
    "form_fields",
}
NOT_PROSE = re.compile(r"^(?:https?://|/|\d{4}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-)")
# Indexed with every person; not a user-facing text, but a word citizens search with.
KONTAKTPERSON = "kontaktperson"
# Display text kept for snippets; the words themselves are indexed in full.
MAX_DISPLAY_LENGTH = 20_000
# Only stems this long can end in a compound part worth finding from its end.
MIN_REVERSED_LENGTH = norwegian.MIN_PART_LENGTH + norwegian.MIN_REMAINDER_LENGTH


def plain_text(value):
    """Rich text or plain text as plain text, with block boundaries kept as spaces."""
    if "<" in value:
        value = strip_tags(re.sub(r"<(?:/p|br\s*/?|/li|/h\d)>", " ", value))
    return " ".join(html.unescape(value).split())


def _strings(value, skipped=SKIPPED_KEYS):
    """Every piece of prose in a value of a page document, depth first."""
    if isinstance(value, str):
        if value and not NOT_PROSE.match(value):
            yield plain_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skipped and not key.endswith(("_url", "_date")):
                yield from _strings(item, skipped)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skipped)


def _headings(payload):
    """Headings of a page's own parts, which say what it is about better than its body text."""
    for key, value in payload.items():
        if key.endswith(("_heading", "_title")) and isinstance(value, str):
            yield plain_text(value)
        elif isinstance(value, list):
            for block in value:
                if not isinstance(block, dict):
                    continue
                if block.get("type") == "heading" and isinstance(block.get("value"), str):
                    yield plain_text(block["value"])
                elif block.get("type") == "section" and isinstance(block.get("value"), dict):
                    yield plain_text(block["value"].get("title") or "")


def _unique(texts):
    seen = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen


def analysed_fields(title, summary, keywords, body, title_weight=vocabulary.TITLE):
    """The indexed forms of an entry's four weighted fields, and its words (``terms``)."""
    fields = {}
    all_stems = set()
    for name, text in (
        ("title", title),
        ("summary", summary),
        ("keywords", keywords),
        ("body", body),
    ):
        words = norwegian.folded_words(text)
        stems = [norwegian.stem(word) for word in words]
        all_stems.update(stems)
        fields[f"{name}_words"] = " ".join(words)
        fields[f"{name}_stems"] = " ".join(stems)
    fields["reversed_stems"] = " ".join(
        sorted(norwegian.reverse(stem) for stem in all_stems if len(stem) >= MIN_REVERSED_LENGTH)
    )
    fields["postings"] = exact_scores(
        fields["title_stems"],
        fields["summary_stems"],
        fields["keywords_stems"],
        fields["body_stems"],
    )
    fields["terms"] = vocabulary.entry_terms(
        [
            (title, title_weight),
            (keywords, vocabulary.KEYWORD),
            (summary, vocabulary.SUMMARY),
            (body, vocabulary.BODY),
        ]
    )
    return fields


def page_entry_values(payload):
    """Index entry values for a page, from its public API document."""
    meta = payload.get("meta", {})
    summaries = _unique(
        [plain_text(payload[key]) for key in SUMMARY_KEYS if isinstance(payload.get(key), str)]
        + [plain_text(meta.get("search_description") or "")]
    )
    keywords = []
    body = []
    prose = []
    for key, value in payload.items():
        if key in ("id", "title", "meta", *SUMMARY_KEYS) or key in SKIPPED_KEYS:
            continue
        if key.endswith(("_url", "_date")):
            continue
        (keywords if key in KEYWORD_KEYS else body).extend(_strings(value))
        if key not in KEYWORD_KEYS and key not in NOT_SNIPPET_KEYS:
            prose.extend(_strings(value, NOT_SNIPPET_KEYS))
    title = payload.get("title", "")
    seo_title = meta.get("seo_title") or ""
    summary_text = " ".join(summaries)
    keywords_text = " ".join(_unique([*_headings(payload), *keywords]))
    body_text = " ".join(body)
    result_type = RESULT_TYPES_BY_PAGE_TYPE.get(meta.get("type"), "page")
    return {
        "result_type": result_type,
        "title": title[:255],
        "url": meta.get("html_url") or "",
        "summary": summaries[0] if summaries else "",
        "body": " ".join(prose)[:MAX_DISPLAY_LENGTH],
        "details": {},
        **analysed_fields(
            f"{title} {seo_title}",
            summary_text,
            keywords_text,
            body_text,
            # Schemes and programmes are known by their names, as people are.
            vocabulary.TITLE if result_type == "page" else vocabulary.NAME,
        ),
    }


def person_entry_values(person, topic_names):
    """Index entry values for a person: found by name first, then by what they answer for."""
    summary = " – ".join(part for part in (person.job_title, person.area_of_responsibility) if part)
    # "Kontaktperson" lets a search such as "kontaktperson bredbånd" prefer people.
    keywords = " ".join([person.department, *topic_names, KONTAKTPERSON])
    return {
        "result_type": "person",
        "title": person.name[:255],
        "url": "",
        "summary": summary,
        "body": "",
        "details": {"email": person.email, "phone": person.phone},
        **analysed_fields(person.name, summary, keywords, "", vocabulary.NAME),
    }


def document_entry_values(document, tag_names):
    """Index entry values for a document: its title and tags."""
    return {
        "result_type": "document",
        "title": document.title[:255],
        # Documents download from this server; its base is added when answering.
        "url": ADDRESS_MARKERS["api"] + document.url,
        "summary": document.title,
        "body": "",
        "details": {},
        **analysed_fields(document.title, "", " ".join(tag_names), ""),
    }


def store_postings(postings_by_entry):
    """Replace the postings of entries ({entry: {stem: score}}), in two queries."""
    SearchPosting.objects.filter(entry__in=list(postings_by_entry)).delete()
    SearchPosting.objects.bulk_create(
        SearchPosting(entry=entry, stem=stem, score=score)
        for entry, postings in postings_by_entry.items()
        for stem, score in postings.items()
    )


def _store(kind, object_id, values):
    values = dict(values)
    terms = values.pop("terms", [])
    postings = values.pop("postings", {})
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind, object_id=object_id, defaults=values
    )
    vocabulary.store(entry, terms)
    store_postings({entry: postings})


def index_page_document(page_document):
    _store(
        EntryKind.PAGE, page_document.page_id, page_entry_values(json.loads(page_document.payload))
    )


def index_page_documents(page_documents):
    """Index many page documents at once, in a fixed number of queries."""
    values = {
        document.page_id: page_entry_values(json.loads(document.payload))
        for document in page_documents
    }
    if not values:
        return
    terms = {object_id: entry.pop("terms", []) for object_id, entry in values.items()}
    postings = {object_id: entry.pop("postings", {}) for object_id, entry in values.items()}
    fields = list(next(iter(values.values())))
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(kind=EntryKind.PAGE, object_id=object_id, **entry)
            for object_id, entry in values.items()
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=fields,
    )
    entries = SearchEntry.objects.filter(kind=EntryKind.PAGE, object_id__in=values).only(
        "pk", "object_id"
    )
    vocabulary.store_many({entry: terms[entry.object_id] for entry in entries})
    store_postings({entry: postings[entry.object_id] for entry in entries})


def index_person(person):
    topic_names = [topic.name for topic in person.topics.all()]
    _store(EntryKind.PERSON, person.pk, person_entry_values(person, topic_names))


def index_document(document):
    tag_names = [tag.name for tag in document.tags.all()]
    _store(EntryKind.DOCUMENT, document.pk, document_entry_values(document, tag_names))


def remove(kind, object_id):
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
    vocabulary.changed()


def rebuild():
    """Index everything from scratch, e.g. after a change to how text is analysed."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for page_document in PageDocument.objects.all().iterator():
            index_page_document(page_document)
        for person in Person.objects.prefetch_related("topics"):
            index_person(person)
        for document in get_document_model().objects.prefetch_related("tags"):
            index_document(document)
        vocabulary.changed()
    return SearchEntry.objects.count()
