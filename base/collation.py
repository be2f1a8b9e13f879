"""Norwegian alphabetical order: … x, y, z, æ, ø, å, with case and accents second.

The database sorts, so that listings can be paged: PostgreSQL with its ICU collation for
Norwegian bokmål, SQLite with a collation of the same order registered on every connection.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func
from django.db.models.functions import Collate

COLLATION = "nb"
POSTGRESQL_COLLATION = "nb-NO-x-icu"

# The three letters after z, and their Swedish and German counterparts, which Norwegian
# dictionaries file with them.
LAST_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"})


def norwegian_key(text):
    """A sort key in Norwegian order: letters first, then accents and case to break ties."""
    folded = text.casefold().translate(LAST_LETTERS)
    # é sorts as e, and so on: the base letter first, the accent only between equals.
    base = "".join(
        char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char)
    )
    # Lower case before upper case among equals, as in dictionaries (and as ICU orders).
    return base, folded, text.swapcase()


# Below every character a title holds: joins the parts of the key without changing its order.
_SEPARATOR = "\x01"
_CONTROL = dict.fromkeys(range(0x20))


def sort_key(text):
    """``norwegian_key`` as one string whose plain (binary) order is the Norwegian order, to store
    in a column that any database sorts without a collation of its own."""
    return _SEPARATOR.join(norwegian_key(text.translate(_CONTROL)))


def by_name(items):
    """Objects with a ``name`` (taxonomy terms, people) in Norwegian order of their names."""
    return sorted(items, key=lambda item: (norwegian_key(item.name), item.pk or 0))


def _compare(left, right):
    left, right = norwegian_key(left), norwegian_key(right)
    return (left > right) - (left < right)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


class NorwegianCollate(Collate):
    """An expression in Norwegian order, for ``order_by`` and ``Meta.ordering``."""

    def __init__(self, expression):
        super().__init__(expression, COLLATION)

    def as_postgresql(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(POSTGRESQL_COLLATION)
        return self.as_sql(compiler, connection, **extra_context)


class BinaryOrder(Func):
    """A ``sort_key`` column in plain binary order, whatever the database's default collation.

    SQLite compares text in binary order unless told otherwise; PostgreSQL is told.
    """

    arity = 1
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        collation = connection.ops.quote_name("C")
        return self.as_sql(
            compiler, connection, template=f"%(expressions)s COLLATE {collation}", **extra_context
        )


def connect():
    connection_created.connect(register_sqlite_collation, dispatch_uid="norwegian-collation")
