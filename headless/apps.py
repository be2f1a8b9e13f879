from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeadlessConfig(AppConfig):
    name = "headless"
    verbose_name = _("Public API")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
