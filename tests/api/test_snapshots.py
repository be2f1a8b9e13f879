"""Golden payloads of each page type, from the Troms content. `make api-snapshot` rewrites them."""

import json
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage, TopicPage
from schemes.models import ProgrammePage, SchemeIndexPage, SchemePage
from strategy.models import FeedbackFormPage, StrategyPage

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_API_SNAPSHOTS") == "1"

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DETAIL_QUERY_BUDGET = 8
API_URL = re.compile(r"/api/v2/(\w+)/\d+/")


def normalise(value, key=None):
    """Replace what differs between databases and runs: ids, timestamps, block ids."""
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if key == "id" and isinstance(value, int):
        return "<id>"
    if isinstance(value, str):
        if DATETIME.match(value):
            return "<datetime>"
        if UUID.match(value):
            return "<uuid>"
        return API_URL.sub(r"/api/v2/\1/<id>/", value)
    return value


def test_page_payloads_match_their_snapshots_within_the_query_budget(api_client):
    call_command("load_troms_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    home = HomePage.objects.get()
    finder = home.add_child(
        instance=SchemeIndexPage(
            title="Tilskudd og ordninger", slug="tilskudd", lead="Finn en ordning."
        )
    )
    finder.save_revision().publish()
    pages = {
        "home_page": home,
        "topic_page": TopicPage.objects.get(slug="attraktive-samfunn"),
        "strategy_page": StrategyPage.objects.get(),
        "feedback_form_page": FeedbackFormPage.objects.get(),
        "scheme_page": SchemePage.objects.get(slug="bredband"),
        "programme_page": ProgrammePage.objects.get(slug="bygdevekstavtaler"),
        "scheme_index_page": finder,
    }
    mismatched = []
    for name, page in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 200, name
        # The query budget of a detail, whatever the page type.
        assert len(queries) <= DETAIL_QUERY_BUDGET, (name, len(queries))
        payload = normalise(response.json())
        path = SNAPSHOTS / f"{name}.json"
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        if UPDATE:
            path.write_text(text, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            mismatched.append(name)
    assert not mismatched, (
        f"payloads differ from tests/api/snapshots: {mismatched}; "
        "if the change is intended, run `make api-snapshot`"
    )
