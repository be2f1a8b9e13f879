"""API fields for references from a page: taxonomy terms, people, pages, images, inline items."""

from rest_framework import serializers

from base.blocks import api_reference, safe_url
from base.collation import by_name


class ReferenceField(serializers.Field):
    """Serialise a related object, or with ``many=True`` a relation's objects, by ``api_reference``.

    Whatever is referenced comes out the same way as in StreamField blocks; references that an
    anonymous reader may not see (drafts, private pages) are left out.
    """

    def __init__(self, many=False, **kwargs):
        self.many = many
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not self.many:
            return api_reference(value)
        related = value.all()
        # Terms and people are ordered by name, which the database (and modelcluster, for a
        # page not saved yet) orders by code point, Å before Æ; inline items keep their order.
        if value.model._meta.ordering == ["name"]:
            related = by_name(related)
        items = (api_reference(item) for item in related)
        return [item for item in items if item is not None]


class OptionalURLField(serializers.Field):
    """An address an editor may leave empty: null when there is none (or none that is safe)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return safe_url(value) or None
