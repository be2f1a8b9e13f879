import pytest
from django.db import transaction

from base.transactions import pending_on_commit

# Each test runs inside a transaction of its own: the callbacks below wait for its commit.
pytestmark = pytest.mark.django_db


class Marker:
    def __init__(self, name):
        self.name = name

    def __call__(self):
        pass


def test_a_callback_is_found_by_its_class_and_what_accept_says():
    assert pending_on_commit(Marker) is None
    with transaction.atomic():
        marker = Marker("first")
        transaction.on_commit(marker)
        assert pending_on_commit(Marker) is marker
        assert pending_on_commit(Marker, lambda found: found.name == "first") is marker
        assert pending_on_commit(Marker, lambda found: found.name == "other") is None


def test_a_rolled_back_savepoint_takes_its_callback_with_it():
    with transaction.atomic():
        kept = Marker("kept")
        transaction.on_commit(kept)
        try:
            with transaction.atomic():
                transaction.on_commit(Marker("dropped"))
                assert pending_on_commit(Marker, lambda found: found.name == "dropped")
                raise RuntimeError
        except RuntimeError:
            pass
        assert pending_on_commit(Marker, lambda found: found.name == "dropped") is None
        assert pending_on_commit(Marker) is kept
