from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and taxonomies")

    def ready(self):
        from base import collation
        from editorial import image_files
        from headless.signal_handlers import register_signal_handlers

        collation.connect()
        image_files.connect()
        register_signal_handlers()
