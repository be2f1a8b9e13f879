"""Tables in a page's body: Wagtail's typed table, served typed, cleaned and previewed."""

import json

import pytest
from django.urls import reverse

from headless.openapi import block_schema
from schemes.models import SchemePage

from .conftest import publish

pytestmark = pytest.mark.django_db

TABLE = {
    "caption": "Tildelte midler",
    "columns": [
        {"type": "text", "heading": "Kommune"},
        {"type": "number", "heading": "Kroner"},
        {"type": "rich_text", "heading": "Merknad"},
    ],
    "rows": [
        {"values": ["Skjervøy", 1500000, '<p><b>Ny</b> runde<script>alert("x")</script></p>']},
        {
            "values": [
                "Nordreisa",
                None,
                '<p onclick="alert(1)">Se <a href="javascript:x">her</a></p>',
            ]
        },
    ],
}


@pytest.fixture
def scheme_with_table(tree):
    scheme = tree["scheme"]
    scheme.body = [("paragraph", "<p>Fordeling:</p>"), ("table", TABLE)]
    return publish(scheme)


def test_a_table_is_served_with_its_caption_typed_columns_and_rows(api_client, scheme_with_table):
    body = api_client.get(f"/api/v2/pages/{scheme_with_table.pk}/").json()["body"]

    table = body[1]
    assert table["type"] == "table"
    assert table["value"]["caption"] == "Tildelte midler"
    assert table["value"]["columns"] == TABLE["columns"]
    rows = [row["values"] for row in table["value"]["rows"]]
    assert rows[0][:2] == ["Skjervøy", 1500000]
    assert rows[1][:2] == ["Nordreisa", None]


def test_a_tables_formatted_cells_are_cleaned_like_any_rich_text(api_client, scheme_with_table):
    response = api_client.get(f"/api/v2/pages/{scheme_with_table.pk}/")
    rows = response.json()["body"][1]["value"]["rows"]

    assert rows[0]["values"][2] == "<p><b>Ny</b> runde</p>"
    assert rows[1]["values"][2] == "<p>Se <a>her</a></p>"
    text = response.content.decode().lower()
    for needle in ("<script", "onclick", "javascript:"):
        assert needle not in text


def test_the_openapi_document_types_a_tables_columns_and_cells():
    schema = block_schema(SchemePage._meta.get_field("body").stream_block.child_blocks["table"])

    assert schema["required"] == ["caption", "columns", "rows"]
    column = schema["properties"]["columns"]["items"]
    assert column["properties"]["type"] == {"enum": ["text", "number", "rich_text"]}
    cell = schema["properties"]["rows"]["items"]["properties"]["values"]["items"]
    assert cell == {"anyOf": [{"type": ["string", "null"]}, {"type": ["number", "null"]}]}
    document = json.dumps(schema)
    assert "additionalProperties" in document


def test_the_preview_shows_the_table_with_headings_and_cleaned_cells(scheme_with_table):
    html = scheme_with_table.make_preview_request().content.decode()

    assert "<caption>Tildelte midler</caption>" in html
    assert '<th scope="col">Kommune</th>' in html
    assert '<td class="number">1\xa0500\xa0000</td>' in html
    assert "<td><p><b>Ny</b> runde</p></td>" in html
    assert "alert(" not in html


def test_the_editor_offers_the_table_block_with_its_help_text(admin_client, tree):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[tree["scheme"].pk])).content
    html = html.decode()

    assert "Tabell" in html
    assert "Tabeller som limes inn i et avsnitt" in html
    # A table's title, not an image's caption ("Bildetekst"); the table editor in Norwegian.
    assert "Tabelltittel" in html
    assert "Legg til kolonne" in html
