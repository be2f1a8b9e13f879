"""What stock Wagtail API v2 answers, ours answers too.

Wagtail's own v2 viewsets are mounted at /stock/api/v2/ beside ours (tests/api/stock_urls.py),
over the same database. For every request of the battery, a client written against stock v2 must
find in our answer what it found in stock's: the same status class (where stock fails with a 500,
ours is a 4xx), and in a success every key stock gives, with a value of the same JSON type, the
same ids in the same order and the same total_count. Additions are allowed; values such as titles
are compared where both sides derive them from the same column.

What differs on purpose, and is therefore not compared as a value:
- html_url: ours is the page's address on the county's website (FRONTEND_BASE_URL), stock's the
  CMS's own host;
- an image's download_url: ours links a rendition, never the uploaded original;
- rich text and stream field contents: ours are cleaned and expanded (see headless.documents).
"""

import json

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from home.models import TopicPage
from schemes.models import SchemePage

from .conftest import publish

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.stock_urls")]

STOCK = "/stock/api/v2/"
OURS = "/api/v2/"
# Keys whose values are compared, not only their types.
COMPARED_VALUES = {"id", "total_count", "type", "title", "slug", "old_path", "location"}
# Requests stock refuses and ours answers: additions, e.g. the parent in a listing.
ADDITIONS = {"pages/?fields=parent"}
# Values that differ on purpose (see the module docstring): compared by type only.
OWN_VALUES = {"html_url", "download_url"}


@pytest.fixture
def content(tree):
    """The tree of tests/api/conftest.py with menus, a draft, media in use and redirects."""
    home, topic, scheme = tree["home"], tree["topic"], tree["scheme"]
    topic.show_in_menus = True
    publish(topic)
    second = home.add_child(
        instance=TopicPage(title="Næringsutvikling", slug="naeringsutvikling", lead="Ingress")
    )
    omstilling = second.add_child(
        instance=SchemePage(title="Omstilling", slug="omstilling", summary="Omstillingsmidler.")
    )
    publish(omstilling)
    draft = second.add_child(
        instance=SchemePage(title="Kladd", slug="kladd", summary="Ikke publisert.", live=False)
    )
    image = get_image_model().objects.create(
        title="Bredbåndsutbygging", file=get_test_image_file(), description="Graving"
    )
    scheme.body = [("image", {"image": image, "caption": "Graving i Skjervøy"})]
    publish(scheme)
    document = get_document_model().objects.create(title="Handlingsplan", file=image.file)
    second.lead = "Ingress"
    second.intro = f'<p>Se <a linktype="document" id="{document.pk}">planen</a>.</p>'
    publish(second)
    to_page = Redirect.objects.create(old_path="/bredband-gammel", redirect_page=scheme)
    to_link = Redirect.objects.create(
        old_path="/regjeringen", redirect_link="https://www.regjeringen.no/"
    )
    return {
        "home": home.pk,
        "topic": topic.pk,
        "scheme": scheme.pk,
        "second": second.pk,
        "omstilling": omstilling.pk,
        "draft": draft.pk,
        "image": image.pk,
        "document": document.pk,
        "to_page": to_page.pk,
        "to_link": to_link.pk,
        "locale": Locale.objects.get().pk,
    }


BATTERY = [
    # pages: listings and the default fields
    "pages/",
    "pages/?limit=2",
    "pages/?limit=2&offset=2",
    "pages/?offset=100",
    "pages/?limit=0",
    # type
    "pages/?type=schemes.SchemePage",
    "pages/?type=home.TopicPage",
    "pages/?type=home.TopicPage,schemes.SchemePage",
    "pages/?type=wagtailcore.Page",
    "pages/?type=schemes.SchemePage&fields=summary",
    "pages/?type=schemes.SchemePage&fields=summary,-title",
    "pages/?type=nonexistent.Page",
    "pages/?type=schemes",
    "pages/?type=home.Region",
    # fields, nesting and negation
    "pages/?fields=*",
    "pages/?fields=_,title",
    "pages/?fields=-title",
    "pages/?fields=-html_url,-slug",
    "pages/?fields=show_in_menus,seo_title,search_description",
    "pages/?fields=locale",
    "pages/?fields=_,id,type",
    "pages/?fields=parent",
    "pages/?fields=nonexistent",
    "pages/?fields=title(foo)",
    "pages/?fields=(",
    "pages/?fields=*,-title",
    "pages/?type=schemes.SchemePage&fields=*",
    "pages/?type=schemes.SchemePage&fields=_,summary",
    "pages/?type=home.TopicPage&fields=lead,intro",
    # tree filters
    "pages/?child_of={home}",
    "pages/?child_of={topic}",
    "pages/?child_of={second}",
    "pages/?child_of=root",
    "pages/?child_of={draft}",
    "pages/?child_of=abc",
    "pages/?child_of=-1",
    "pages/?child_of=999999",
    "pages/?descendant_of={home}",
    "pages/?descendant_of={second}",
    "pages/?descendant_of=root",
    "pages/?descendant_of=abc",
    "pages/?descendant_of=999999",
    "pages/?ancestor_of={scheme}",
    "pages/?ancestor_of={omstilling}",
    "pages/?ancestor_of=abc",
    "pages/?ancestor_of=999999",
    "pages/?child_of={home}&descendant_of={home}",
    "pages/?child_of={home}&type=home.TopicPage",
    "pages/?descendant_of={home}&type=schemes.SchemePage&order=title",
    # search
    "pages/?search=bredbånd",
    "pages/?search=Omstilling",
    "pages/?search=bredbånd omstilling&search_operator=or",
    "pages/?search=bredbånd omstilling&search_operator=and",
    "pages/?search=bredbånd&search_operator=xor",
    "pages/?search=nothinglikethis",
    "pages/?search=bredbånd&type=schemes.SchemePage",
    "pages/?search=",
    # order
    "pages/?order=title",
    "pages/?order=-title",
    "pages/?order=id",
    "pages/?order=-id",
    "pages/?order=slug",
    "pages/?order=first_published_at",
    "pages/?order=nonexistent",
    "pages/?type=schemes.SchemePage&order=-title",
    # limit and offset
    "pages/?limit=1000",
    "pages/?limit=abc",
    "pages/?limit=-1",
    "pages/?offset=abc",
    "pages/?offset=-1",
    # field filters
    "pages/?slug=bredband",
    "pages/?slug=nonexistent",
    "pages/?title=Omstilling",
    "pages/?show_in_menus=true",
    "pages/?show_in_menus=false",
    "pages/?show_in_menus=maybe",
    "pages/?type=schemes.SchemePage&slug=omstilling",
    "pages/?id={scheme}",
    "pages/?id=abc",
    "pages/?unknown=1",
    # locale and translation_of
    "pages/?locale=nb",
    "pages/?locale=en",
    "pages/?locale=nb&type=schemes.SchemePage",
    "pages/?translation_of={scheme}",
    "pages/?translation_of={scheme}&locale=nb",
    "pages/?translation_of=root",
    "pages/?translation_of=abc",
    "pages/?translation_of=999999",
    # site
    "pages/?site=localhost",
    "pages/?site=localhost:80",
    "pages/?site=example.org",
    # details
    "pages/{home}/",
    "pages/{topic}/",
    "pages/{scheme}/",
    "pages/{second}/",
    "pages/{omstilling}/",
    "pages/{scheme}/?fields=-parent",
    "pages/{scheme}/?fields=_,title",
    "pages/{scheme}/?fields=locale",
    "pages/{scheme}/?fields=nonexistent",
    "pages/{draft}/",
    "pages/999999/",
    # find
    "pages/find/?html_path=/",
    "pages/find/?html_path=/attraktive-samfunn/",
    "pages/find/?html_path=/attraktive-samfunn/bredband/",
    "pages/find/?html_path=attraktive-samfunn/bredband",
    "pages/find/?html_path=/naeringsutvikling/kladd/",
    "pages/find/?html_path=/nowhere/",
    "pages/find/?id={scheme}",
    "pages/find/?id={draft}",
    "pages/find/?id=abc",
    "pages/find/",
    # images
    "images/",
    "images/?fields=*",
    "images/?fields=_,title",
    "images/?fields=-title",
    "images/?fields=tags,width,height",
    "images/?order=title",
    "images/?order=-id",
    "images/?limit=1&offset=0",
    "images/?title=Bredbåndsutbygging",
    "images/?search=bredbånd",
    "images/?order=nonexistent",
    "images/{image}/",
    "images/{image}/?fields=-download_url",
    "images/999999/",
    "images/find/?id={image}",
    "images/find/?id=abc",
    # documents
    "documents/",
    "documents/?fields=*",
    "documents/?fields=_,title",
    "documents/?order=-title",
    "documents/?title=Handlingsplan",
    "documents/?search=handlingsplan",
    "documents/{document}/",
    "documents/999999/",
    "documents/find/?id={document}",
    # redirects
    "redirects/",
    "redirects/?fields=*",
    "redirects/?order=old_path",
    "redirects/?order=-id",
    "redirects/?old_path=/regjeringen",
    "redirects/{to_page}/",
    "redirects/{to_link}/",
    "redirects/999999/",
    "redirects/find/?html_path=/regjeringen",
    "redirects/find/?html_path=/nowhere",
    "redirects/find/?id={to_page}",
    "redirects/?limit=1&offset=1",
]


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def differences(stock, ours, where="", key=None):
    """What a client reading stock's answer would miss or misread in ours."""
    if key in OWN_VALUES:
        # A link to the county's site or a rendition, but still a link where stock has one.
        return [] if json_type(stock) == json_type(ours) else [f"{where}: {stock!r} != {ours!r}"]
    if json_type(stock) != json_type(ours):
        return [f"{where}: {json_type(stock)} {stock!r} != {json_type(ours)} {ours!r}"]
    if isinstance(stock, dict):
        found = []
        for name, value in stock.items():
            if name not in ours:
                found.append(f"{where}.{name}: missing")
            else:
                found += differences(value, ours[name], f"{where}.{name}", name)
        return found
    if isinstance(stock, list):
        if len(stock) != len(ours):
            return [f"{where}: {len(stock)} items != {len(ours)}"]
        found = []
        for index, (left, right) in enumerate(zip(stock, ours, strict=True)):
            found += differences(left, right, f"{where}[{index}]", key)
        return found
    if key in COMPARED_VALUES and stock != ours:
        return [f"{where}: {stock!r} != {ours!r}"]
    if key in ("detail_url",) and stock.replace("/stock/", "/") != ours:
        return [f"{where}: {stock!r} != {ours!r}"]
    return []


def answer(client, url):
    response = client.get(url)
    body = None
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.loads(response.content)
    return response.status_code, body, response.get("Location")


def breaks(client, request_path, content):
    """What a stock v2 client would find broken in our answer to one request."""
    path = request_path.format(**content)
    try:
        stock_status, stock_body, stock_location = answer(client, STOCK + path)
    except Exception:  # noqa: BLE001 - stock raising is the 500 it would answer
        stock_status, stock_body, stock_location = 500, None, None
    status, body, location = answer(client, OURS + path)
    if status >= 500 or (status >= 400 and "message" not in (body or {})):
        return [f"ours answered {status} {body!r}"]
    if request_path in ADDITIONS:
        return [] if 400 <= stock_status < 500 and status == 200 else [f"{stock_status} {status}"]
    if stock_status >= 500:
        return [] if status >= 400 else [f"stock answered {stock_status}, ours {status}"]
    if status // 100 != stock_status // 100:
        return [f"stock answered {stock_status} {stock_body!r}, ours {status} {body!r}"]
    if status in (301, 302) and location != stock_location.replace("/stock/", "/"):
        return [f"redirects to {location}, stock to {stock_location}"]
    if 200 <= status < 300:
        return differences(stock_body, body)
    return []


def test_the_battery_has_at_least_eighty_requests():
    assert len(BATTERY) >= 80
    assert len(set(BATTERY)) == len(BATTERY)


def test_ours_answers_every_request_as_stock_does(api_client, content):
    found = {}
    for request_path in BATTERY:
        if problems := breaks(api_client, request_path, content):
            found[request_path] = problems
    assert found == {}


def test_the_comparison_notices_a_change(api_client, content):
    """The comparison itself can fail: a flat parent, as the API once gave, is a break."""
    stock = api_client.get(STOCK + f"pages/{content['scheme']}/").json()
    ours = api_client.get(OURS + f"pages/{content['scheme']}/").json()
    flat = {**ours, "meta": {**ours["meta"], "parent": {"id": content["topic"], "type": "x"}}}
    assert differences(stock, ours) == []
    assert ".meta.parent.meta: missing" in differences(stock, flat)
    assert differences(stock, {**ours, "id": 0}) == [f".id: {content['scheme']} != 0"]


def test_an_unknown_language_code_is_refused_with_the_known_ones(api_client, tree):
    response = api_client.get("/api/v2/pages/?locale=en")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "locale: 'en' er ikke et språk på dette nettstedet; velg et av nb"
    )


def test_pages_filter_by_language_code(api_client, tree):
    everything = api_client.get("/api/v2/pages/").json()["meta"]["total_count"]
    assert api_client.get("/api/v2/pages/?locale=nb").json()["meta"]["total_count"] == everything
    assert everything > 0
