import pytest

from tests.factories import RegionFactory, StrategyPageFactory, site_root
from tests.fixtures import _norwegian  # noqa: F401


@pytest.fixture
def home_page(db):
    return site_root()


@pytest.fixture
def strategy_page(home_page):
    return StrategyPageFactory(parent=home_page, title="Næringsstrategi for Troms")


@pytest.fixture
def region(db):
    return RegionFactory(name="Midt-Troms")
