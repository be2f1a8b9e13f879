from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the deploy checks
