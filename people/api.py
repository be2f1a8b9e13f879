"""``/api/v2/people/``: the public staff directory, filtered by topic and department."""

from django.db.models import Prefetch
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model

from base.blocks import (
    IMAGE_RENDITIONS,
    api_reference,
    image_reference,
    restricted_collection_paths,
)
from base.collation import NorwegianCollate, by_name
from headless.api import StrictParametersMixin, filtered
from headless.filters import MAX_SLUG_LENGTH
from headless.openapi import (
    COMPONENTS,
    component,
    get_operation,
    json_response,
    listing,
    obj,
    path_id,
    query_parameters,
    ref,
)

from .filters import MAX_DEPARTMENT_LENGTH, MAX_SEARCH_LENGTH, PersonFilterSet
from .models import Person


class PeopleAPIViewSet(StrictParametersMixin, BaseAPIViewSet):
    """The staff whom the public may contact, ordered by name, with their topics.

    Every field of a person is public; the output lists them one by one all the same, so that a
    field added to the model later is not published without a decision.
    """

    name = "people"
    model = Person
    filterset_class = PersonFilterSet
    filter_parameters = frozenset(["topic", "department", "search"])
    repeatable_parameters = frozenset(["topic"])
    known_query_parameters = frozenset(["limit", "offset", "format"]).union(filter_parameters)
    detail_query_parameters = frozenset(["format"])

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def get_queryset(self):
        renditions = (
            get_image_model()
            .get_rendition_model()
            .objects.filter(filter_spec__in=IMAGE_RENDITIONS.values())
        )
        return (
            Person.objects.select_related("photo__collection")
            .prefetch_related("topics", Prefetch("photo__renditions", queryset=renditions))
            .order_by(NorwegianCollate("name"), "pk")
        )

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        people = self.paginate_queryset(
            filtered(self.filterset_class(request.GET, queryset=queryset))
        )
        return self.get_paginated_response(self.represent(people))

    def detail_view(self, request, pk):
        self.check_query_parameters()
        return Response(self.represent([self.get_object()])[0])

    def represent(self, people):
        restricted_paths = restricted_collection_paths()
        router = self.request.wagtailapi_router
        return [
            {
                "id": person.pk,
                "meta": {
                    "detail_url": get_object_detail_url(router, self.request, Person, person.pk)
                },
                "name": person.name,
                "job_title": person.job_title,
                "area_of_responsibility": person.area_of_responsibility,
                "department": person.department,
                "email": person.email,
                "phone": person.phone,
                "photo": image_reference(person.photo, restricted_paths),
                "topics": [api_reference(topic) for topic in by_name(person.topics.all())],
            }
            for person in people
        ]

    @classmethod
    def openapi_paths(cls, prefix, page_detail):
        person = component(
            "StaffMember",
            obj(
                {
                    "id": COMPONENTS["Person"]["properties"]["id"],
                    "meta": obj({"detail_url": {"type": "string"}}),
                    **COMPONENTS["Person"]["properties"],
                    "topics": {"type": "array", "items": ref("Term")},
                }
            ),
        )
        parameters = {
            "topic": {
                "type": "string",
                "pattern": r"^[-a-zA-Z0-9_]*$",
                "maxLength": MAX_SLUG_LENGTH,
            },
            "department": {"type": "string", "maxLength": MAX_DEPARTMENT_LENGTH},
            "search": {
                "type": "string",
                "maxLength": MAX_SEARCH_LENGTH,
                "description": "Words that must all occur in the name or area of responsibility.",
            },
        }
        return {
            f"/api/v2/{prefix}/": get_operation(
                "The public staff directory, ordered by name",
                query_parameters(cls.known_query_parameters, cls.repeatable_parameters, parameters),
                json_response(listing(person)),
                operation_id="listPeople",
            ),
            f"/api/v2/{prefix}/{{id}}/": get_operation(
                "One member of staff",
                [path_id(), *query_parameters(cls.detail_query_parameters)],
                json_response(person),
                operation_id="getPerson",
            ),
        }
