"""The synonyms a new installation starts with; editors change them in the admin."""

# Each group is a list of words or phrases that citizens use for the same thing. Loaded once by
# a data migration: changing this list later changes nothing in an existing database.
DEFAULT_SYNONYMS = [
    (["bredbånd", "breiband", "fiber", "internett"], "Nynorsk, og ord folk søker med."),
    (["BIO", "bedriftsintern opplæring"], "BIO-midler er tilskudd til bedriftsintern opplæring."),
    (["tilskudd", "tilskot", "støtte", "stønad"], "Ord for tilskudd."),
    (["søknad", "søke"], "Folk søker på hvordan de søker."),
    (["dagligvarebutikk", "nærbutikk", "landhandel", "matbutikk"], "Butikker i distriktene."),
    (["KDD", "Kommunal- og distriktsdepartementet"], "Departementet og forkortelsen."),
    (["DOGA", "Design og arkitektur Norge"], "Direktoratet og forkortelsen."),
    (["FoU", "forskning og utvikling"], "Forskning og utvikling og forkortelsen."),
]


def create_default_synonyms(synonym_model):
    """Add the default groups that are missing, so running it twice adds nothing."""
    for terms, note in DEFAULT_SYNONYMS:
        synonym_model.objects.get_or_create(terms="\n".join(terms), defaults={"note": note})


# English words for the county's subjects, and more names for the agencies. One-way: the English
# word finds the Norwegian one, while a search in Norwegian does not also look for English words
# that are Norwegian words too ("store", "grant") or that match nothing.
ENGLISH_SYNONYMS = [
    ("bredbånd", ["broadband", "fibre broadband", "fiber broadband", "high-speed internet"]),
    (
        "dagligvarebutikk",
        [
            "grocery store",
            "grocery shop",
            "grocery",
            "village shop",
            "local shop",
            "convenience store",
            "supermarket",
            "corner shop",
        ],
    ),
    ("butikk", ["shop", "shops"]),
    (
        "næringsstrategi",
        [
            "business strategy",
            "business development strategy",
            "industrial strategy",
            "economic development strategy",
            "industry strategy",
        ],
    ),
    ("næringsutvikling", ["business development", "economic development"]),
    ("næringsliv", ["business", "businesses", "trade and industry"]),
    ("regionvekstavtale", ["regional growth agreement", "regional growth deal"]),
    (
        "bygdevekstavtale",
        ["rural growth agreement", "village growth agreement", "rural growth deal"],
    ),
    ("tromsvekstavtale", ["Troms growth agreement", "Troms growth deal"]),
    ("vekstavtale", ["growth agreement", "growth deal"]),
    (
        "tilskudd",
        [
            "funding",
            "funds",
            "grant",
            "grants",
            "subsidy",
            "subsidies",
            "financial support",
            "support",
            "financing",
        ],
    ),
    ("søknadsfrist", ["application deadline", "deadline for applications", "closing date"]),
    ("frist", ["deadline"]),
    ("søke", ["apply", "application", "applications", "how to apply"]),
    ("omstilling", ["restructuring", "restructuring programme", "transition", "conversion"]),
    ("kompetanse", ["competence", "skills", "further education", "continuing education"]),
    (
        "bedriftsintern opplæring",
        ["in-house training", "company training", "workplace training", "employee training"],
    ),
    ("opplæring", ["training"]),
    ("innovasjon", ["innovation"]),
    ("smart spesialisering", ["smart specialisation", "smart specialization"]),
    ("innspillsmøte", ["input meeting", "consultation meeting", "public meeting", "meetings"]),
    ("innspill", ["feedback", "input", "comments", "suggestion box"]),
    ("innspillkasse", ["feedback form", "digital suggestion box"]),
    ("attraktive samfunn", ["attractive communities", "attractive society"]),
    ("nasjonale veikartet", ["national roadmap", "roadmap"]),
    ("smarte byer", ["smart cities", "smart city"]),
    ("bærekraftig", ["sustainable", "sustainability"]),
    ("stedsutvikling", ["place development", "placemaking", "town development"]),
    ("kontaktperson", ["contact person", "contact"]),
    ("fylkeskommune", ["county council", "county municipality", "county authority"]),
    ("kommune", ["municipality", "municipalities"]),
    ("fiskeri", ["fisheries", "fishing"]),
    ("havbruk", ["aquaculture", "fish farming"]),
    ("reiseliv", ["tourism", "travel industry"]),
    ("landbruk", ["agriculture", "farming"]),
    ("arbeidsplasser", ["jobs", "employment"]),
    ("fremdriftsplan", ["timeline", "schedule", "progress plan"]),
    # The agencies, by their English names and the names people shorten them to.
    (
        "KDD",
        [
            "Ministry of Local Government and Regional Development",
            "Ministry of Local Government",
            "kommunaldepartementet",
            "distriktsdepartementet",
            "KMD",
        ],
    ),
    (
        "DOGA",
        [
            "Design and Architecture Norway",
            "Norwegian Centre for Design and Architecture",
            "Design og arkitektur",
        ],
    ),
    ("BIO", ["BIO funds", "BIO grant", "BIO-ordningen", "BIO-tilskudd"]),
]


def create_english_synonyms(synonym_model):
    """Add the English one-way synonyms that are missing, so running it twice adds nothing."""
    for target, words in ENGLISH_SYNONYMS:
        synonym_model.objects.get_or_create(
            terms=target,
            one_way_terms="\n".join(words),
            defaults={"note": "Engelske ord og andre navn som leder til dette ordet."},
        )
