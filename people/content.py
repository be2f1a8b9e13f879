"""The people part of the Troms content: the staff the two source pages name as contacts.

People are found again by name. Only what the source says is written: no email address or
phone number that it does not give.
"""

from taxonomy.models import Topic

from .models import Person

PEOPLE = [
    {
        "name": "Anita Irene Andresen",
        "job_title": "Prosjektleder",
        "area_of_responsibility": "Næringsstrategi for Troms",
        "email": "Anita.Irene.Andresen@tffk.no",
        "topics": ["naeringsstrategi"],
    },
    {
        "name": "Kristian Figenschau",
        "area_of_responsibility": "omstilling og samfunnsutvikling",
        "topics": ["omstilling", "samfunnsutvikling"],
    },
    {
        "name": "Rune Eliassen",
        "area_of_responsibility": "samfunnsutvikling",
        "topics": ["samfunnsutvikling"],
    },
    {
        "name": "Vigdis A. Nilsen",
        "area_of_responsibility": "samfunnsutvikling",
        "topics": ["samfunnsutvikling"],
    },
    {
        "name": "Kristine Østrem Nordal",
        "job_title": "avdelingsleder",
        "topics": ["naeringsutvikling-og-kompetanse", "kompetanse"],
    },
    {
        "name": "Kjetil Helstad",
        "area_of_responsibility": "bredbånd",
        "topics": ["infrastruktur", "bredband"],
    },
    {
        "name": "Fredrik Dalsbøe",
        "area_of_responsibility": "dagligvarestøtte",
        "topics": ["infrastruktur", "dagligvarebutikker"],
    },
]


def load(loader):
    for entry in PEOPLE:
        # Only the fields the source fills are written and compared, so that a phone number or
        # photo an editor adds later is neither reported as a change nor wiped by --force.
        fields = {key: value for key, value in entry.items() if key != "name"}
        fields["topics"] = [loader.get(Topic, slug) for slug in entry["topics"]]
        loader.snippet(Person, {"name": entry["name"]}, fields)
