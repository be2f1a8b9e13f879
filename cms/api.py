"""The one place where public API endpoints are registered."""

from wagtail.api.v2.router import WagtailAPIRouter

from headless.api import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet, RedirectsAPIViewSet
from headless.preview_api import PagePreviewAPIViewSet
from people.api import PeopleAPIViewSet
from schemes.api import FinderAPIViewSet
from search.api import SearchAPIViewSet
from strategy.api import FormSubmissionAPIViewSet
from strategy.meetings import MeetingsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
api_router.register_endpoint("schemes", FinderAPIViewSet)
api_router.register_endpoint("search", SearchAPIViewSet)
api_router.register_endpoint("forms", FormSubmissionAPIViewSet)
api_router.register_endpoint("people", PeopleAPIViewSet)
api_router.register_endpoint("meetings", MeetingsAPIViewSet)
# After "pages", which stays the endpoint that page links resolve to.
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
