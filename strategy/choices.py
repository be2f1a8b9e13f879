"""Enumerations used by strategies and their feedback box."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    COMING = "coming", _("Coming")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("New")
    PROCESSED = "processed", _("Processed")
