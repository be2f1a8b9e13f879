import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield
