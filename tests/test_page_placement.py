"""Where each page type may be created: the parent and subpage types of every page model."""

import itertools

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import HomePage, TopicPage
from schemes.choices import SchemeStatus
from schemes.models import ProgrammePage, SchemeIndexPage, SchemePage
from strategy.models import FeedbackFormPage, StrategyPage
from tests.factories import (
    SchemeIndexPageFactory,
    SchemePageFactory,
    StrategyPageFactory,
    TopicPageFactory,
    site_root,
)

PAGE_TYPES = [
    HomePage,
    TopicPage,
    StrategyPage,
    FeedbackFormPage,
    SchemeIndexPage,
    SchemePage,
    ProgrammePage,
]
PARENT_TYPES = [Page, *PAGE_TYPES]

# Every (child, parent) pair that is allowed; any pair not listed must be refused.
ALLOWED = {
    (HomePage, Page),
    (TopicPage, HomePage),
    (TopicPage, TopicPage),
    (StrategyPage, HomePage),
    (StrategyPage, TopicPage),
    (FeedbackFormPage, StrategyPage),
    (SchemeIndexPage, HomePage),
    (SchemeIndexPage, TopicPage),
    (SchemePage, TopicPage),
    (SchemePage, SchemeIndexPage),
    (ProgrammePage, TopicPage),
    (ProgrammePage, SchemeIndexPage),
}


def placement_id(pair):
    child, parent = pair
    return f"{child.__name__} under {parent.__name__}"


PAIRS = list(itertools.product(PAGE_TYPES, PARENT_TYPES))


@pytest.mark.parametrize(("child", "parent"), PAIRS, ids=map(placement_id, PAIRS))
@pytest.mark.django_db
def test_page_type_may_exist_only_under_its_allowed_parents(child, parent):
    assert child.can_exist_under(parent()) == ((child, parent) in ALLOWED)


@pytest.mark.parametrize("parent", PARENT_TYPES, ids=lambda parent: parent.__name__)
@pytest.mark.django_db
def test_allowed_subpage_models_are_exactly_the_allowed_children(parent):
    expected = {child for child, allowed_parent in ALLOWED if allowed_parent is parent}

    assert set(parent.allowed_subpage_models()) & set(PAGE_TYPES) == expected


@pytest.mark.django_db
def test_home_page_may_be_created_only_under_the_root():
    root = Page.get_first_root_node()

    assert HomePage.can_create_at(root)
    home = site_root()
    assert not HomePage.can_create_at(home)


@pytest.mark.django_db
def test_there_is_only_one_home_page():
    site_root()

    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.django_db
def test_scheme_may_be_created_under_a_topic_page_and_a_scheme_finder_only():
    home = site_root()
    topic = TopicPageFactory(parent=home)
    finder = SchemeIndexPageFactory(parent=home)
    strategy = StrategyPageFactory(parent=home)

    assert SchemePage.can_create_at(topic)
    assert SchemePage.can_create_at(finder)
    assert not SchemePage.can_create_at(home)
    assert not SchemePage.can_create_at(strategy)


@pytest.mark.django_db
def test_feedback_form_may_be_created_under_a_strategy_only():
    home = site_root()
    strategy = StrategyPageFactory(parent=home)
    topic = TopicPageFactory(parent=home)

    assert FeedbackFormPage.can_create_at(strategy)
    assert not FeedbackFormPage.can_create_at(topic)
    assert not FeedbackFormPage.can_create_at(home)


@pytest.mark.django_db
def test_strategy_may_not_be_created_under_a_scheme():
    home = site_root()
    scheme = SchemePageFactory(parent=TopicPageFactory(parent=home))

    assert not StrategyPage.can_create_at(scheme)


@pytest.fixture
def tree(db):
    home = site_root()
    topic = TopicPageFactory(parent=home, title="Attraktive samfunn")
    finder = SchemeIndexPageFactory(parent=home, title="Tilskuddsordninger")
    return {
        "home": home,
        "topic": topic,
        "finder": finder,
        "scheme": SchemePageFactory(parent=finder, title="Omstilling"),
        "strategy": StrategyPageFactory(parent=home, title="Næringsstrategi for Troms"),
    }


def add_scheme_url(parent):
    return reverse("wagtailadmin_pages:add", args=["schemes", "schemepage", parent.pk])


def new_scheme_data():
    return nested_form_data(
        {
            "title": "Støtte til dagligvarebutikker",
            "slug": "dagligvarebutikker",
            "summary": "Tilskudd til butikker i distriktene.",
            "status": SchemeStatus.CONTINUOUS,
            "body": streamfield([]),
            "eligibility_note": "",
            "related_links": streamfield([]),
            "contacts": streamfield([]),
            "funding_note": "",
            "application_rounds": inline_formset([]),
        }
    )


def test_admin_offers_only_schemes_and_programmes_under_a_scheme_finder(admin_client, tree):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[tree["finder"].pk]))

    assert response.status_code == 200
    names = [model_name for _, _, model_name, _ in response.context["page_types"]]
    assert sorted(names) == ["programmepage", "schemepage"]


def test_admin_offers_no_subpages_under_a_scheme(admin_client, tree):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[tree["scheme"].pk]))

    # Wagtail answers a refused admin view by sending the editor back to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_admin_creates_a_scheme_under_a_topic_page(admin_client, tree):
    response = admin_client.post(add_scheme_url(tree["topic"]), new_scheme_data())

    assert response.status_code == 302
    assert SchemePage.objects.child_of(tree["topic"]).get().slug == "dagligvarebutikker"


@pytest.mark.parametrize("parent", ["scheme", "strategy", "home"])
def test_admin_refuses_to_create_a_scheme_under_a_page_that_does_not_allow_it(
    admin_client, tree, parent
):
    response = admin_client.post(add_scheme_url(tree[parent]), new_scheme_data())

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not SchemePage.objects.filter(slug="dagligvarebutikker").exists()
