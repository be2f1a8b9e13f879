"""Factories for every page type, and the site root the pages hang under."""

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from home.models import HomePage, TopicPage
from schemes.models import ProgrammePage, SchemeIndexPage, SchemePage
from strategy.models import FeedbackFormPage, Meeting, Milestone, StrategyPage

from .taxonomies import RegionFactory

OSLO = ZoneInfo("Europe/Oslo")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Troms næringsportal"

    class Meta:
        model = HomePage


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tema {n}")
    lead = "Ingress til temasiden."

    class Meta:
        model = TopicPage


class StrategyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Strategi {n}")
    lead = "Målet med strategien."

    class Meta:
        model = StrategyPage


class FeedbackFormPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Innspillkasse {n}")

    class Meta:
        model = FeedbackFormPage


class SchemeIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Ordninger {n}")

    class Meta:
        model = SchemeIndexPage


class SchemePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tilskuddsordning {n}")
    summary = "Tilskudd til utvikling av lokalsamfunn."

    class Meta:
        model = SchemePage


class ProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nasjonalt program {n}")
    summary = "Et nasjonalt program som kommuner kan søke om å delta i."
    period_start = datetime.date(2022, 1, 1)
    period_end = datetime.date(2024, 12, 31)

    class Meta:
        model = ProgrammePage


class MeetingFactory(DjangoModelFactory):
    """An input meeting of two hours; pass ``page=`` the strategy it belongs to."""

    region = factory.SubFactory(RegionFactory)
    start = datetime.datetime(2022, 3, 1, 10, 0, tzinfo=OSLO)
    end = factory.LazyAttribute(lambda meeting: meeting.start + datetime.timedelta(hours=2))
    venue = "Kulturhuset"
    place = "Finnsnes"

    class Meta:
        model = Meeting


class MilestoneFactory(DjangoModelFactory):
    """A step of a strategy's timeline; pass ``page=`` the strategy it belongs to."""

    title = factory.Sequence(lambda n: f"Milepæl {n}")
    start = datetime.date(2022, 2, 1)
    end = datetime.date(2022, 4, 1)

    class Meta:
        model = Milestone


def site_root(**kwargs):
    """A home page as the root of the default site, where the content loader puts it."""
    home = HomePageFactory(parent=Page.get_first_root_node(), **kwargs)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home
