import pytest
from django.db import transaction

from base.transactions import pending_on_commit

pytestmark = pytest.mark.django_db(transaction=True)


class Marker:
    def __init__(self, name):
        self.name = name
        self.ran = False

    def __call__(self):
        self.ran = True


def test_a_callback_is_found_in_its_transaction_and_gone_after_it():
    assert pending_on_commit(Marker) is None
    with transaction.atomic():
        marker = Marker("first")
        transaction.on_commit(marker)
        assert pending_on_commit(Marker) is marker
        assert pending_on_commit(Marker, lambda found: found.name == "other") is None
    assert marker.ran
    assert pending_on_commit(Marker) is None


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
