"""Factories for the taxonomy snippets of home and schemes."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from schemes.models import ApplicantType
from taxonomy.choices import OrganisationKind
from taxonomy.models import County, Industry, Municipality, Organisation, Region, Topic


class TaxonomyFactory(DjangoModelFactory):
    slug = factory.LazyAttribute(lambda term: slugify(term.name))

    class Meta:
        abstract = True


class RegionFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Region {n}")

    class Meta:
        model = Region


class MunicipalityFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Kommune {n}")
    number = factory.Sequence(lambda n: f"{5500 + n % 4500:04d}")
    region = factory.SubFactory(RegionFactory)

    class Meta:
        model = Municipality


class CountyFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Fylke {n}")
    number = factory.Sequence(lambda n: f"{n % 100:02d}")

    class Meta:
        model = County


class OrganisationFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Organisasjon {n}")
    kind = OrganisationKind.OTHER

    class Meta:
        model = Organisation


class IndustryFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Næring {n}")

    class Meta:
        model = Industry


class TopicFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Tema {n}")

    class Meta:
        model = Topic


class ApplicantTypeFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Søkergruppe {n}")

    class Meta:
        model = ApplicantType
