"""Enumerations used by the home app's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COUNTY_AUTHORITY = "county_authority", _("County authority")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    MINISTRY = "ministry", _("Ministry")
    STATE = "state", _("The state")
    AGENCY = "agency", _("Government agency")
    EDUCATION = "education", _("Education and research")
    OTHER = "other", _("Other")
