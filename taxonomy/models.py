"""The taxonomies every app tags with: regions, municipalities, counties, organisations,
industries and topics. Editors manage them as snippets."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from base.blocks import api_reference

from .choices import OrganisationKind

municipality_number_validator = RegexValidator(
    r"^\d{4}$", _("A municipality number has four digits, for example 5501.")
)
county_number_validator = RegexValidator(
    r"^\d{2}$", _("A county number has two digits, for example 55.")
)


class Taxonomy(index.Indexed, models.Model):
    """A named term that pages are tagged with; the slug is what API filters use."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def api_representation(self):
        return {"id": self.pk, "name": self.name, "slug": self.slug}


class County(Taxonomy):
    """A Norwegian county (fylke), for programmes that name the counties taking part."""

    number = models.CharField(
        _("county number"), max_length=2, unique=True, validators=[county_number_validator]
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("number")]

    class Meta(Taxonomy.Meta):
        # Made in the home app, whose table it keeps.
        db_table = "home_county"
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def api_representation(self):
        return {**super().api_representation(), "number": self.number}


class Region(Taxonomy):
    """A region of Troms served by a regional council, such as Midt-Troms."""

    alternative_name = models.CharField(
        _("alternative name"),
        max_length=255,
        blank=True,
        help_text=_("Another name the region is known by, such as Hålogaland for Sør-Troms."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("alternative_name")]

    class Meta(Taxonomy.Meta):
        # Made in the home app, whose table it keeps.
        db_table = "home_region"
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def api_representation(self):
        return {**super().api_representation(), "alternative_name": self.alternative_name}


class Municipality(Taxonomy):
    """A municipality (kommune) with its official number, in one region."""

    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[municipality_number_validator],
        help_text=_("The official four-digit municipality number."),
    )
    official_name = models.CharField(
        _("official name"),
        max_length=255,
        blank=True,
        help_text=_("The full official name, including Sami and Kven names where they apply."),
    )
    region = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("number"),
        FieldPanel("official_name"),
        FieldPanel("region"),
    ]
    search_fields = [*Taxonomy.search_fields, index.SearchField("number")]

    class Meta(Taxonomy.Meta):
        # Made in the home app, whose table it keeps.
        db_table = "home_municipality"
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def api_representation(self):
        return {
            **super().api_representation(),
            "number": self.number,
            "official_name": self.official_name,
            "region": api_reference(self.region),
        }


class Organisation(Taxonomy):
    """An organisation named by the content: councils, ministries, agencies and partners."""

    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("For example KDD or DOGA.")
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    url = models.URLField(_("web address"), blank=True)
    region = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("The region a regional council serves."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("url"),
        FieldPanel("region"),
    ]
    search_fields = [*Taxonomy.search_fields, index.SearchField("short_name")]

    class Meta(Taxonomy.Meta):
        # Made in the home app, whose table it keeps.
        db_table = "home_organisation"
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def api_representation(self):
        return {
            **super().api_representation(),
            "short_name": self.short_name,
            "kind": self.kind,
            "url": self.url or None,
        }


class Industry(Taxonomy):
    """An industry (næring), such as fisheries and aquaculture or tourism."""

    class Meta(Taxonomy.Meta):
        # Made in the home app, whose table it keeps.
        db_table = "home_industry"
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Topic(Taxonomy):
    """A subject area used to group pages and people, such as broadband or restructuring."""

    class Meta(Taxonomy.Meta):
        # Made in the home app, whose table it keeps.
        db_table = "home_topic"
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
