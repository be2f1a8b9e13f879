"""What the editorial tools keep between requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageReadability(models.Model):
    """The readability counts of a page's latest draft, kept so that an overview of many pages
    shows each page's LIX score without reading its text."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_readability",
    )
    # The revision whose content was measured, or None for a page without revisions. Counts of a
    # revision that is no longer the page's latest are out of date and measured again. Wagtail
    # may delete old revisions; the id is then only compared, never followed.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    words = models.PositiveIntegerField(_("words"))
    sentences = models.PositiveIntegerField(_("sentences"))
    long_words = models.PositiveIntegerField(_("long words"))

    class Meta:
        verbose_name = _("page readability")
        verbose_name_plural = _("page readability")

    def __str__(self):
        return f"{self.page_id}: {self.words} / {self.sentences} / {self.long_words}"
