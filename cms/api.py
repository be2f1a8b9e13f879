"""The one place where public API endpoints are registered."""

from wagtail.api.v2.router import WagtailAPIRouter

from home.api import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet, RedirectsAPIViewSet
from schemes.api import FinderAPIViewSet
from search.api import SearchAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
api_router.register_endpoint("schemes", FinderAPIViewSet)
api_router.register_endpoint("search", SearchAPIViewSet)
