"""Staff contacts (the people register), shown on pages through the contacts block."""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from base.blocks import api_reference

from .validators import normalise_phone, validate_phone


class Person(index.Indexed, ClusterableModel):
    """A member of staff whom the public may contact; every field here is public."""

    name = models.CharField(_("name"), max_length=255)
    job_title = models.CharField(_("job title"), max_length=255, blank=True)
    area_of_responsibility = models.CharField(
        _("area of responsibility"),
        max_length=255,
        blank=True,
        help_text=_("What the public may ask this person about, for example broadband."),
    )
    department = models.CharField(_("department"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField("taxonomy.Topic", verbose_name=_("topics"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("job_title"),
        FieldPanel("area_of_responsibility"),
        FieldPanel("department"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("photo"),
        FieldPanel("topics"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("job_title"),
        index.SearchField("area_of_responsibility", boost=2),
        index.SearchField("department"),
        index.FilterField("department"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.phone:
            # Stored in one format so that the API and search see the same number. An invalid
            # number is left as typed: the field's validator has reported it already, and a
            # second, non-field error would show the editor the same message twice.
            with suppress(ValidationError):
                self.phone = normalise_phone(self.phone)

    def api_representation(self):
        """The public fields of a contact, as every API payload shows them."""
        return {
            "id": self.pk,
            "name": self.name,
            "job_title": self.job_title,
            "area_of_responsibility": self.area_of_responsibility,
            "department": self.department,
            "email": self.email,
            "phone": self.phone,
            "photo": api_reference(self.photo),
        }
