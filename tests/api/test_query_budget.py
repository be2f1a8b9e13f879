import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schemes.models import SchemePage

from .conftest import publish

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 8
LISTING_BUDGET = 10


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def many_schemes(tree):
    scheme = tree["scheme"]
    for number in range(24):
        copy = tree["topic"].add_child(
            instance=SchemePage(
                title=f"Ordning {number}",
                slug=f"ordning-{number}",
                summary="Sammendrag",
                contacts=scheme.contacts.raw_data,
            )
        )
        copy.municipalities.set(scheme.municipalities.all())
        publish(copy)
    return tree


def test_page_detail_stays_within_budget(api_client, tree):
    for page in (tree["home"], tree["topic"], tree["scheme"]):
        assert count_queries(api_client, f"/api/v2/pages/{page.pk}/") <= DETAIL_BUDGET


def test_listing_with_all_fields_costs_the_same_at_any_page_size(api_client, many_schemes):
    url = "/api/v2/pages/?type=schemes.SchemePage&fields=*&limit={}"
    one = count_queries(api_client, url.format(1))
    twenty = count_queries(api_client, url.format(20))
    assert one == twenty
    assert twenty <= LISTING_BUDGET


def test_mixed_listing_costs_the_same_at_any_page_size(api_client, many_schemes):
    one = count_queries(api_client, "/api/v2/pages/?fields=*&limit=1")
    twenty = count_queries(api_client, "/api/v2/pages/?fields=*&limit=20")
    assert one == twenty <= LISTING_BUDGET
