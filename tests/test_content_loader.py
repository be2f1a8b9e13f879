"""The content loader: the Troms tree from the two source pages, idempotent, respecting editors."""

import datetime
import html
import json
import re
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Revision, Site, WorkflowState

from home.models import HomePage, TopicPage
from people.models import Person
from schemes.models import ApplicantType, ProgrammePage, SchemePage
from strategy.choices import FeedbackState
from strategy.models import FeedbackFormField, FeedbackFormPage, Meeting, Milestone, StrategyPage
from taxonomy.models import County, Industry, Municipality, Organisation, Region, Topic

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
SOURCES = Path(__file__).parent / "content"
SOURCE_FILES = ["naeringsstrategi-for-troms.txt", "attraktive-samfunn.txt"]

SCHEME_TITLES = [
    "Omstillingstillingsprogrammet",
    "Tromsvekstavtaler",
    "Kompetanse",
    "BIO-midler",
    "Bredbånd",
    "Støtte til dagligvarebutikker i utkantstrøk",
]
PROGRAMME_TITLES = [
    "Regionvekstavtaler",
    "Bygdevekstavtaler",
    "GNIST",
    "Det nasjonale veikartet for smarte og bærekraftige byer og lokalsamfunn",
]


def load(*args):
    out = StringIO()
    call_command("load_troms_content", *args, stdout=out)
    return out.getvalue()


def outcomes(output):
    """The counts of the summary line, which ends the output in whatever language is active."""
    numbers = [int(number) for number in re.findall(r"\d+", output.strip().splitlines()[-1])]
    return dict(zip(["created", "updated", "unchanged", "skipped"], numbers, strict=True))


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """One load shared by the module's tests, undone when the module is done.

    A load takes seconds; each test still starts from the same freshly loaded tree, because
    the ``db`` fixture rolls back what a test changes to a savepoint inside this transaction.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(first_run, db):
    return first_run


@pytest.fixture
def editor():
    return get_user_model().objects.create_user(
        username="redaktor", password="x", is_staff=True, is_superuser=True
    )


def snapshot():
    """What a run could add to: every row the loader writes, by id."""
    models = [
        Page,
        Revision,
        Site,
        Person,
        Region,
        Municipality,
        County,
        Organisation,
        Industry,
        Topic,
        ApplicantType,
        Meeting,
        Milestone,
        FeedbackFormField,
    ]
    return {
        model._meta.label: sorted(model.objects.values_list("pk", flat=True)) for model in models
    }


def publish_as(page, user):
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    return page


def strategy():
    return StrategyPage.objects.get(slug="naeringsstrategi-for-troms")


def topic_page():
    return TopicPage.objects.get(slug="attraktive-samfunn")


def normalise(text):
    return " ".join(html.unescape(text).split())


# The tree ---------------------------------------------------------------------------------------


def test_the_loader_builds_the_tree_under_the_home_page(loaded):
    home = HomePage.objects.get()
    topic = topic_page()
    feedback = FeedbackFormPage.objects.get(slug="digital-innspillkasse")
    assert home.title == "Troms næringsportal"
    assert [page.specific_class for page in home.get_children()] == [TopicPage, StrategyPage]
    assert topic.get_parent().pk == home.pk
    assert strategy().get_parent().pk == home.pk
    assert feedback.get_parent().pk == strategy().pk
    assert [page.title for page in topic.get_children().type(SchemePage)] == SCHEME_TITLES
    assert [page.title for page in topic.get_children().type(ProgrammePage)] == PROGRAMME_TITLES
    assert [page.title for page in topic.get_children()] == SCHEME_TITLES + PROGRAMME_TITLES


def test_every_page_of_the_tree_is_published(loaded):
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() == 14
    assert not pages.filter(live=False).exists()
    assert not pages.filter(has_unpublished_changes=True).exists()


def test_the_welcome_page_is_gone_and_the_default_site_serves_the_home_page(loaded):
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert Page.objects.filter(depth=2).count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == HomePage.objects.get()
    assert (site.hostname, site.port) == ("localhost", 80)


# Every fact in place ----------------------------------------------------------------------------


def test_each_meeting_is_at_its_venue_in_oslo_time(loaded):
    meetings = [
        (
            meeting.region.name,
            timezone.localtime(meeting.start, OSLO).isoformat(),
            timezone.localtime(meeting.end, OSLO).isoformat(),
            meeting.venue,
            meeting.place,
            meeting.municipality.name,
            meeting.cancelled,
        )
        for meeting in strategy().meetings.all()
    ]
    assert meetings == [
        (
            "Midt-Troms",
            "2022-09-05T09:00:00+02:00",
            "2022-09-05T13:00:00+02:00",
            "Kunnskaps- og næringsparken Senja",
            "Finnsnes",
            "Senja",
            False,
        ),
        (
            "Sør-Troms",
            "2022-09-06T09:00:00+02:00",
            "2022-09-06T13:00:00+02:00",
            "Thon Hotell",
            "Harstad",
            "Harstad",
            False,
        ),
        (
            "Tromsøregionen",
            "2022-09-08T09:00:00+02:00",
            "2022-09-08T13:00:00+02:00",
            "Radisson Blu Hotel",
            "Tromsø",
            "Tromsø",
            False,
        ),
        (
            "Nord-Troms",
            "2022-09-21T09:00:00+02:00",
            "2022-09-21T13:00:00+02:00",
            "På Taket Kafé AS",
            "Nordreisa",
            "Nordreisa",
            False,
        ),
    ]


def test_the_meetings_are_held_with_the_four_regional_councils(loaded):
    page = strategy()
    assert sorted(page.meeting_partners.values_list("name", flat=True)) == [
        "Hålogalandsrådet",
        "Interkommunalt politisk råd for Tromsøregionen",
        "Midt-Tromsrådet",
        "Nord-Troms Regionråd",
    ]
    signup = page.meetings_signup[0].value
    assert signup["title"] == "Her kan du melde deg på innspillsmøtene"
    assert signup["url"].startswith("https://")


def test_the_milestones_follow_the_source_month_by_month(loaded):
    milestones = [
        (milestone.title, milestone.start, milestone.end)
        for milestone in strategy().milestones.all()
    ]
    assert milestones == [
        ("Prosjektstart", datetime.date(2022, 1, 1), None),
        ("Organisering og analyse", datetime.date(2022, 2, 1), datetime.date(2022, 4, 1)),
        ("Medvirkningsprosess", datetime.date(2022, 9, 1), datetime.date(2022, 10, 1)),
        ("Intern forankring", datetime.date(2022, 10, 1), None),
        ("Høringsrunder", datetime.date(2022, 12, 1), None),
        ("Ferdigstillelse", datetime.date(2023, 2, 1), None),
        ("Fylkestinget", datetime.date(2023, 3, 1), None),
    ]
    page = strategy()
    assert page.political_treatment_date == datetime.date(2023, 3, 1)
    assert page.political_body == "fylkestinget"


def test_the_strategy_names_its_project_lead_with_her_email(loaded):
    lead = strategy().project_lead
    assert lead.name == "Anita Irene Andresen"
    assert lead.job_title == "Prosjektleder"
    assert lead.email == "Anita.Irene.Andresen@tffk.no"
    assert lead.phone == ""


def test_the_strategy_holds_its_goal_sections_method_and_industries(loaded):
    page = strategy()
    assert page.lead.startswith("Målet med strategien er å utvikle et bærekraftig næringsliv")
    headings = [block.value for block in page.body if block.block_type == "heading"]
    assert headings == ["Utfordringer og muligheter", "Slik organiserer vi arbeidet"]
    assert len([block for block in page.body if block.block_type == "paragraph"]) == 9
    assert page.methodology_title == "Smart spesialisering"
    assert page.methodology_text.startswith("<p>Smart spesialisering blir brukt som metodikk")
    assert page.methodology_link[0].value["title"] == "Les mer om smart spesialisering her"
    assert page.industries.count() == 10
    assert page.industries.filter(slug="tilknyttede-naeringer").exists()


def test_the_feedback_box_is_announced_as_coming(loaded):
    feedback = strategy().feedback_form.specific
    assert feedback.slug == "digital-innspillkasse"
    assert feedback.state == "coming"
    assert feedback.coming_text == "Digital innspillkasse kommer."
    assert feedback.to_address == ""
    assert feedback.consent_text
    fields = [
        (field.clean_name, field.field_type, field.required) for field in feedback.form_fields.all()
    ]
    assert fields == [
        ("innspill", "multiline", True),
        ("navn", "singleline", False),
        ("e_post", "email", False),
    ]


def test_each_scheme_and_programme_covers_its_municipalities(loaded):
    covered = {
        page.slug: sorted(page.municipalities.values_list("name", flat=True))
        for page in [*SchemePage.objects.all(), *ProgrammePage.objects.all()]
    }
    assert covered == {
        "omstillingsprogrammet": ["Dyrøy", "Kvænangen", "Lavangen"],
        "tromsvekstavtaler": [],
        "kompetanse": [],
        "bio-midler": [],
        "bredband": [],
        "stotte-til-dagligvarebutikker-i-utkantstrok": [],
        "regionvekstavtaler": [],
        "bygdevekstavtaler": ["Kvænangen", "Kåfjord", "Nordreisa", "Skjervøy"],
        "gnist": [],
        "det-nasjonale-veikartet": [],
    }
    tromsvekst = SchemePage.objects.get(slug="tromsvekstavtaler")
    assert sorted(tromsvekst.regions.values_list("slug", flat=True)) == [
        "midt-troms",
        "sor-troms",
        "tromsoregionen",
    ]


def test_the_schemes_keep_their_status_and_who_may_apply(loaded):
    schemes = {page.slug: page for page in SchemePage.objects.all()}
    omstilling = schemes["omstillingsprogrammet"]
    assert omstilling.status == "under_evaluation"
    assert sorted(omstilling.eligible_applicants.values_list("name", flat=True)) == [
        "Kommuner",
        "Regionråd",
    ]
    bio = schemes["bio-midler"]
    assert list(bio.ineligible_applicants.values_list("name", flat=True)) == ["Enkeltbedrifter"]
    assert bio.eligibility_note == "Det er ikke anledning for enkeltbedrifter å søke støtte."
    shops = schemes["stotte-til-dagligvarebutikker-i-utkantstrok"]
    assert list(shops.funding_partners.values_list("name", flat=True)) == ["Troms fylkeskommune"]
    assert shops.funding_note.startswith("Spleiselag mellom fylkeskommunen og kommunene")
    link = schemes["tromsvekstavtaler"].related_links[0].value
    assert link["title"] == "Les mer om Tromsvekstavtalene her"
    assert all(
        page.status == "continuous" for slug, page in schemes.items() if slug != omstilling.slug
    )


def test_each_scheme_lists_the_contacts_of_its_section(loaded):
    contacts = {
        page.slug: [(block.value["person"].name, block.value["note"]) for block in page.contacts]
        for page in SchemePage.objects.all()
    }
    assert contacts["bredband"] == [("Kjetil Helstad", "bredbånd")]
    assert contacts["stotte-til-dagligvarebutikker-i-utkantstrok"] == [
        ("Fredrik Dalsbøe", "dagligvarestøtte")
    ]
    assert contacts["bio-midler"] == [("Kristine Østrem Nordal", "avdelingsleder")]
    assert [name for name, _ in contacts["omstillingsprogrammet"]] == [
        "Kristian Figenschau",
        "Rune Eliassen",
        "Vigdis A. Nilsen",
    ]


def test_each_section_of_attraktive_samfunn_lists_the_contacts_the_source_gives_it(loaded):
    sections = [block.value for block in topic_page().sections]
    assert [section["title"] for section in sections] == [
        "Omstilling",
        "Næringsutvikling og kompetanse",
        "Infrastruktur",
        "Nasjonale satsninger og programmer",
    ]
    contacts = [
        (
            section["contacts"]["intro"],
            [(item["person"].name, item["note"]) for item in section["contacts"]["contacts"]],
        )
        for section in sections
    ]
    assert contacts == [
        (
            "Har du korte spørsmål kan du ta kontakt med:",
            [
                ("Kristian Figenschau", "omstilling og samfunnsutvikling"),
                ("Rune Eliassen", "samfunnsutvikling"),
                ("Vigdis A. Nilsen", "samfunnsutvikling"),
            ],
        ),
        (
            "For korte spørsmål kan du ta kontakt med:",
            [("Kristine Østrem Nordal", "avdelingsleder")],
        ),
        (
            "For korte spørsmål ta kontakt med:",
            [("Kjetil Helstad", "bredbånd"), ("Fredrik Dalsbøe", "dagligvarestøtte")],
        ),
        ("", []),
    ]
    assert all(section["links"]["heading"] == "Relevante lenker" for section in sections)


def test_each_section_of_attraktive_samfunn_shows_its_pages_as_cards(loaded):
    cards = [[page.title for page in block.value["cards"]] for block in topic_page().sections]
    assert cards == [
        SCHEME_TITLES[0:2],
        SCHEME_TITLES[2:4],
        SCHEME_TITLES[4:6],
        PROGRAMME_TITLES,
    ]


def test_each_programme_has_its_owner_and_partners(loaded):
    programmes = {page.slug: page for page in ProgrammePage.objects.all()}
    owners = {slug: page.owner_organisation.name for slug, page in programmes.items()}
    assert owners == {
        "regionvekstavtaler": "Staten",
        "bygdevekstavtaler": "Kommunal- og distriktsdepartementet",
        "gnist": "Design og arkitektur Norge",
        "det-nasjonale-veikartet": "Design og arkitektur Norge",
    }
    assert sorted(
        programmes["regionvekstavtaler"].participating_counties.values_list("name", flat=True)
    ) == ["Nordland", "Rogaland"]
    bygdevekst = programmes["bygdevekstavtaler"]
    assert [block.value["title"] for block in bygdevekst.phases] == ["Fase 1", "Fase 2"]
    assert bygdevekst.period_note.startswith("Tilskuddsordningen skal gå over tre år")
    assert [page["title"] for page in bygdevekst.related_programme_pages] == ["GNIST"]
    assert [page["title"] for page in programmes["gnist"].related_programme_pages] == [
        "Bygdevekstavtaler"
    ]


def test_troms_has_its_21_municipalities_in_four_regions(loaded):
    assert Municipality.objects.count() == 21
    numbers = dict(Municipality.objects.values_list("name", "number"))
    assert numbers["Tromsø"] == "5501"
    assert numbers["Kvænangen"] == "5546"
    assert sorted(numbers.values()) == sorted(set(numbers.values()))
    assert all(number.startswith("55") for number in numbers.values())
    by_region = {
        region.name: sorted(region.municipalities.values_list("name", flat=True))
        for region in Region.objects.all()
    }
    assert by_region == {
        "Midt-Troms": ["Bardu", "Dyrøy", "Lavangen", "Målselv", "Salangen", "Senja", "Sørreisa"],
        "Nord-Troms": ["Kvænangen", "Kåfjord", "Lyngen", "Nordreisa", "Skjervøy", "Storfjord"],
        "Sør-Troms": ["Gratangen", "Harstad", "Ibestad", "Kvæfjord", "Tjeldsund"],
        "Tromsøregionen": ["Balsfjord", "Karlsøy", "Tromsø"],
    }
    assert Region.objects.get(slug="sor-troms").alternative_name == "Hålogaland"
    assert Municipality.objects.get(slug="malselv").name == "Målselv"
    assert Municipality.objects.get(number="5518").official_name == "Loabák – Lavangen"


def test_the_counties_and_organisations_are_there(loaded):
    assert dict(County.objects.values_list("name", "number")) == {
        "Troms": "55",
        "Nordland": "18",
        "Rogaland": "11",
    }
    councils = Organisation.objects.filter(kind="regional_council")
    assert sorted(councils.values_list("region__name", flat=True)) == [
        "Midt-Troms",
        "Nord-Troms",
        "Sør-Troms",
        "Tromsøregionen",
    ]
    assert Organisation.objects.get(short_name="KDD").kind == "ministry"
    assert Organisation.objects.get(short_name="DOGA").name == "Design og arkitektur Norge"
    assert Industry.objects.count() == 10
    assert ApplicantType.objects.count() == 8
    assert Topic.objects.filter(slug="nasjonale-satsninger-og-programmer").exists()


# Every paragraph in the API -----------------------------------------------------------------------

MEETING_TIME = re.compile(r"^Tidspunkt: \w+ (\d+)\. (\w+) kl\. (\d\d:\d\d) – (\d\d:\d\d)$")
MEETING_PLACE = re.compile(r"^Sted: (.+), ([^,]+)$")
MILESTONE = re.compile(r"^([^:]+): (\w+(?: – \w+)? \d{4})$")
EMAIL = re.compile(r"^E-post: (\S+@\S+)$")
CONTACT = re.compile(r"^(\w[\w.]*(?: \w[\w.]*)+) \(([^)]+)\)$")
MONTHS = {"september": 9}


def source_lines(name):
    """The paragraphs of a source page, one fact a line; "Til toppen" is navigation."""
    text = (SOURCES / name).read_text(encoding="utf-8")
    for paragraph in re.split(r"\n\s*\n", text):
        for line in paragraph.splitlines():
            line = normalise(line)
            if line and line != "Til toppen":
                yield line


def api_payloads(client):
    listing = client.get("/api/v2/pages/?limit=100").json()
    payloads = []
    for item in listing["items"]:
        response = client.get(f"/api/v2/pages/{item['id']}/")
        assert response.status_code == 200
        payloads.append(response.json())
    return payloads


def found_in_api(line, payloads):
    """Whether the API shows the fact of ``line``: structured facts by field, text verbatim."""
    meetings = [meeting for payload in payloads for meeting in payload.get("meetings", [])]
    milestones = [item for payload in payloads for item in payload.get("milestones", [])]
    contacts = [
        contact
        for payload in payloads
        for section in payload.get("sections", [])
        for contact in section["value"]["contacts"]["contacts"]
    ]
    if match := MEETING_TIME.match(line):
        day, month, start, end = match.groups()
        # The source leaves out the year; its timeline puts the meetings in 2022.
        date = f"2022-{MONTHS[month]:02d}-{int(day):02d}"
        return any(
            meeting["start"] == f"{date}T{start}:00+02:00"
            and meeting["end"] == f"{date}T{end}:00+02:00"
            for meeting in meetings
        )
    if match := MEETING_PLACE.match(line):
        venue, place = match.groups()
        return any(meeting["venue"] == venue and meeting["place"] == place for meeting in meetings)
    if match := MILESTONE.match(line):
        title, period = match.groups()
        return any(
            milestone["title"] == title and milestone["period"] == period
            for milestone in milestones
        )
    if match := EMAIL.match(line):
        return any(
            (payload.get("project_lead") or {}).get("email") == match.group(1)
            for payload in payloads
        )
    if match := CONTACT.match(line):
        name, note = match.groups()
        return any(
            contact["person"]["name"] == name and contact["note"] == note for contact in contacts
        )
    texts = [normalise(json.dumps(payload, ensure_ascii=False)) for payload in payloads]
    return any(line in text for text in texts)


@pytest.mark.parametrize("source", SOURCE_FILES)
def test_every_paragraph_of_the_source_appears_in_the_api(loaded, source):
    payloads = api_payloads(Client(HTTP_HOST="localhost"))
    missing = [line for line in source_lines(source) if not found_in_api(line, payloads)]
    assert missing == []


# Idempotency and editors' changes -----------------------------------------------------------------


def test_running_twice_creates_nothing_new(loaded):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert outcomes(output) == {
        "created": 0,
        "updated": 0,
        "unchanged": outcomes(loaded)["created"] + outcomes(loaded)["updated"],
        "skipped": 0,
    }


def test_the_first_run_reports_what_it_created(loaded):
    # Every page, person and taxonomy term, and the default site it points at the home page.
    assert outcomes(loaded) == {"created": 87, "updated": 1, "unchanged": 0, "skipped": 0}


def test_an_editors_change_to_a_page_survives_a_second_run(loaded, editor):
    topic = topic_page()
    topic.lead = "En ny ingress skrevet av en redaktør."
    publish_as(topic, editor)
    scheme = SchemePage.objects.get(slug="bredband")
    scheme.title = "Bredbånd i hele Troms"
    publish_as(scheme, editor)
    revisions = Revision.objects.count()

    output = load()

    assert topic_page().lead == "En ny ingress skrevet av en redaktør."
    assert SchemePage.objects.get(slug="bredband").title == "Bredbånd i hele Troms"
    assert Revision.objects.count() == revisions
    assert outcomes(output)["skipped"] == 2
    assert f"(id {scheme.pk})" in output


def test_an_editors_unpublished_draft_is_left_alone(loaded, editor):
    programme = ProgrammePage.objects.get(slug="gnist")
    programme.summary = "Et utkast."
    programme.save_revision(user=editor)

    output = load()

    programme = ProgrammePage.objects.get(slug="gnist")
    assert programme.has_unpublished_changes
    assert programme.get_latest_revision().user == editor
    assert programme.get_latest_revision_as_object().summary == "Et utkast."
    assert outcomes(output)["skipped"] == 1


def test_an_editors_change_to_a_person_survives_a_second_run(loaded):
    person = Person.objects.get(name="Rune Eliassen")
    person.area_of_responsibility = "regional planlegging"
    person.save()

    output = load()

    person.refresh_from_db()
    assert person.area_of_responsibility == "regional planlegging"
    assert outcomes(output)["skipped"] == 1


def test_force_restores_the_loaders_content(loaded, editor):
    topic = topic_page()
    topic.title = "Attraktive lokalsamfunn"
    topic.lead = "En ny ingress."
    publish_as(topic, editor)
    person = Person.objects.get(name="Anita Irene Andresen")
    person.email = "anita@example.no"
    person.save()
    Municipality.objects.filter(slug="senja").update(name="Lenvik")

    output = load("--force", "--yes")

    topic = topic_page()
    assert topic.title == "Attraktive samfunn"
    assert topic.lead.startswith("Fylkeskommunen jobber for at Troms skal")
    assert topic.live and not topic.has_unpublished_changes
    assert Person.objects.get(name="Anita Irene Andresen").email == "Anita.Irene.Andresen@tffk.no"
    assert Municipality.objects.get(slug="senja").name == "Senja"
    assert outcomes(output)["updated"] == 3
    assert outcomes(load()) == {**outcomes(output), "updated": 0, "unchanged": 88}


def test_force_without_yes_lists_what_it_would_overwrite_and_changes_nothing(loaded, editor):
    topic = topic_page()
    topic.lead = "En ny ingress."
    publish_as(topic, editor)
    person = Person.objects.get(name="Anita Irene Andresen")
    person.email = "anita@example.no"
    person.save()
    before = snapshot()

    output = load("--force")

    assert f"«Attraktive samfunn» (id {topic.pk})" in output
    assert f"«Anita Irene Andresen» (id {person.pk})" in output
    assert "--force --yes" in output
    assert len([line for line in output.splitlines() if line.startswith("  ")]) == 2
    assert topic_page().lead == "En ny ingress."
    assert Person.objects.get(pk=person.pk).email == "anita@example.no"
    assert snapshot() == before


def test_force_without_yes_says_when_there_is_nothing_to_overwrite(loaded):
    before = snapshot()

    output = load("--force")

    assert "--force" in output and "--yes" not in output
    assert snapshot() == before


def test_yes_without_force_is_refused(loaded):
    with pytest.raises(CommandError, match="--force"):
        load("--yes")


def test_force_never_changes_the_feedback_boxs_state_or_address(loaded, editor):
    box = FeedbackFormPage.objects.get()
    box.state = FeedbackState.OPEN
    box.to_address = "innspill@tffk.no"
    box.intro = "<p>Send oss innspill.</p>"
    publish_as(box, editor)

    listed = load("--force")
    load("--force", "--yes")

    box = FeedbackFormPage.objects.get()
    # The intro is the loader's; whether the box is open and where it mails are the county's.
    assert f"(id {box.pk})" in listed
    assert box.intro.startswith("<p>Alle meninger og tilbakemeldinger")
    assert (box.state, box.to_address) == (FeedbackState.OPEN, "innspill@tffk.no")
    assert not box.has_unpublished_changes


def test_force_leaves_an_editors_draft_alone(loaded, editor):
    scheme = SchemePage.objects.get(slug="bredband")
    scheme.title = "Bredbånd i hele Troms"
    publish_as(scheme, editor)
    scheme.summary = "Et utkast som ikke er publisert."
    scheme.save_revision(user=editor)
    draft = scheme.get_latest_revision()

    listed = load("--force")
    output = load("--force", "--yes")

    scheme = SchemePage.objects.get(slug="bredband")
    assert f"(id {scheme.pk}) være, selv med --force" in listed
    assert f"(id {scheme.pk})" not in "".join(
        line for line in listed.splitlines() if line[:2] == "  "
    )
    assert f"(id {scheme.pk}) være, selv med --force" in output
    assert scheme.title == "Bredbånd i hele Troms"
    assert scheme.has_unpublished_changes
    assert scheme.get_latest_revision() == draft
    assert scheme.get_latest_revision_as_object().summary == "Et utkast som ikke er publisert."


def test_force_leaves_a_page_in_review_alone(loaded, editor):
    programme = ProgrammePage.objects.get(slug="gnist")
    programme.summary = "Til godkjenning."
    programme.save_revision(user=editor)
    state = programme.get_workflow().start(programme, editor)

    load("--force", "--yes")

    state.refresh_from_db()
    programme = ProgrammePage.objects.get(slug="gnist")
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert programme.workflow_in_progress
    assert programme.get_latest_revision_as_object().summary == "Til godkjenning."


def test_what_an_editor_adds_to_a_person_is_kept_even_with_force(loaded):
    person = Person.objects.get(name="Kjetil Helstad")
    person.phone = "+47 77 78 80 00"
    person.department = "Samferdsel"
    person.save()

    load("--force", "--yes")

    person.refresh_from_db()
    assert (person.phone, person.department) == ("+47 77 78 80 00", "Samferdsel")


def test_inline_children_keep_their_order_in_the_database(loaded):
    """The order is stored, not left to the order in which the database finds the rows."""
    page = strategy()
    for children in [page.meetings, page.milestones]:
        assert list(children.values_list("sort_order", flat=True)) == list(range(children.count()))
    assert [meeting.region.name for meeting in page.meetings.all()][0] == "Midt-Troms"
