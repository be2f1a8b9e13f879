"""A corpus of malformed and hostile requests: each must get a 4xx with a JSON error body."""

import pytest

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999999"
JUST_TOO_BIG = "9223372036854775808"

HOSTILE = [
    # Pagination
    "/api/v2/pages/?limit=abc",
    "/api/v2/pages/?limit=-1",
    f"/api/v2/pages/?limit={TOO_BIG}",
    "/api/v2/pages/?limit=1000",
    f"/api/v2/pages/?offset={TOO_BIG}",
    "/api/v2/pages/?offset=1.5",
    "/api/v2/pages/?limit=%EF%BC%91",  # a full-width digit
    # Fields
    "/api/v2/pages/?fields=(((",
    "/api/v2/pages/?fields=title(foo)",
    "/api/v2/pages/?fields=*,title",
    "/api/v2/pages/?fields=nope",
    "/api/v2/pages/?fields=%20title",
    # Types
    "/api/v2/pages/?type=foo",
    "/api/v2/pages/?type=wagtailcore.Nope",
    "/api/v2/pages/?type=auth.User",
    "/api/v2/pages/?type=.",
    # Tree filters
    f"/api/v2/pages/?child_of={TOO_BIG}",
    f"/api/v2/pages/?child_of={JUST_TOO_BIG}",
    "/api/v2/pages/?child_of=abc",
    "/api/v2/pages/?child_of=-1",
    "/api/v2/pages/?child_of=0",
    "/api/v2/pages/?descendant_of=1&child_of=1",
    "/api/v2/pages/?ancestor_of=root",
    f"/api/v2/pages/?ancestor_of={TOO_BIG}",
    # Ordering
    "/api/v2/pages/?order=nope",
    "/api/v2/pages/?order=--title",
    "/api/v2/pages/?order=random&offset=1",
    "/api/v2/pages/?order=random,title",
    "/api/v2/pages/?type=schemes.SchemePage&order=municipalities",
    "/api/v2/pages/?type=schemes.SchemePage&order=body",
    # Field filters
    "/api/v2/pages/?type=schemes.SchemePage&status=bogus",
    "/api/v2/pages/?type=schemes.SchemePage&municipalities=1",
    "/api/v2/pages/?type=strategy.StrategyPage&political_treatment_date=x",
    f"/api/v2/pages/?type=strategy.StrategyPage&project_lead={TOO_BIG}",
    f"/api/v2/pages/?id={TOO_BIG}",
    "/api/v2/pages/?show_in_menus=maybe",
    "/api/v2/pages/?title=a&title=b",
    "/api/v2/pages/?nope=1",
    # Search
    "/api/v2/pages/?search=a%00b",
    "/api/v2/pages/?search=" + "x" * 5000,
    "/api/v2/pages/?search=" + "ord%20" * 200,
    "/api/v2/pages/?search=x&search_operator=xor",
    "/api/v2/pages/?rich_text_format=markdown",
    "/api/v2/pages/?site=localhost:abc",
    "/api/v2/pages/?%00=1",
    "/api/v2/pages/?site=localhost:1:2",
    "/api/v2/pages/?type=home.HomePage,auth.User",
    # Formats: JSON only, and errors in JSON whatever was asked for
    "/api/v2/pages/?format=xml",
    "/api/v2/pages/?format=api",
    "/api/v2/pages/1/?format=yaml",
    "/api/v2/search/?q=a&format=xml",
    "/api/v2/people/?format=xml",
    "/api/v2/meetings/?format=csv",
    # Details and find
    f"/api/v2/pages/{TOO_BIG}/",
    f"/api/v2/pages/{JUST_TOO_BIG}/",
    "/api/v2/pages/0/",
    "/api/v2/pages/find/?id=abc",
    f"/api/v2/pages/find/?id={TOO_BIG}",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/find/?html_path=/nope/",
    "/api/v2/pages/1/?fields=(((",
    # Images, documents, redirects
    "/api/v2/images/?limit=abc",
    "/api/v2/images/?fields=(((",
    f"/api/v2/images/{TOO_BIG}/",
    "/api/v2/images/find/?id=abc",
    "/api/v2/images/?order=file",
    "/api/v2/images/?width=wide",
    "/api/v2/images/?fields=title(id)",
    "/api/v2/images/?fields=nope",
    "/api/v2/images/?limit=101",
    "/api/v2/images/?rich_text_format=markdown",
    "/api/v2/documents/?fields=*,title",
    "/api/v2/documents/?order=nope",
    "/api/v2/documents/find/?id=abc",
    f"/api/v2/documents/find/?id={TOO_BIG}",
    "/api/v2/redirects/?limit=x",
    "/api/v2/redirects/find/?id=abc",
    "/api/v2/redirects/find/?html_path=%00",
    # Finder
    "/api/v2/schemes/?status=bogus",
    "/api/v2/schemes/?municipality=%22%3B",
    "/api/v2/schemes/?kind=page",
    "/api/v2/schemes/?order=summary",
    "/api/v2/schemes/?limit=-1",
    f"/api/v2/schemes/{TOO_BIG}/",
    "/api/v2/schemes/?topic=a%00",
    # Search
    "/api/v2/search/?q=" + "x" * 10_000,
    "/api/v2/search/?q=" + "ord%20" * 5_000,
    "/api/v2/search/?q=a%00",
    "/api/v2/search/?q=a&type=nope",
    "/api/v2/search/?q=a&limit=x",
    # Unknown addresses
    "/api/v2/nope/",
    "/api/v3/pages/",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_request_gets_a_json_client_error(api_client, tree, url):
    response = api_client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json"), url
    assert response.json()["message"]


QUIRKY_BUT_VALID = [
    '/api/v2/pages/?search="',
    "/api/v2/pages/?search=AND%20OR%20NOT",
    "/api/v2/pages/?search=foo*%20NEAR(bar)%20-baz",
    f"/api/v2/pages/?offset={JUST_TOO_BIG[:-1]}7",
    '/api/v2/search/?q="',
    "/api/v2/search/?q=%22unterminated",
    "/api/v2/search/?q=-%20%2B%20%7C%20%26",
    "/api/v2/schemes/?municipality=9999",
]


@pytest.mark.parametrize("url", QUIRKY_BUT_VALID)
def test_odd_but_valid_requests_are_answered(api_client, tree, url):
    response = api_client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
