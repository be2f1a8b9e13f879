import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client
from wagtail.contrib.search_promotions.models import Query

from search import querylog

pytestmark = pytest.mark.django_db


def locked(execute, sql, params, many, context):
    # What SQLite answers once its busy timeout has run out while another process writes.
    if sql.startswith("INSERT INTO wagtailsearchpromotions_query"):
        raise OperationalError("database is locked")
    return execute(sql, params, many, context)


def test_a_search_goes_uncounted_rather_than_wait_for_a_busy_database(caplog):
    with (
        caplog.at_level(logging.WARNING, logger="search.querylog"),
        connection.execute_wrapper(locked),
    ):
        response = Client(HTTP_HOST="localhost").get("/sok/?q=bredbånd")

    assert response.status_code == 200
    assert not Query.objects.filter(query_string="bredbånd").exists()
    assert "not counted" in caplog.text


def test_other_database_errors_of_the_log_are_not_hidden():
    def broken(execute, sql, params, many, context):
        if sql.startswith("INSERT INTO wagtailsearchpromotions_query"):
            raise OperationalError("no such table: wagtailsearchpromotions_query")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(broken), pytest.raises(OperationalError):
        querylog.log_search("bredbånd", found=True)


def test_the_log_waits_only_briefly_for_the_lock_and_then_as_before():
    querylog.log_search("bredbånd", found=True)

    assert Query.objects.get(query_string="bredbånd").daily_hits.get().hits == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == connection.settings_dict["OPTIONS"]["timeout"] * 1000
