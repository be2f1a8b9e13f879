"""The schemes part of the Troms content: the schemes and programmes of Attraktive samfunn.

Once they exist, the sections of the Attraktive samfunn topic page are filled in, because the
sections show them as cards.
"""

from home.content import rich_text
from home.models import TopicPage
from people.models import Person
from taxonomy.models import County, Municipality, Organisation, Region, Topic

from .choices import SchemeStatus
from .models import ApplicantType, ProgrammePage, SchemePage

# The source gives only the link texts; these are the addresses they lead to.
LINK_URLS = {
    # The county's announcement of the Tromsvekstavtaler.
    "Les mer om Tromsvekstavtalene her": (
        "https://www.tromsfylke.no/aktuelt/tromsvekstavtaler-i-startgropen.57335.aspx"
    ),
}

APPLICANT_TYPES = [
    "Kommuner",
    "Regionråd",
    "Fylkeskommuner",
    "Bedrifter",
    "Enkeltbedrifter",
    "Dagligvarebutikker",
    "Utdanningsinstitusjoner",
    "Organisasjoner",
]

# Who to contact about each section of the topic page, with the note the source gives them.
SECTION_CONTACTS = {
    "omstilling": [
        ("Kristian Figenschau", "omstilling og samfunnsutvikling"),
        ("Rune Eliassen", "samfunnsutvikling"),
        ("Vigdis A. Nilsen", "samfunnsutvikling"),
    ],
    "kompetanse": [("Kristine Østrem Nordal", "avdelingsleder")],
    "bredband": [("Kjetil Helstad", "bredbånd")],
    "dagligvare": [("Fredrik Dalsbøe", "dagligvarestøtte")],
}

# Each scheme: slug, title, summary (the first paragraph), body (the rest), and its facts.
SCHEMES = [
    {
        "slug": "omstillingsprogrammet",
        # The source's own heading, kept as it is; the search engine title is spelled right.
        "title": "Omstillingstillingsprogrammet",
        "seo_title": "Omstillingsprogrammet",
        "summary": (
            "Kommuner eller regioner der det lokale næringslivet forvitrer, blir kraftig bygget "
            "ned eller der mange arbeidsplasser går tapt kan få omstillingsstatus."
        ),
        "body": [
            "Regional omstilling skal bidra til å skape nye og sikre eksisterende arbeidsplasser, "
            "styrke robustheten og variasjonen i næringslivet samt øke utviklingsevnen hos "
            "næringsliv og kommuner. Omstillingsprogrammet er under evaluering, ingen nye "
            "kommuner fikk omstillingsstatus i Troms i 2023.",
            "I Troms er det kommunene Dyrøy og Kvænangen som har omstillingsstatus. I tillegg "
            "bevilget fylkeskommunen ekstraordinære midler til Lavangen i påvente av "
            "evalueringsresultatet av omstillingsprogrammet.",
        ],
        "status": SchemeStatus.UNDER_EVALUATION,
        "eligible_applicants": ["kommuner", "regionrad"],
        "municipalities": ["dyroy", "kvaenangen", "lavangen"],
        "topics": ["omstilling"],
        "contacts": "omstilling",
    },
    {
        "slug": "tromsvekstavtaler",
        "title": "Tromsvekstavtaler",
        "summary": (
            "I Troms skal det inngås Tromsvekstavtaler mellom fylkeskommunen og de fire "
            "internpolitiske rådene i Hålogaland, Midt-Troms, Sør-Troms og Tromsøregionen."
        ),
        "status": SchemeStatus.CONTINUOUS,
        "eligible_applicants": ["regionrad"],
        # Hålogaland is the other name of Sør-Troms.
        "regions": ["sor-troms", "midt-troms", "tromsoregionen"],
        "topics": ["omstilling", "samfunnsutvikling"],
        "related_links": ["Les mer om Tromsvekstavtalene her"],
        "contacts": "omstilling",
    },
    {
        "slug": "kompetanse",
        "title": "Kompetanse",
        "summary": (
            "Vi jobber for at næringslivet skal få tilgang til den kompetansen bedriftene har "
            "behov for. Fylkeskommunen har ansvaret for videregående opplæring, men vi støtter "
            "også opp om kompetansehevende tiltak for andre deler av befolkningen, for eksempel "
            "til forskningsdager og Nordnorsk Vitensenter."
        ),
        "body": [
            "Vi samarbeider blant annet med studiesenteret Campus Nord-Troms, som jobber for "
            "utvidet etter- og videreutdanningstilbud i Nord-Troms, basert på næringslivets behov",
        ],
        "status": SchemeStatus.CONTINUOUS,
        "topics": ["kompetanse", "naeringsutvikling-og-kompetanse"],
        "contacts": "kompetanse",
    },
    {
        "slug": "bio-midler",
        "title": "BIO-midler",
        "summary": (
            "BIO-midler (midler til bedriftsintern opplæring) benyttes fra og med 2022 til større "
            "prosjekter i Troms, med mål om å bedre næringslivets tilgang på relevant kompetanse "
            "og grønn omstilling i næringslivet. Det er ikke anledning for enkeltbedrifter å søke "
            "støtte."
        ),
        "status": SchemeStatus.CONTINUOUS,
        "ineligible_applicants": ["enkeltbedrifter"],
        "eligibility_note": "Det er ikke anledning for enkeltbedrifter å søke støtte.",
        "topics": ["kompetanse", "naeringsutvikling-og-kompetanse"],
        "contacts": "kompetanse",
    },
    {
        "slug": "bredband",
        "title": "Bredbånd",
        "summary": (
            "Regjeringen har som mål å sikre «et likeverdig tilbud av sikre elektroniske "
            "kommunikasjonstjenester av høy kvalitet og til rimelige priser over hele landet»."
        ),
        "body": [
            "Vi forvalter tilskudd som skal bidra til utbygging av bredbånd i geografiske områder "
            "der det ikke er kommersielt grunnlag for investeringer.",
        ],
        "status": SchemeStatus.CONTINUOUS,
        "eligible_applicants": ["kommuner"],
        "topics": ["infrastruktur", "bredband"],
        "contacts": "bredband",
    },
    {
        "slug": "stotte-til-dagligvarebutikker-i-utkantstrok",
        "title": "Støtte til dagligvarebutikker i utkantstrøk",
        "summary": (
            "Lokalbutikkene er viktige i distriktene, i forhold til handel, trygghet og nærhet. "
            "Ofte er de både en sosial arena og et servicested for besøkende så vel som "
            "lokalsamfunn."
        ),
        "body": [
            "Vi deler årlig ut tilskudd til dagligvarebutikker i utkantstrøk, ordningen er et "
            "spleiselag mellom fylkeskommunen og kommunene bedriftene er lokalisert i.",
        ],
        # Grants are handed out every year.
        "status": SchemeStatus.CONTINUOUS,
        "eligible_applicants": ["dagligvarebutikker"],
        "funding_partners": ["troms-fylkeskommune"],
        "funding_note": (
            "Spleiselag mellom fylkeskommunen og kommunene bedriftene er lokalisert i."
        ),
        "topics": ["infrastruktur", "dagligvarebutikker"],
        "contacts": "dagligvare",
    },
]

PROGRAMMES = [
    {
        "slug": "regionvekstavtaler",
        "title": "Regionvekstavtaler",
        "summary": (
            "Staten har inngått pilotsamarbeid med noen av fylkene på regionvekstavtaler, et nytt "
            "virkemiddel i regionalpolitikken. Staten og fylkeskommunene skal være hovedpartner i "
            "avtalene. Hvilken rolle kommunene skal ha i avtalene vil avklares for hvert enkelt "
            "fylke."
        ),
        "body": [
            "Gjennom ordningen ønsker staten å samordne offentlige tiltak og virkemidler slik at "
            "de treffer de regionale utfordringene og mulighetene. Nordland og Rogaland er "
            "pilotfylker.",
        ],
        "owner_organisation": "staten",
        "participating_counties": ["nordland", "rogaland"],
        "topics": ["nasjonale-satsninger-og-programmer"],
    },
    {
        "slug": "bygdevekstavtaler",
        "title": "Bygdevekstavtaler",
        "summary": (
            "Kommunal- og distriktsdepartementet (KDD) har lansert fem nye bygdevekstavtaler med "
            "blant andre Kåfjord, Skjervøy, Nordreisa og Kvænanen."
        ),
        "body": [
            "Gjennom ordningen skal kommunene tydeliggjøre og spisse sine utfordringer og gi "
            "forslag til innholdet i en eventuell avtale med staten (fase 1). Dersom det inngås "
            "avtale, vil deltakende kommuner kunne søke om midler til gjennomføring av "
            "bygdevekstavtalene (fase 2).",
            "Tilskuddsordningen skal gå over tre år, med forbehold om Stortingets årlige "
            "budsjettvedtak.",
        ],
        "owner_organisation": "kommunal-og-distriktsdepartementet",
        "municipalities": ["kafjord", "skjervoy", "nordreisa", "kvaenangen"],
        "eligible_applicants": ["kommuner"],
        "topics": ["nasjonale-satsninger-og-programmer"],
        "phases": [
            (
                "Fase 1",
                "Kommunene tydeliggjør og spisser sine utfordringer og gir forslag til innholdet "
                "i en eventuell avtale med staten.",
            ),
            (
                "Fase 2",
                "Dersom det inngås avtale, kan deltakende kommuner søke om midler til "
                "gjennomføring av bygdevekstavtalene.",
            ),
        ],
        "period_note": (
            "Tilskuddsordningen skal gå over tre år, med forbehold om Stortingets årlige "
            "budsjettvedtak."
        ),
        # GNIST comes after this page in the source; the link is made once both exist.
        "related_programmes_later": ["gnist"],
    },
    {
        "slug": "gnist",
        "title": "GNIST",
        "summary": (
            "GNIST er et innovasjonsprogram for nærings- og stedsutvikling som Design og "
            "arkitektur Norge (DOGA) forvalter som en del av statens virkemidler for innovasjon."
        ),
        "body": [
            "Dersom kommuner som søker bygdevekstavtale med staten også har søkt deltakelse i "
            "GNIST innovasjon, kan de to virkemidlene ses i sammenheng",
        ],
        "owner_organisation": "design-og-arkitektur-norge",
        "eligible_applicants": ["kommuner"],
        "topics": ["nasjonale-satsninger-og-programmer"],
        "related_programmes": ["bygdevekstavtaler"],
    },
    {
        "slug": "det-nasjonale-veikartet",
        "title": "Det nasjonale veikartet for smarte og bærekraftige byer og lokalsamfunn",
        "summary": (
            "DOGA har et verktøy for kommunenes utviklingsarbeid; Det nasjonale veikartet for "
            "smarte og bærekraftige byer og lokalsamfunn. Verktøyet kan hjelpe kommuner og fylker "
            "til å ta i bruk ny teknologi, innovative metoder, samarbeid og samskaping."
        ),
        "owner_organisation": "design-og-arkitektur-norge",
        "eligible_applicants": ["kommuner", "fylkeskommuner"],
        "topics": ["nasjonale-satsninger-og-programmer"],
    },
]


def contacts(loader, section):
    return [
        {"person": loader.get(Person, name), "note": note}
        for name, note in SECTION_CONTACTS[section]
    ]


def external_link(title):
    return {"title": title, "page": None, "url": LINK_URLS[title]}


def finder_fields(loader, entry):
    """The fields that schemes and programmes share, from one entry of SCHEMES or PROGRAMMES."""
    return {
        "title": entry["title"],
        "seo_title": entry.get("seo_title", ""),
        "search_description": entry["summary"],
        "summary": entry["summary"],
        "body": [("paragraph", rich_text(paragraph)) for paragraph in entry.get("body", [])],
        "status": entry.get("status", SchemeStatus.CONTINUOUS),
        "eligible_applicants": [
            loader.get(ApplicantType, slug) for slug in entry.get("eligible_applicants", [])
        ],
        "ineligible_applicants": [
            loader.get(ApplicantType, slug) for slug in entry.get("ineligible_applicants", [])
        ],
        "eligibility_note": entry.get("eligibility_note", ""),
        "municipalities": [
            loader.get(Municipality, slug) for slug in entry.get("municipalities", [])
        ],
        "regions": [loader.get(Region, slug) for slug in entry.get("regions", [])],
        "topics": [loader.get(Topic, slug) for slug in entry.get("topics", [])],
        "related_links": [
            ("link", external_link(title)) for title in entry.get("related_links", [])
        ],
        "contacts": [
            ("contact", contact)
            for contact in (contacts(loader, entry["contacts"]) if "contacts" in entry else [])
        ],
    }


def scheme_fields(loader, entry):
    return {
        **finder_fields(loader, entry),
        "funding_partners": [
            loader.get(Organisation, slug) for slug in entry.get("funding_partners", [])
        ],
        "funding_note": entry.get("funding_note", ""),
    }


def programme_fields(loader, entry):
    fields = {
        **finder_fields(loader, entry),
        "owner_organisation": loader.get(Organisation, entry["owner_organisation"]),
        "phases": [
            ("phase", {"title": title, "text": rich_text(text)})
            for title, text in entry.get("phases", [])
        ],
        "period_note": entry.get("period_note", ""),
        "participating_counties": [
            loader.get(County, slug) for slug in entry.get("participating_counties", [])
        ],
    }
    # Left out when a related programme comes later in the source, so that the first pass
    # does not count the link made by the second as an editor's change.
    if "related_programmes" in entry:
        fields["related_programmes"] = [
            loader.get(ProgrammePage, slug) for slug in entry["related_programmes"]
        ]
    return fields


def section(title, cards, *, text="", contacts_intro="", section_contacts=()):
    return (
        "section",
        {
            "title": title,
            "text": text,
            "cards": list(cards),
            # The source shows the heading "Relevante lenker" under every section, with no links.
            "links": {"heading": "Relevante lenker", "links": []},
            "contacts": {
                "heading": "Ta kontakt med oss",
                "intro": contacts_intro,
                "contacts": list(section_contacts),
            },
        },
    )


def topic_sections(loader):
    def scheme(slug):
        return loader.get(SchemePage, slug)

    return [
        section(
            "Omstilling",
            [scheme("omstillingsprogrammet"), scheme("tromsvekstavtaler")],
            contacts_intro="Har du korte spørsmål kan du ta kontakt med:",
            section_contacts=contacts(loader, "omstilling"),
        ),
        section(
            "Næringsutvikling og kompetanse",
            [scheme("kompetanse"), scheme("bio-midler")],
            contacts_intro="For korte spørsmål kan du ta kontakt med:",
            section_contacts=contacts(loader, "kompetanse"),
        ),
        section(
            "Infrastruktur",
            [scheme("bredband"), scheme("stotte-til-dagligvarebutikker-i-utkantstrok")],
            contacts_intro="For korte spørsmål ta kontakt med:",
            section_contacts=[*contacts(loader, "bredband"), *contacts(loader, "dagligvare")],
        ),
        section(
            "Nasjonale satsninger og programmer",
            [loader.get(ProgrammePage, entry["slug"]) for entry in PROGRAMMES],
            text=rich_text(
                "Det finnes flere nasjonale ordninger som er rettet mot fylker og kommuner. Under "
                "kan du lese om noen av dem."
            ),
        ),
    ]


def load(loader):
    for name in APPLICANT_TYPES:
        loader.term(ApplicantType, name)
    topic = loader.get(TopicPage, "attraktive-samfunn")
    for entry in SCHEMES:
        loader.page(topic, SchemePage, entry["slug"], scheme_fields(loader, entry))
    for entry in PROGRAMMES:
        loader.page(topic, ProgrammePage, entry["slug"], programme_fields(loader, entry))
    for entry in PROGRAMMES:
        if "related_programmes_later" in entry:
            related = [
                loader.get(ProgrammePage, slug) for slug in entry["related_programmes_later"]
            ]
            loader.update_page(
                loader.get(ProgrammePage, entry["slug"]), {"related_programmes": related}
            )
    loader.update_page(topic, {"sections": topic_sections(loader)})
