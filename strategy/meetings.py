"""``/api/v2/meetings/``: input meetings of public strategies, and each strategy's calendar.

The listing is JSON like every endpoint. ``/api/v2/meetings/{strategy page id}/calendar.ics``
is an iCalendar (RFC 5545) feed of one strategy's meetings, which people subscribe to from
their calendar; the strategy's detail links it as ``meetings_calendar_url``.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page

from base.blocks import safe_url
from base.publication import frontend_url, public_pages
from headless.api import MAX_ID, StrictParametersMixin, filtered, parse_id
from headless.openapi import (
    COMPONENTS,
    ERRORS,
    component,
    get_operation,
    json_response,
    listing,
    obj,
    path_id,
    query_parameters,
    ref,
)

from .filters import MAX_SLUG_LENGTH, MeetingFilterSet
from .models import Meeting, StrategyPage

PRODID = "-//Troms fylkeskommune//Troms naeringsportal//NB"


def public_meetings():
    """Meetings of live, public, unexpired strategy pages: what an anonymous reader may see."""
    return Meeting.objects.filter(page_id__in=public_pages().values("pk"))


def strategy_reference(page):
    """A strategy as every page reference of the API shows it: id, title, type and URL."""
    return {
        "id": page.pk,
        "title": page.title,
        "type": StrategyPage._meta.label,
        "url": frontend_url(page),
    }


def meetings_calendar(page, meetings):
    """The iCalendar feed of ``page``'s meetings, as bytes.

    Times are written in UTC, which every calendar shows in its reader's own time zone, so the
    feed needs no time zone definition of its own. Cancelled meetings stay in the feed with
    STATUS:CANCELLED, so that calendars which already hold them mark them as cancelled.
    """
    host = urlsplit(settings.FRONTEND_BASE_URL).hostname
    page_url = frontend_url(page)
    # The meetings change only when their page is published, so that is when they were revised.
    stamp = page.last_published_at or timezone.now()
    calendar = Calendar.new(
        prodid=PRODID,
        uid=f"strategy-{page.pk}-meetings@{host}",
        name=f"{page.meetings_heading}: {page.title}" if page.meetings_heading else page.title,
        calscale="GREGORIAN",
        url=page_url,
    )
    for meeting in meetings:
        calendar.add_component(
            Event.new(
                # Stable across requests, so that calendars update the event instead of adding one.
                uid=f"meeting-{meeting.pk}@{host}",
                stamp=stamp.astimezone(datetime.UTC),
                start=meeting.start.astimezone(datetime.UTC),
                end=meeting.end.astimezone(datetime.UTC),
                summary=_("Input meeting %(region)s") % {"region": meeting.region.name},
                location=", ".join(part for part in (meeting.venue, meeting.place) if part),
                url=safe_url(meeting.signup_url) or page_url,
                description=page.title,
                status="CANCELLED" if meeting.cancelled else "CONFIRMED",
            )
        )
    return calendar.to_ical()


class MeetingsAPIViewSet(StrictParametersMixin, BaseAPIViewSet):
    """Input meetings of every public strategy, by start time, and each strategy's calendar."""

    name = "meetings"
    model = Meeting
    filterset_class = MeetingFilterSet
    filter_parameters = frozenset(["upcoming", "strategy", "region"])
    known_query_parameters = frozenset(["limit", "offset", "format"]).union(filter_parameters)
    detail_query_parameters = frozenset()

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/calendar.ics", cls.as_view({"get": "calendar_view"}), name="calendar"),
        ]

    def get_queryset(self):
        return (
            public_meetings()
            .select_related("region", "municipality__region")
            .order_by("start", "pk")
        )

    def perform_content_negotiation(self, request, force=False):
        if self.action == "calendar_view":
            # The feed itself is an HttpResponse that no renderer touches; only errors are
            # rendered, always as JSON, whatever a calendar client asks for in Accept.
            renderer = JSONRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force=force)

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        meetings = list(
            self.paginate_queryset(filtered(self.filterset_class(request.GET, queryset=queryset)))
        )
        # Read apart from the meetings so that a strategy's body is not loaded once per meeting.
        pages = Page.objects.filter(pk__in={meeting.page_id for meeting in meetings}).in_bulk()
        items = [
            {**meeting.api_representation(), "strategy": strategy_reference(pages[meeting.page_id])}
            for meeting in meetings
        ]
        return self.get_paginated_response(items)

    def calendar_view(self, request, pk):
        self.check_query_parameters()
        page_id = parse_id(str(pk), "id")
        page = (
            StrategyPage.objects.filter(pk=page_id)
            .filter(pk__in=public_pages().values("pk"))
            .first()
        )
        if page is None:
            raise Http404
        meetings = page.meetings.select_related("region").order_by("start", "pk")
        return HttpResponse(
            meetings_calendar(page, meetings), content_type="text/calendar; charset=utf-8"
        )

    @classmethod
    def openapi_paths(cls, prefix, page_detail):
        meeting = component(
            "MeetingListingItem",
            obj({**COMPONENTS["Meeting"]["properties"], "strategy": ref("PageReference")}),
        )
        parameters = {
            "upcoming": {
                "type": "boolean",
                "description": "true: meetings that have not ended; false: those that have.",
            },
            "strategy": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_ID,
                "description": "Id of a strategy page.",
            },
            "region": {
                "type": "string",
                "pattern": r"^[-a-zA-Z0-9_]*$",
                "maxLength": MAX_SLUG_LENGTH,
                "description": "Slug of a region.",
            },
        }
        return {
            f"/api/v2/{prefix}/": get_operation(
                "Input meetings of public strategies, by start time",
                query_parameters(cls.known_query_parameters, (), parameters),
                json_response(listing(meeting)),
                operation_id="listMeetings",
            ),
            f"/api/v2/{prefix}/{{id}}/calendar.ics": {
                "get": {
                    "summary": "An iCalendar (RFC 5545) feed of one strategy's meetings",
                    "operationId": "getMeetingsCalendar",
                    "parameters": [path_id("Id of a strategy page")],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"text/calendar": {"schema": {"type": "string"}}},
                        },
                        **ERRORS,
                    },
                }
            },
        }
