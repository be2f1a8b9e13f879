import pytest
from django.utils import translation

from tests.factories import SchemeIndexPageFactory, site_root


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def home_page(db):
    return site_root()


@pytest.fixture
def scheme_index(home_page):
    return SchemeIndexPageFactory(parent=home_page, title="Tilskuddsordninger")
