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
