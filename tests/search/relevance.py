"""A judged relevance set: queries as citizens type them, each with the result it should find.

The queries are about the two source pages (tests/content/) and what people in Troms ask the
county about: inflected forms, compounds and their parts, missing æ/ø/å, synonyms, names,
places and whole questions. Each names one title that must be among the first three results;
where several results are right, the query names the one a citizen most likely wants.
"""

from dataclasses import dataclass

BREDBAND = "Bredbånd"
BUTIKK = "Støtte til dagligvarebutikker i utkantstrøk"
BYGDEVEKST = "Bygdevekstavtaler"
REGIONVEKST = "Regionvekstavtaler"
TROMSVEKST = "Tromsvekstavtaler"
OMSTILLING = "Omstillingstillingsprogrammet"
BIO = "BIO-midler"
KOMPETANSE = "Kompetanse"
GNIST = "GNIST"
VEIKART = "Det nasjonale veikartet for smarte og bærekraftige byer og lokalsamfunn"
STRATEGI = "Næringsstrategi for Troms"
INNSPILLKASSE = "Digital innspillkasse"
ATTRAKTIVE = "Attraktive samfunn"

JUDGEMENTS = [
    # Broadband
    ("bredbånd", BREDBAND),
    ("bredbåndet", BREDBAND),
    ("bredband", BREDBAND),
    ("bredbaand", BREDBAND),
    ("breiband", BREDBAND),
    ("bredbåndsutbygging", BREDBAND),
    ("tilskudd til bredbånd", BREDBAND),
    ("fiber i distriktet", BREDBAND),
    ("elektroniske kommunikasjonstjenester", BREDBAND),
    # Shops
    ("tilskudd til butikker", BUTIKK),
    ("dagligvarebutikken", BUTIKK),
    ("støtte til nærbutikk", BUTIKK),
    ("stotte dagligvare", BUTIKK),
    ("butikk i utkanten", BUTIKK),
    ("lokalbutikk", BUTIKK),
    ("landhandel", BUTIKK),
    ("dagligvarestøtte", BUTIKK),
    ("handel og trygghet i distriktene", BUTIKK),
    # Growth agreements
    ("bygdevekstavtale Skjervøy", BYGDEVEKST),
    ("bygdevekstavtalene", BYGDEVEKST),
    ("bygdevekst", BYGDEVEKST),
    ("søknad om midler til bygdevekstavtale", BYGDEVEKST),
    ("KDD bygdevekst", BYGDEVEKST),
    ("Kommunal- og distriktsdepartementet", BYGDEVEKST),
    ("regionvekstavtale", REGIONVEKST),
    ("pilotfylker Nordland Rogaland", REGIONVEKST),
    ("tromsvekstavtalene", TROMSVEKST),
    ("vekstavtale med regionrådene", TROMSVEKST),
    # Restructuring
    ("omstilling", OMSTILLING),
    ("omstillingsstatus", OMSTILLING),
    ("omstillingsmidler Dyrøy", OMSTILLING),
    ("Kvænangen omstillingsprogram", OMSTILLING),
    ("Lavangen", OMSTILLING),
    # Competence
    ("BIO-midler", BIO),
    ("biomidler", BIO),
    ("bedriftsintern opplæring", BIO),
    ("BIO", BIO),
    ("kompetanse", KOMPETANSE),
    ("etter- og videreutdanning", KOMPETANSE),
    ("Campus Nord-Troms", KOMPETANSE),
    ("Nordnorsk Vitensenter", KOMPETANSE),
    # National programmes
    ("GNIST", GNIST),
    ("gnist innovasjonsprogram", GNIST),
    ("stedsutvikling", GNIST),
    ("design og arkitektur norge", GNIST),
    ("nasjonale veikartet", VEIKART),
    ("smarte byer", VEIKART),
    ("verktøy for bærekraftige lokalsamfunn", VEIKART),
    # The strategy
    ("næringsstrategi", STRATEGI),
    ("naeringsstrategien", STRATEGI),
    ("innspillsmøter", STRATEGI),
    ("innspillsmøte i Harstad", STRATEGI),
    ("smart spesialisering", STRATEGI),
    ("fremdriftsplan", STRATEGI),
    ("fylkestinget mars 2023", STRATEGI),
    ("digital innspillkasse", INNSPILLKASSE),
    ("attraktive samfunn", ATTRAKTIVE),
    # People
    ("Kjetil Helstad", "Kjetil Helstad"),
    ("helstad", "Kjetil Helstad"),
    ("kontaktperson bredbånd", "Kjetil Helstad"),
    ("Anita Andresen", "Anita Irene Andresen"),
    ("prosjektleder næringsstrategi", "Anita Irene Andresen"),
    ("Kristine Østrem Nordal", "Kristine Østrem Nordal"),
    ("ostrem", "Kristine Østrem Nordal"),
    ("Dalsboe", "Fredrik Dalsbøe"),
    ("Figenschau", "Kristian Figenschau"),
    # Longer and looser questions, places and details
    ("støtte til lokalbutikk", BUTIKK),
    ("butikkstøtte", BUTIKK),
    ("spleiselag kommunen butikk", BUTIKK),
    ("servicested", BUTIKK),
    ("hvordan søker jeg om bredbåndsstøtte", BREDBAND),
    ("tilskot til breiband", BREDBAND),
    ("utbygging av bredbånd", BREDBAND),
    ("kommersielt grunnlag", BREDBAND),
    ("regionalpolitikk", REGIONVEKST),
    ("samordne virkemidler", REGIONVEKST),
    ("Hålogaland vekstavtale", TROMSVEKST),
    ("Nordreisa bygdevekst", BYGDEVEKST),
    ("Kaafjord", BYGDEVEKST),
    ("Skjervoy", BYGDEVEKST),
    ("fase 1 bygdevekstavtale", BYGDEVEKST),
    ("tre år budsjettvedtak", BYGDEVEKST),
    ("arbeidsplasser går tapt", OMSTILLING),
    ("omstillingsstøtte", OMSTILLING),
    ("enkeltbedrifter", BIO),
    ("kan bedrifter søke BIO", BIO),
    ("studiesenter", KOMPETANSE),
    ("videregående opplæring", KOMPETANSE),
    ("kompetansemidler", KOMPETANSE),
    ("innovasjonsmidler", GNIST),
    ("virkemidler for innovasjon", GNIST),
    ("samskaping", VEIKART),
    ("ny teknologi i kommunene", VEIKART),
    ("Finnsnes", STRATEGI),
    ("Thon Hotell Harstad", STRATEGI),
    ("høringsrunde", STRATEGI),
    ("fiskeri og havbruk", STRATEGI),
    ("når behandles næringsstrategien", STRATEGI),
    ("innspillkassen", INNSPILLKASSE),
    ("satsingsområder", INNSPILLKASSE),
    ("rammebetingelser for næringsutvikling", ATTRAKTIVE),
    ("kontakt omstilling", "Kristian Figenschau"),
    ("vigdis", "Vigdis A. Nilsen"),
]


# Summaries of the evaluations run in this test session, shown at its end.
REPORTED = []


@dataclass
class Evaluation:
    """hit@3 and mean reciprocal rank of the judged queries, and the queries that missed."""

    hits_at_3: int
    reciprocal_ranks: list
    misses: list

    @property
    def hit_at_3(self):
        return self.hits_at_3 / len(self.reciprocal_ranks)

    @property
    def mrr(self):
        return sum(self.reciprocal_ranks) / len(self.reciprocal_ranks)

    def summary(self, database):
        return (
            f"search relevance on {database}: {len(self.reciprocal_ranks)} judged queries, "
            f"hit@3 {self.hit_at_3:.3f} ({self.hits_at_3}), MRR {self.mrr:.3f}"
        )


def evaluate(search, judgements=JUDGEMENTS):
    """Run every judged query through ``search`` (query → list of titles, best first)."""
    hits_at_3 = 0
    reciprocal_ranks = []
    misses = []
    for query, expected in judgements:
        titles = search(query)
        rank = titles.index(expected) + 1 if expected in titles else None
        reciprocal_ranks.append(1 / rank if rank else 0.0)
        if rank and rank <= 3:
            hits_at_3 += 1
        else:
            misses.append((query, expected, rank, titles[:3]))
    return Evaluation(hits_at_3, reciprocal_ranks, misses)


# Queries as people really type them, by kind: misspellings, missing æ/ø/å, whole questions,
# English, the agencies by name or abbreviation, and nynorsk. (query, expected title, kind)
KINDS = ("typo", "no-aeoa", "question", "english", "agency", "nynorsk")
FORGIVING_JUDGEMENTS = [
    # Misspellings, above all of places and names
    ("kvenangen", OMSTILLING, "typo"),
    ("Kvenangen omstilling", OMSTILLING, "typo"),
    ("lavngen", OMSTILLING, "typo"),
    ("bredbnd", BREDBAND, "typo"),
    ("bredbåndd", BREDBAND, "typo"),
    ("omstillingsprogramet", OMSTILLING, "typo"),
    ("dagligvarebutik", BUTIKK, "typo"),
    ("bygdevekstavtal", BYGDEVEKST, "typo"),
    ("regionvekstavtle", REGIONVEKST, "typo"),
    ("tromsvekstavtalr", TROMSVEKST, "typo"),
    ("kompetance", KOMPETANSE, "typo"),
    ("næringstrategi", STRATEGI, "typo"),
    ("innspilsmøte", STRATEGI, "typo"),
    ("gnsit", GNIST, "typo"),
    ("Skjervøj", BYGDEVEKST, "typo"),
    ("Figenschaw", "Kristian Figenschau", "typo"),
    ("Helstadt", "Kjetil Helstad", "typo"),
    ("Finsnes", STRATEGI, "typo"),
    ("smart spesialisring", STRATEGI, "typo"),
    ("Dyrrøy omstilling", OMSTILLING, "typo"),
    # Missing æ, ø and å, typed as plain letters
    ("kvaenangen", OMSTILLING, "no-aeoa"),
    ("Kvanangen", OMSTILLING, "no-aeoa"),
    ("naeringsliv", STRATEGI, "no-aeoa"),
    ("naeringsstrategi for troms", STRATEGI, "no-aeoa"),
    ("stotte til butikk", BUTIKK, "no-aeoa"),
    ("hoeringsrunde", STRATEGI, "no-aeoa"),
    ("Dyroy", OMSTILLING, "no-aeoa"),
    ("Kafjord", BYGDEVEKST, "no-aeoa"),
    ("baerekraftige lokalsamfunn", VEIKART, "no-aeoa"),
    ("innspillsmote", STRATEGI, "no-aeoa"),
    ("bredbandsstotte", BREDBAND, "no-aeoa"),
    ("Dalsbo", "Fredrik Dalsbøe", "no-aeoa"),
    # Whole questions
    ("hva er GNIST", GNIST, "question"),
    ("hvem kan søke BIO-midler", BIO, "question"),
    ("når er innspillsmøtene", STRATEGI, "question"),
    ("hva er smart spesialisering", STRATEGI, "question"),
    ("hvordan får butikken vår støtte", BUTIKK, "question"),
    ("hvem er kontaktperson for bredbånd", "Kjetil Helstad", "question"),
    ("hva er en bygdevekstavtale", BYGDEVEKST, "question"),
    ("kan kommunen søke om omstillingsstatus", OMSTILLING, "question"),
    ("hvor kan jeg gi innspill til strategien", INNSPILLKASSE, "question"),
    ("hva er det nasjonale veikartet", VEIKART, "question"),
    # English
    ("broadband", BREDBAND, "english"),
    ("broadband funding", BREDBAND, "english"),
    ("grocery store support", BUTIKK, "english"),
    ("grant for grocery stores", BUTIKK, "english"),
    ("business strategy", STRATEGI, "english"),
    ("business development strategy", STRATEGI, "english"),
    ("regional growth agreement", REGIONVEKST, "english"),
    ("rural growth agreement Skjervøy", BYGDEVEKST, "english"),
    ("Troms growth agreement", TROMSVEKST, "english"),
    ("restructuring Dyrøy", OMSTILLING, "english"),
    ("in-house training", BIO, "english"),
    ("smart specialisation", STRATEGI, "english"),
    ("contact person broadband", "Kjetil Helstad", "english"),
    ("national roadmap", VEIKART, "english"),
    ("feedback form", INNSPILLKASSE, "english"),
    ("attractive communities", ATTRAKTIVE, "english"),
    ("application deadline broadband", BREDBAND, "english"),
    ("how do I apply for broadband funding", BREDBAND, "english"),
    # Agencies, by name and abbreviation
    ("KDD", BYGDEVEKST, "agency"),
    ("Ministry of Local Government", BYGDEVEKST, "agency"),
    ("distriktsdepartementet", BYGDEVEKST, "agency"),
    ("DOGA", GNIST, "agency"),
    ("Design and Architecture Norway", GNIST, "agency"),
    ("BIO", BIO, "agency"),
    ("Nordnorsk vitensenter", KOMPETANSE, "agency"),
    # Nynorsk
    ("tilskot til butikk", BUTIKK, "nynorsk"),
    ("breibandsutbygging", BREDBAND, "nynorsk"),
    ("kompetansemidlar", KOMPETANSE, "nynorsk"),
    ("omstillingsmidlar", OMSTILLING, "nynorsk"),
    ("kva er bygdevekstavtale", BYGDEVEKST, "nynorsk"),
    ("kven er kontaktperson for breiband", "Kjetil Helstad", "nynorsk"),
    ("næringsstrategien til fylket", STRATEGI, "nynorsk"),
    ("korleis søkje om tilskot til breiband", BREDBAND, "nynorsk"),
]


def evaluate_by_kind(search, judgements=FORGIVING_JUDGEMENTS):
    """{kind: Evaluation} of judged queries with a kind; every query is searched once."""
    return {
        kind: evaluate(
            search, [(query, expected) for query, expected, of in judgements if of == kind]
        )
        for kind in dict.fromkeys(kind for _, _, kind in judgements)
    }
