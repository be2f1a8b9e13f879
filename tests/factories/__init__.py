"""Factories for the suite's test data. Pages are always created with an explicit ``parent=``."""

from .pages import (
    FeedbackFormPageFactory,
    HomePageFactory,
    MeetingFactory,
    MilestoneFactory,
    ProgrammePageFactory,
    SchemeIndexPageFactory,
    SchemePageFactory,
    StrategyPageFactory,
    TopicPageFactory,
    site_root,
)
from .people import PersonFactory
from .taxonomies import (
    ApplicantTypeFactory,
    CountyFactory,
    IndustryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
)

__all__ = [
    "ApplicantTypeFactory",
    "CountyFactory",
    "FeedbackFormPageFactory",
    "HomePageFactory",
    "IndustryFactory",
    "MeetingFactory",
    "MilestoneFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "PersonFactory",
    "ProgrammePageFactory",
    "RegionFactory",
    "SchemeIndexPageFactory",
    "SchemePageFactory",
    "StrategyPageFactory",
    "TopicFactory",
    "TopicPageFactory",
    "site_root",
]
