import io

import pytest
from django.core.management import call_command

from search.models import Synonym
from search.synonyms import create_default_synonyms, create_english_synonyms
from tests.api.conftest import api_client, home_page, publish, tree  # noqa: F401

from .relevance import REPORTED


@pytest.fixture
def synonyms(db):
    """The synonyms a new installation has (a test that empties the database removes them)."""
    create_default_synonyms(Synonym)
    create_english_synonyms(Synonym)


@pytest.fixture
def troms(synonyms):
    """The real Troms content, as `manage.py load_troms_content` builds it."""
    call_command("load_troms_content", stdout=io.StringIO())


def pytest_terminal_summary(terminalreporter):
    if REPORTED:
        terminalreporter.section("search relevance")
        for line in REPORTED:
            terminalreporter.write_line(line)
