"""Fixtures that several apps' test packages share, imported by their conftest.py."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _norwegian():
    """Every message in the language editors see."""
    with translation.override("nb"):
        yield
