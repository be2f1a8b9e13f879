"""The stored sort key of a title orders as Norwegian dictionaries do, in any database."""

from base.collation import norwegian_key, sort_key

TITLES = [
    "Åsen",
    "aasen",
    "Øya",
    "Ærlig",
    "Zebra",
    "élan",
    "Elan",
    "elan",
    "Bredbånd",
    "Bredbåndsutbygging",
    "Bredband",
    "Omstilling 2",
    "Omstilling",
    "Ää",
    "Ü",
]


def test_the_plain_order_of_sort_keys_is_the_norwegian_order():
    assert sorted(TITLES, key=sort_key) == sorted(TITLES, key=norwegian_key)


def test_the_sort_key_of_a_title_with_control_characters_keeps_its_order():
    assert sort_key("Bredbånd\x01") == sort_key("Bredbånd")
