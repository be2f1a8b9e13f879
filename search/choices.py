from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a search index entry stands for, which tells where its object lives."""

    PAGE = "page", _("page")
    PERSON = "person", _("person")
    DOCUMENT = "document", _("document")
