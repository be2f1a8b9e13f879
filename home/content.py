"""The home part of the Troms content: taxonomies, the home page and the topic page shell.

It also holds ``ContentLoader``, through which every app's ``content.py`` creates or checks its
objects, so that the whole tree follows one rule: the loader creates what is missing, leaves
alone what already matches, and does not overwrite what an editor has changed since, unless it
runs with ``force``. Even then it leaves alone a page with an unpublished draft or one in
review (an approval workflow in progress): publishing over it would drop the draft from what
editors see and cancel the review.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Collection, Page, Site

from headless import documents
from taxonomy.choices import OrganisationKind
from taxonomy.models import County, Industry, Municipality, Organisation, Region, Topic

from .models import HomePage, TopicPage

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
SKIPPED = "skipped"

# An object can be visited more than once in a run (a page is created, then filled in once its
# children exist); its outcome for the summary is the most telling of its visits.
OUTCOME_WEIGHT = {UNCHANGED: 0, UPDATED: 1, SKIPPED: 2, CREATED: 3}

NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def ascii_slug(text):
    """A slug in ASCII the Norwegian way: "Sør-Troms" becomes "sor-troms", not "sr-troms"."""
    return slugify(text.translate(NORWEGIAN_LETTERS))


def rich_text(*paragraphs):
    """Plain paragraphs as the simple HTML that rich text fields and blocks store."""
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _strip_block_ids(value):
    """Stream data without block ids, which are new random UUIDs every time a stream is built."""
    if isinstance(value, list):
        return [_strip_block_ids(item) for item in value]
    if isinstance(value, dict):
        is_block = "type" in value and "value" in value
        return {
            key: _strip_block_ids(item)
            for key, item in value.items()
            if not (is_block and key == "id")
        }
    return value


def _apply(obj, fields):
    """Set ``fields`` on an unsaved or in-memory object, including its relations."""
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if field.one_to_many:
            # An inline child relation (meetings, milestones, form fields), given as dicts, in
            # the order they are shown. The order is stored, as the page editor stores it:
            # without it the database returns the rows in whatever order it finds them.
            model = field.related_model
            ordered = any(child.name == "sort_order" for child in model._meta.fields)
            value = [
                model(**({"sort_order": index} if ordered else {}), **item)
                for index, item in enumerate(value)
            ]
        setattr(obj, name, value)


def _comparable(obj, name, child_keys=()):
    """The value of a field in a form that compares equal whenever the content is the same."""
    field = obj._meta.get_field(name)
    if isinstance(field, StreamField):
        return _strip_block_ids(field.get_prep_value(getattr(obj, name)))
    if field.many_to_many:
        return sorted(item.pk for item in getattr(obj, name).all())
    if field.one_to_many:
        return [
            {key: _comparable(child, key) for key in child_keys}
            for child in getattr(obj, name).all()
        ]
    if field.many_to_one:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def _matches(obj, fields):
    """True when ``obj`` already holds ``fields``: nothing to write, nothing overwritten."""
    expected = type(obj)()
    _apply(expected, fields)
    for name, value in fields.items():
        is_inline = obj._meta.get_field(name).one_to_many
        child_keys = sorted({key for item in value for key in item}) if is_inline else ()
        if _comparable(obj, name, child_keys) != _comparable(expected, name, child_keys):
            return False
    return True


def _describe(obj):
    return f"{obj._meta.verbose_name} «{obj}» (id {obj.pk})"


class ContentLoader:
    """Creates or checks each page and snippet of the content, and counts what it did.

    Pages and snippets are compared with what the loader would write, field by field and only
    for the fields the loader sets, so that an editor's additions elsewhere (a phone number, a
    photo) are kept even with ``force``. Anything that differs is an editor's change and is
    skipped, unless ``force``; an object the loader wrote earlier in the same run may always be
    completed, for pages that can only be finished once their children exist.
    """

    def __init__(self, *, force=False, warn=None, info=None):
        self.force = force
        self.warn = warn or (lambda message: None)
        self.info = info or (lambda message: None)
        self.outcomes = {}
        # What an editor or administrator had changed and ``force`` wrote over, described.
        self.overwritten = []
        self.objects = {}
        self._written = set()

    # Bookkeeping ---------------------------------------------------------------------------

    @staticmethod
    def _key(obj):
        return (obj._meta.label, obj.pk)

    def record(self, obj, outcome, *, warn=True):
        key = self._key(obj)
        previous = self.outcomes.get(key)
        if previous is None or OUTCOME_WEIGHT[outcome] > OUTCOME_WEIGHT[previous]:
            self.outcomes[key] = outcome
        if outcome == CREATED:
            self._written.add(key)
            self.info(_("Created %(object)s.") % {"object": _describe(obj)})
        elif outcome == UPDATED:
            self._written.add(key)
            self.info(_("Updated %(object)s.") % {"object": _describe(obj)})
        elif outcome == SKIPPED and warn:
            self.warn(
                _(
                    "Skipped %(object)s: it has been changed since it was loaded. "
                    "Use --force to overwrite it."
                )
                % {"object": _describe(obj)}
            )

    def overwrite(self, description):
        """Note that ``force`` writes over an editor's change to what ``description`` names."""
        if description not in self.overwritten:
            self.overwritten.append(description)

    def register(self, model, key, obj):
        self.objects[(model._meta.label, key)] = obj
        return obj

    def get(self, model, key):
        """An object that an earlier part of the run created or found, by its key."""
        return self.objects[(model._meta.label, key)]

    def counts(self):
        counts = dict.fromkeys(OUTCOME_WEIGHT, 0)
        for outcome in self.outcomes.values():
            counts[outcome] += 1
        return counts

    def summary(self):
        return (
            _(
                "Troms content: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(skipped)d skipped."
            )
            % self.counts()
        )

    # Snippets ------------------------------------------------------------------------------

    def snippet(self, model, lookup, fields, *, fallback=None):
        """The snippet found by ``lookup`` or ``fallback``, created or checked against fields."""
        obj = model.objects.filter(**lookup).first()
        if obj is None and fallback:
            obj = model.objects.filter(**fallback).first()
        if obj is None:
            obj = model(**lookup)
            self._save_snippet(obj, fields)
            self.record(obj, CREATED)
        elif _matches(obj, fields):
            self.record(obj, UNCHANGED)
        elif self.force:
            self.overwrite(_describe(obj))
            self._save_snippet(obj, fields)
            self.record(obj, UPDATED)
        else:
            self.record(obj, SKIPPED)
        return self.register(model, next(iter(lookup.values())), obj)

    @staticmethod
    def _save_snippet(obj, fields):
        _apply(obj, fields)
        obj.full_clean()
        obj.save()

    def term(self, model, name, **fields):
        """A taxonomy term, found by its slug or else its name (both are unique)."""
        return self.snippet(
            model, {"slug": ascii_slug(name)}, {"name": name, **fields}, fallback={"name": name}
        )

    # Pages ---------------------------------------------------------------------------------

    def page(self, parent, model, slug, fields, *, existing=None, initial=None):
        """The child of ``parent`` with ``slug``, created and published, or checked and updated.

        ``initial`` fields are set when the page is created and never compared or written
        again: they are the editors' to change (such as whether the feedback box is open).
        """
        page = existing or model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug)
            _apply(page, {**fields, **(initial or {})})
            # A fresh copy of the parent, so that treebeard sees its current number of children.
            Page.objects.get(pk=parent.pk).add_child(instance=page)
            page.save_revision().publish()
            self.record(page, CREATED)
        else:
            self.update_page(page, fields)
        return self.register(model, slug, model.objects.get(pk=page.pk))

    def update_page(self, page, fields):
        """Publish ``fields`` on an existing page, unless an editor has changed it since."""
        # Fresh from the database: a copy held since earlier in the run may have a stale number
        # of children, which publishing would write back into the tree.
        page = Page.objects.get(pk=page.pk).specific
        current = page.get_latest_revision_as_object()
        if page.live and not page.has_unpublished_changes and _matches(current, fields):
            self.record(current, UNCHANGED)
        elif self._key(current) in self._written:
            self._publish(current, fields)
        elif not self.force:
            self.record(current, SKIPPED)
        elif page.has_unpublished_changes or page.workflow_in_progress:
            self.record(current, SKIPPED, warn=False)
            self.warn(
                _(
                    "Left %(object)s alone even with --force: it has an unpublished draft or is "
                    "in review. Publish or discard the draft, or finish the review, first."
                )
                % {"object": _describe(current)}
            )
        else:
            self.overwrite(_describe(current))
            self._publish(current, fields)
        return type(current).objects.get(pk=current.pk)

    def _publish(self, page, fields):
        _apply(page, fields)
        page.save_revision().publish()
        self.record(page, UPDATED)


# Content --------------------------------------------------------------------------------------

WELCOME_PAGE_TITLE = "Welcome to your new Wagtail site!"

REGIONS = [
    # name, alternative name
    ("Midt-Troms", ""),
    ("Sør-Troms", "Hålogaland"),
    ("Tromsøregionen", ""),
    ("Nord-Troms", ""),
]

MUNICIPALITIES = [
    # name, official number, official name where it differs, region
    ("Tromsø", "5501", "", "Tromsøregionen"),
    ("Harstad", "5503", "", "Sør-Troms"),
    ("Kvæfjord", "5510", "", "Sør-Troms"),
    ("Tjeldsund", "5512", "", "Sør-Troms"),
    ("Ibestad", "5514", "", "Sør-Troms"),
    ("Gratangen", "5516", "", "Sør-Troms"),
    ("Lavangen", "5518", "Loabák – Lavangen", "Midt-Troms"),
    ("Bardu", "5520", "", "Midt-Troms"),
    ("Salangen", "5522", "", "Midt-Troms"),
    ("Målselv", "5524", "", "Midt-Troms"),
    ("Sørreisa", "5526", "", "Midt-Troms"),
    ("Dyrøy", "5528", "", "Midt-Troms"),
    ("Senja", "5530", "", "Midt-Troms"),
    ("Balsfjord", "5532", "Balsfjord – Báhcavuotna – Pahtajokki", "Tromsøregionen"),
    ("Karlsøy", "5534", "", "Tromsøregionen"),
    ("Lyngen", "5536", "", "Nord-Troms"),
    ("Storfjord", "5538", "Storfjord – Omasvuotna – Omasvuono", "Nord-Troms"),
    ("Kåfjord", "5540", "Gáivuotna – Kåfjord – Kaivuono", "Nord-Troms"),
    ("Skjervøy", "5542", "", "Nord-Troms"),
    ("Nordreisa", "5544", "Nordreisa – Ráisa – Raisi", "Nord-Troms"),
    ("Kvænangen", "5546", "", "Nord-Troms"),
]

COUNTIES = [("Troms", "55"), ("Nordland", "18"), ("Rogaland", "11")]

ORGANISATIONS = [
    # name, short name, kind, region it serves
    ("Troms fylkeskommune", "", OrganisationKind.COUNTY_AUTHORITY, None),
    ("Midt-Tromsrådet", "", OrganisationKind.REGIONAL_COUNCIL, "Midt-Troms"),
    ("Hålogalandsrådet", "", OrganisationKind.REGIONAL_COUNCIL, "Sør-Troms"),
    ("Nord-Troms Regionråd", "", OrganisationKind.REGIONAL_COUNCIL, "Nord-Troms"),
    (
        "Interkommunalt politisk råd for Tromsøregionen",
        "",
        OrganisationKind.REGIONAL_COUNCIL,
        "Tromsøregionen",
    ),
    ("Kommunal- og distriktsdepartementet", "KDD", OrganisationKind.MINISTRY, None),
    ("Design og arkitektur Norge", "DOGA", OrganisationKind.AGENCY, None),
    ("Staten", "", OrganisationKind.STATE, None),
    ("Campus Nord-Troms", "", OrganisationKind.EDUCATION, None),
    ("Nordnorsk Vitensenter", "", OrganisationKind.EDUCATION, None),
    ("Stortinget", "", OrganisationKind.STATE, None),
]

# The industries the strategy names as the county's strong ones.
INDUSTRIES = [
    "Fiskeri og havbruk",
    "Reiseliv",
    "Landbruk",
    "Reindrift",
    "Mineraler",
    "Energi",
    "Maritim",
    "Petroleum",
    "Tilknyttede næringer",
    "Tjenesteytende næringer",
]

# The section headings of Attraktive samfunn, then the subjects the pages and people cover.
TOPICS = [
    "Omstilling",
    "Næringsutvikling og kompetanse",
    "Infrastruktur",
    "Nasjonale satsninger og programmer",
    "Samfunnsutvikling",
    "Kompetanse",
    "Bredbånd",
    "Dagligvarebutikker",
    "Næringsstrategi",
]

HOME_PAGE = {
    "title": "Troms næringsportal",
    "search_description": (
        "Troms fylkeskommunes sider om næringsutvikling og attraktive samfunn i Troms."
    ),
}

TOPIC_PAGE_LEAD = (
    "Fylkeskommunen jobber for at Troms skal inkluderende og bærekraftige byer og lokalsamfunn "
    "der folk kan bo og leve gode liv med gode rammebetingelser for næringsutvikling."
)
# The sections, which show the schemes and programmes below the page, are added by
# schemes.content once those exist.
TOPIC_PAGE = {
    "title": "Attraktive samfunn",
    "lead": TOPIC_PAGE_LEAD,
    "intro": rich_text(
        "Les mer om hvordan vi jobber med nærings- og samfunnsutvikling i Troms under."
    ),
    "search_description": TOPIC_PAGE_LEAD,
    "show_in_menus": True,
}


def load_taxonomies(loader):
    for name, alternative_name in REGIONS:
        loader.term(Region, name, alternative_name=alternative_name)
    for name, number, official_name, region in MUNICIPALITIES:
        loader.term(
            Municipality,
            name,
            number=number,
            official_name=official_name,
            region=loader.get(Region, ascii_slug(region)),
        )
    for name, number in COUNTIES:
        loader.term(County, name, number=number)
    for name, short_name, kind, region in ORGANISATIONS:
        loader.term(
            Organisation,
            name,
            short_name=short_name,
            kind=kind,
            region=loader.get(Region, ascii_slug(region)) if region else None,
        )
    for name in INDUSTRIES:
        loader.term(Industry, name)
    for name in TOPICS:
        loader.term(Topic, name)


def default_welcome_page(root):
    """The page Wagtail's first migration creates, if no one has turned it into anything else."""
    return (
        Page.objects.child_of(root)
        .filter(
            content_type=ContentType.objects.get_for_model(Page),
            title=WELCOME_PAGE_TITLE,
            numchild=0,
        )
        .first()
    )


def remove_welcome_page(loader, root):
    welcome = default_welcome_page(root)
    if welcome is None:
        return
    # A site's root page is deleted with cascade; the sites wait at the tree root meanwhile and
    # are pointed at the home page once it exists.
    for site in Site.objects.filter(root_page=welcome):
        site.root_page = root
        site.save()
    # The site history keeps the title of a deleted page; editors read it in Norwegian.
    welcome.title = welcome.draft_title = "Wagtails velkomstside"
    welcome.delete()
    loader.info(_("Removed Wagtail's default welcome page."))


def point_default_site_at(loader, home, root):
    """Serve the home page on the default site; a real hostname set on it is kept."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=HOME_PAGE["title"],
        )
        outcome = CREATED
    elif site.root_page_id == home.pk:
        outcome = UNCHANGED
        if not site.site_name:
            # Wagtail's own site has no name, and the admin's dashboard is then titled with its
            # host name ("localhost").
            site.site_name = HOME_PAGE["title"]
            site.save()
            outcome = UPDATED
    elif site.root_page_id == root.pk or loader.force:
        if site.root_page_id != root.pk:
            loader.overwrite(_describe(site))
        site.root_page = home
        site.site_name = site.site_name or HOME_PAGE["title"]
        site.save()
        outcome = UPDATED
    else:
        outcome = SKIPPED
    loader.record(site, outcome)
    # Any other site that waited at the tree root while the welcome page went.
    for other in Site.objects.filter(root_page=root):
        other.root_page = home
        other.save()
    # The pages' public URLs depend on the site they are under, and saving a site does not
    # rebuild the API documents by itself.
    if outcome in (CREATED, UPDATED):
        documents.rebuild_page_and_dependants(home)


# What Wagtail's migrations call the tree root and the root collection, and what editors read.
WAGTAIL_ROOT_NAME = "Root"
ROOT_TITLE = "Alle nettsteder"
ROOT_COLLECTION = "Hovedsamling"


def name_the_roots(root):
    """The page tree's root and the root collection, named in Norwegian where Wagtail's name
    ("Root") is still theirs: editors see them in the explorer, choosers and collection lists."""
    if root.title == WAGTAIL_ROOT_NAME:
        Page.objects.filter(pk=root.pk).update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
        root.refresh_from_db()
    Collection.objects.filter(depth=1, name=WAGTAIL_ROOT_NAME).update(name=ROOT_COLLECTION)


def load(loader):
    load_taxonomies(loader)
    root = Page.get_first_root_node()
    name_the_roots(root)
    remove_welcome_page(loader, root)
    home = loader.page(root, HomePage, "home", HOME_PAGE, existing=HomePage.objects.first())
    point_default_site_at(loader, home, root)
    loader.page(home, TopicPage, "attraktive-samfunn", TOPIC_PAGE)
