"""The strategy part of the Troms content: Næringsstrategi for Troms and its feedback box."""

import datetime
from zoneinfo import ZoneInfo

from home.content import INDUSTRIES, ascii_slug, rich_text
from home.models import HomePage
from people.models import Person
from taxonomy.models import Industry, Municipality, Organisation, Region

from .choices import FeedbackState
from .models import FeedbackFormPage, StrategyPage

OSLO = ZoneInfo("Europe/Oslo")

# The source gives only the link texts; these are the addresses they lead to.
LINK_URLS = {
    # The government's guide to smart specialisation (Kommunal- og distriktsdepartementet).
    "Les mer om smart spesialisering her": (
        "https://www.regjeringen.no/no/sub/smart-spesialisering/id2602662/"
    ),
    # The invitation to the input meetings, with a sign-up link for each place.
    "Her kan du melde deg på innspillsmøtene": (
        "https://www.bedriftskompetanse.no/nyhetsarkiv/innspillsmoter-naringsstrategi-nye-troms"
    ),
}

GOAL = (
    "Målet med strategien er å utvikle et bærekraftig næringsliv som gir sunn og lokal "
    "verdiskaping i Troms."
)

BODY = [
    (
        "paragraph",
        rich_text(
            "Strategi for næringsutvikling har som målsetning å bidra til bærekraftig "
            "verdiskaping, økt sysselsetning og styrket FoU-virksomhet i Troms."
        ),
    ),
    (
        "paragraph",
        rich_text(
            "Strategien skal legge til rette for utvikling, koordinering og samhandling for å "
            "hente ut synergieffekter på tvers av næringene og virkemiddelaktører."
        ),
    ),
    (
        "paragraph",
        rich_text(
            "I tillegg skal strategien være et styringsverktøy for næringsutvikling og sikre "
            "regionale prioriteringer."
        ),
    ),
    ("heading", "Utfordringer og muligheter"),
    (
        "paragraph",
        rich_text(
            "Troms og Finnmark fylke har sterke næringer, herunder fiskeri og havbruk, reiseliv, "
            "landbruk, reindrift, mineraler, energi, maritim, petroleum, tilknyttede næringer og "
            "tjenesteytende næringer."
        ),
    ),
    (
        "paragraph",
        rich_text(
            "Vi ser et behov for en overordnet strategi som favner de utfordringer og muligheter "
            "som fylkets næringsliv står overfor de kommende årene."
        ),
    ),
    (
        "paragraph",
        rich_text(
            "Det er en klar forventning om at strategien setter retning, tar tydelige valg og ser "
            "helheten i regionen. Fylkeskommunens virkemidler skal i samspill med øvrige aktører "
            "og institusjoner i fylket, utvikle regionen og finne tiltak som bidrar til en "
            "helhetlig strategi for bærekraftig vekst."
        ),
    ),
    ("heading", "Slik organiserer vi arbeidet"),
    (
        "paragraph",
        rich_text(
            "Fylkeskommunen er prosjektleder for arbeidet, og det er nedsatt en prosjektgruppe "
            "som skal utvikle strategien med bakgrunn i innspill fra møter med næringen. Slike "
            "strategier har ikke prosesskrav etter plan og bygningsloven."
        ),
    ),
    (
        "paragraph",
        rich_text(
            "Næringsstrategien skal bygges på bred medvirkning fra samarbeidspartnere og "
            "næringsliv, og det legges derfor opp til workshops med relevante aktører. Disse "
            "planlegges gjennomført i perioden september til oktober 2022."
        ),
    ),
    (
        "paragraph",
        rich_text(
            "I tillegg legges det opp til workshops med ønske om tilbakemelding på foreløpig "
            "strategiutkast i desember 2022. Møtene legges opp til å arrangeres i "
            "hensiktsmessige grupperinger."
        ),
    ),
]

METHODOLOGY_TEXT = rich_text(
    "Smart spesialisering blir brukt som metodikk i arbeidet. Smart spesialisering er en metode "
    "for regional næringsutvikling, hvor regionen fremmer fornyelse og omstilling gjennom å "
    "identifisere og utnytte muligheter for framtidig konkurranseevne."
)

MEETINGS_INTRO = rich_text(
    "I samarbeid med Midt-Tromsrådet, Hålogalandsrådet, Nord-Troms Regionråd og interkommunalt "
    "politisk råd for Tromsøregionen, inviterer vi til innspillsmøter i de ulike regionene.",
    "Vi gjennomfører innspillsmøtene på følgende steder:",
)

MEETING_PARTNERS = [
    "midt-tromsradet",
    "halogalandsradet",
    "nord-troms-regionrad",
    "interkommunalt-politisk-rad-for-tromsoregionen",
]

MEETINGS = [
    # region, day in September 2022, venue, place, municipality; all from 09:00 to 13:00
    ("midt-troms", 5, "Kunnskaps- og næringsparken Senja", "Finnsnes", "senja"),
    ("sor-troms", 6, "Thon Hotell", "Harstad", "harstad"),
    ("tromsoregionen", 8, "Radisson Blu Hotel", "Tromsø", "tromso"),
    ("nord-troms", 21, "På Taket Kafé AS", "Nordreisa", "nordreisa"),
]

MILESTONES = [
    # title, first month, last month when it lasts longer than one
    ("Prosjektstart", datetime.date(2022, 1, 1), None),
    ("Organisering og analyse", datetime.date(2022, 2, 1), datetime.date(2022, 4, 1)),
    ("Medvirkningsprosess", datetime.date(2022, 9, 1), datetime.date(2022, 10, 1)),
    ("Intern forankring", datetime.date(2022, 10, 1), None),
    ("Høringsrunder", datetime.date(2022, 12, 1), None),
    ("Ferdigstillelse", datetime.date(2023, 2, 1), None),
    ("Fylkestinget", datetime.date(2023, 3, 1), None),
]

FEEDBACK_INTRO = rich_text(
    "Alle meninger og tilbakemeldinger er verdifulle for arbeidet med næringsstrategien. Det "
    "legges derfor opp til en digital innspillkasse for de som ikke har mulighet til å delta på "
    "workshops, men likevel ønsker å bidra. Der kan en gi innspill på hvilke satsingsområder som "
    "burde prioriteres i årene som kommer."
)

# Whether the box is open and where its submissions go are the county's to decide (the address
# before the box opens): set when the box is created, never compared or written again, not even
# with --force.
FEEDBACK_FORM_INITIAL = {"state": FeedbackState.COMING, "to_address": ""}

FEEDBACK_FORM = {
    "title": "Digital innspillkasse",
    "intro": FEEDBACK_INTRO,
    "coming_text": "Digital innspillkasse kommer.",
    "consent_text": (
        "Innspillene brukes i arbeidet med næringsstrategien for Troms. Oppgir du navn og "
        "e-postadresse, samtykker du i at Troms fylkeskommune lagrer dem og kan kontakte deg "
        "om innspillet ditt."
    ),
    "thank_you_text": rich_text("Takk for innspillet ditt!"),
    "subject": "Innspill til næringsstrategien for Troms",
    "search_description": "Gi innspill til næringsstrategien for Troms.",
    "form_fields": [
        {
            "label": "Innspill",
            "field_type": "multiline",
            "required": True,
            "help_text": "Hvilke satsingsområder bør prioriteres i årene som kommer?",
        },
        {"label": "Navn", "field_type": "singleline", "required": False, "help_text": ""},
        {
            "label": "E-post",
            "field_type": "email",
            "required": False,
            "help_text": "Oppgi e-postadressen din hvis vi kan kontakte deg om innspillet.",
        },
    ],
}


def strategy_fields(loader):
    """Everything on the strategy page except its feedback box, which is its own child page."""
    return {
        "title": "Næringsstrategi for Troms",
        "lead": GOAL,
        "search_description": GOAL,
        "show_in_menus": True,
        "body": BODY,
        "methodology_title": "Smart spesialisering",
        "methodology_text": METHODOLOGY_TEXT,
        "methodology_link": [("link", link("Les mer om smart spesialisering her"))],
        "industries": [loader.get(Industry, ascii_slug(name)) for name in INDUSTRIES],
        "meetings_heading": "Innspillsmøter",
        "meetings_intro": MEETINGS_INTRO,
        "meeting_partners": [loader.get(Organisation, slug) for slug in MEETING_PARTNERS],
        "meetings_signup": [("link", link("Her kan du melde deg på innspillsmøtene"))],
        "meetings": [
            {
                "region": loader.get(Region, region),
                "start": datetime.datetime(2022, 9, day, 9, 0, tzinfo=OSLO),
                "end": datetime.datetime(2022, 9, day, 13, 0, tzinfo=OSLO),
                "venue": venue,
                "place": place,
                "municipality": loader.get(Municipality, municipality),
                "cancelled": False,
            }
            for region, day, venue, place, municipality in MEETINGS
        ],
        "feedback_intro": FEEDBACK_INTRO,
        "timeline_heading": "Fremdriftsplan",
        "timeline_intro": (
            "Næringsstrategien legges fram til politisk behandling i fylkestinget i mars 2023."
        ),
        "political_treatment_date": datetime.date(2023, 3, 1),
        "political_body": "fylkestinget",
        "milestones": [
            {"title": title, "start": start, "end": end} for title, start, end in MILESTONES
        ],
        "contact_heading": "Har du spørsmål?",
        "contact_text": (
            "Ta gjerne kontakt med prosjektleder Anita Irene Andresen dersom du har spørsmål "
            "eller innspill til næringsstrategien."
        ),
        "project_lead": loader.get(Person, "Anita Irene Andresen"),
    }


def link(title):
    return {"title": title, "page": None, "url": LINK_URLS[title]}


def load(loader):
    home = loader.get(HomePage, "home")
    strategy = loader.page(
        home, StrategyPage, "naeringsstrategi-for-troms", strategy_fields(loader)
    )
    form = loader.page(
        strategy,
        FeedbackFormPage,
        "digital-innspillkasse",
        FEEDBACK_FORM,
        initial=FEEDBACK_FORM_INITIAL,
    )
    # The strategy points at its own child, so this can only be set once the child exists.
    loader.update_page(strategy, {"feedback_form": form})
