"""Factories for the people register."""

import factory
from factory.django import DjangoModelFactory

from people.models import Person


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kari Nordmann {n}")
    job_title = "Rådgiver"
    department = "Næring og kultur"
    email = factory.Sequence(lambda n: f"kari.nordmann{n}@tromsfylke.no")
    phone = "+47 77 78 80 00"

    class Meta:
        model = Person
