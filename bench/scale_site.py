"""A large site for the scale benchmark, built in bulk but left as publishing leaves it.

Publishing 10,000 pages one at a time through the editor takes hours; the pages here are
written in bulk instead (tree rows, page rows, their taxonomies, a live revision each, Wagtail's
search index and reference index), and then ``rebuild_api_documents`` builds their API
documents, which also fills the project's search index and the documents' references. The
result is what editors publishing each page would have left: live pages with a live revision,
a document each, both search indexes and both kinds of reference.

The shape is the issue's: schemes under ``parents`` topic pages (the first holds
``big_parent`` of them), one staff person shown on ``person_pages`` of them, and one topic page
that the same schemes link to (a related link), for hiding a page shown on that many.
"""

import io
import json
import random
import uuid

PARENTS = 20
BIG_PARENT = 500
PERSON_PAGES = 2000
BATCH = 500
SEED = 2026

WORDS = [
    "næringsutvikling",
    "omstilling",
    "kompetanse",
    "bredbånd",
    "dagligvarebutikk",
    "reiseliv",
    "fiskeri",
    "havbruk",
    "landbruk",
    "innovasjon",
    "gründer",
    "bedrift",
    "kommune",
    "region",
    "samarbeid",
    "tilskudd",
    "søknad",
    "frist",
    "prosjekt",
    "utvikling",
    "attraktive",
    "samfunn",
    "bolig",
    "sentrum",
    "ungdom",
    "kultur",
    "næring",
    "verdiskaping",
    "bærekraft",
    "energi",
    "transport",
    "marked",
    "eksport",
    "investering",
    "forskning",
]


def _text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _stream(block_type, value):
    return json.dumps([{"type": block_type, "value": value, "id": str(uuid.uuid4())}])


def build(schemes, parents=PARENTS, big_parent=BIG_PARENT, person_pages=PERSON_PAGES, say=None):
    """Add ``schemes`` published schemes under ``parents`` new topic pages of the home page.

    Returns a dict of what the benchmark measures: the person, the big parent, a leaf.
    The loaded Troms content must be there already (``load_troms_content``).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page, ReferenceIndex, Revision
    from wagtail.search.backends import get_search_backend

    from base.collation import sort_key
    from base.publication import reference_key
    from headless.documents import _prefetches
    from headless.models import PageDocumentReference
    from home.models import HomePage, TopicPage
    from people.models import Person
    from schemes.choices import SchemeStatus
    from schemes.models import SchemePage
    from taxonomy.models import Municipality, Topic

    say = say or (lambda text: None)
    rng = random.Random(SEED)  # noqa: S311 (a reproducible site, not a secret)
    editor, _created = get_user_model().objects.get_or_create(
        username="skala-redaktor", defaults={"is_superuser": True, "is_staff": True}
    )
    home = HomePage.objects.get()
    person = Person.objects.create(
        name="Skala Kontaktperson",
        job_title="Rådgiver",
        department="Næring og kultur",
        email="skala.kontaktperson@tromsfylke.no",
    )
    municipalities = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))

    # Published as an editor would: one page, linked to from the schemes that show the person.
    linked = home.add_child(
        instance=TopicPage(title="Skala lenket side", slug="skala-lenket-side", lead=_text(rng, 12))
    )
    linked.save_revision(user=editor).publish(user=editor)

    # The parents are published one at a time, as an editor would: there are few.
    topic_pages = []
    for number in range(1, parents + 1):
        topic_page = home.add_child(
            instance=TopicPage(
                title=f"Skalatema {number}", slug=f"skalatema-{number}", lead=_text(rng, 12)
            )
        )
        topic_page.save_revision(user=editor).publish(user=editor)
        topic_pages.append(Page.objects.get(pk=topic_page.pk))

    counts = [min(big_parent, schemes)] if parents else []
    rest = schemes - sum(counts)
    for position in range(1, parents):
        share = rest // (parents - position)
        counts.append(share)
        rest -= share

    scheme_type = ContentType.objects.get_for_model(SchemePage)
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    person_left = person_pages
    new_ids = []
    number = 0
    say(f"  writing {schemes} schemes under {parents} parents ...")
    with transaction.atomic():
        for parent, count in zip(topic_pages, counts, strict=False):
            rows = []
            for position in range(1, count + 1):
                number += 1
                slug = f"skalaordning-{number}"
                shows_person = person_left > 0 and number % max(1, schemes // person_pages) == 0
                person_left -= shows_person
                contacts = (
                    _stream("contact", {"person": person.pk, "note": ""}) if shows_person else "[]"
                )
                related_links = (
                    _stream("link", {"title": "Les mer", "page": linked.pk, "url": ""})
                    if shows_person
                    else "[]"
                )
                title = f"{_text(rng, 3)[:-1]} {number}"
                rows.append(
                    SchemePage(
                        title=title,
                        title_sort_key=sort_key(title),
                        draft_title="",
                        slug=slug,
                        content_type=scheme_type,
                        path=Page._get_path(parent.path, parent.depth + 1, position),
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        latest_revision_created_at=now,
                        owner=editor,
                        locale_id=parent.locale_id,
                        translation_key=uuid.uuid4(),
                        summary=_text(rng, 20),
                        body=_stream("paragraph", f"<p>{_text(rng, 60)}</p>"),
                        status=rng.choice([SchemeStatus.OPEN, SchemeStatus.CONTINUOUS]),
                        contacts=contacts,
                        related_links=related_links,
                    )
                )
            for row in rows:
                row.draft_title = row.title
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                # Django writes a child model's own table only through save(); here the page rows
                # go in bulk first, then the scheme rows that extend them.
                bases = Page.objects.bulk_create(
                    [
                        Page(**{f.attname: getattr(row, f.attname) for f in Page._meta.fields})
                        for row in chunk
                    ]
                )
                for row, base in zip(chunk, bases, strict=True):
                    row.page_ptr_id = row.pk = base.pk
                SchemePage._base_manager._insert(
                    chunk, fields=SchemePage._meta.local_concrete_fields
                )
                new_ids.extend(row.pk for row in chunk)
            Page.objects.filter(pk=parent.pk).update(numchild=count)
        through = {name: getattr(SchemePage, name).through for name in ("municipalities", "topics")}
        for start in range(0, len(new_ids), BATCH):
            chunk = new_ids[start : start + BATCH]
            through["municipalities"].objects.bulk_create(
                through["municipalities"](schemepage_id=pk, municipality_id=term)
                for pk in chunk
                for term in rng.sample(municipalities, min(2, len(municipalities)))
            )
            through["topics"].objects.bulk_create(
                through["topics"](schemepage_id=pk, topic_id=rng.choice(topics))
                for pk in chunk
                if topics
            )

    say("  revisions, Wagtail's search index and reference index ...")
    backend = get_search_backend()
    for start in range(0, len(new_ids), BATCH):
        with transaction.atomic():
            pages = list(
                SchemePage.objects.filter(pk__in=new_ids[start : start + BATCH]).prefetch_related(
                    *_prefetches(SchemePage)
                )
            )
            revisions = Revision.objects.bulk_create(
                Revision(
                    content_type=scheme_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=now,
                    user=editor,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page in pages
            )
            for page, revision in zip(pages, revisions, strict=True):
                page.live_revision_id = page.latest_revision_id = revision.pk
            Page.objects.bulk_update(
                [Page(pk=p.pk, live_revision_id=p.live_revision_id) for p in pages],
                ["live_revision_id"],
            )
            Page.objects.filter(pk__in=[p.pk for p in pages]).update(
                latest_revision_id=F("live_revision_id")
            )
            backend.add_bulk(SchemePage, pages)
            ReferenceIndex.objects.bulk_create(
                _references(ReferenceIndex, pages, scheme_type, page_type),
                ignore_conflicts=True,
            )

    say("  API documents (rebuild_api_documents) ...")
    call_command("rebuild_api_documents", stdout=io.StringIO())
    big = topic_pages[0] if topic_pages else None
    person_page_ids = sorted(
        PageDocumentReference.objects.filter(target=reference_key(person)).values_list(
            "document_id", flat=True
        )
    )
    linked_page_ids = sorted(
        PageDocumentReference.objects.showing([linked]).values_list("document_id", flat=True)
    )
    leaf = SchemePage.objects.filter(pk__in=new_ids).exclude(pk__in=person_page_ids).last()
    return {
        "person": person,
        "big_parent": big,
        "big_parent_children": counts[0] if counts else 0,
        "leaf": leaf,
        "editor": editor,
        "scheme_ids": new_ids,
        "person_page_ids": person_page_ids,
        "linked_page": Page.objects.get(pk=linked.pk),
        "linked_page_ids": linked_page_ids,
    }


def _references(model, pages, content_type, base_content_type):
    for page in pages:
        for to_type, to_id, model_path, content_path in set(
            model._extract_references_from_object(page)
        ):
            yield model(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(page.pk),
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=model._get_content_path_hash(content_path),
            )
