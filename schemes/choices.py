"""Enumerations used by schemes and programmes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    CONTINUOUS = "continuous", _("Continuous")


class FinderKind(models.TextChoices):
    SCHEME = "scheme", _("Support scheme")
    PROGRAMME = "programme", _("National programme")
