from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Shared blocks and publication rules")

    def ready(self):
        from . import collation

        collation.connect()
