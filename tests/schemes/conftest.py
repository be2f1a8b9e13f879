import pytest

from tests.factories import SchemeIndexPageFactory, site_root
from tests.fixtures import _norwegian  # noqa: F401


@pytest.fixture
def home_page(db):
    return site_root()


@pytest.fixture
def scheme_index(home_page):
    return SchemeIndexPageFactory(parent=home_page, title="Tilskuddsordninger")
