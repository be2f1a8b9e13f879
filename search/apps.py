from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import on_migrated, register_signal_handlers

        register_signal_handlers()
        post_migrate.connect(on_migrated, sender=self, dispatch_uid="search_migrated")
