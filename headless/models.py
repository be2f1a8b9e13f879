"""What the public API keeps in the database: the document store, the content version that
cached answers are keyed on, webhook deliveries, and which files are public."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from base.publication import reference_key


class PageDocument(models.Model):
    """The public API representation of a live page, rebuilt when it or anything it shows changes.

    Kept as JSON text rather than a JSON column so that key order survives on PostgreSQL.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="api_document",
    )
    payload = models.TextField()
    version = models.CharField(max_length=64)
    built_at = models.DateTimeField()
    # When the representation goes stale by itself: a status derived from today's date, or a
    # referenced page that expires.
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Made in the home app, whose table it keeps.
        db_table = "home_pagedocument"
        verbose_name = _("API document")
        verbose_name_plural = _("API documents")

    def __str__(self):
        return f"API document for page {self.page_id}"


class PageDocumentReferenceQuerySet(models.QuerySet):
    def showing(self, objects):
        """The references of the documents that show any of ``objects`` (unsaved ones and
        None are left out), as one filter that callers narrow or read as they need."""
        keys = {reference_key(obj) for obj in objects if obj is not None and obj.pk is not None}
        return self.filter(target__in=keys) if keys else self.none()


class PageDocumentReference(models.Model):
    """An object that a page document shows, so that changing it rebuilds the document."""

    document = models.ForeignKey(
        "headless.PageDocument", on_delete=models.CASCADE, related_name="references"
    )
    target = models.CharField(max_length=120, db_index=True)

    objects = PageDocumentReferenceQuerySet.as_manager()

    class Meta:
        # Made in the home app, whose table it keeps.
        db_table = "home_pagedocumentreference"
        constraints = [
            models.UniqueConstraint(fields=["document", "target"], name="unique_document_target")
        ]

    def __str__(self):
        return self.target


class StaleDocument(models.Model):
    """A page whose API document waits for the background worker, because something it shows
    changed (a person, an image, a parent's title or place); until then the old one serves.

    Unless it is withheld: a change that hid a page (unpublished, restricted, deleted, moved
    below a hidden page) marks the documents that name it, and until the worker has rebuilt
    them, every read builds them afresh rather than serve one that names a hidden page."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # When the change was recorded: a rebuild clears the row only if no later change came
    # while it ran, so that such a change is rebuilt again.
    requested_at = models.DateTimeField(db_index=True)
    withheld = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("stale API document")
        verbose_name_plural = _("stale API documents")

    def __str__(self):
        return f"stale API document for page {self.page_id}"


class ContentVersion(models.Model):
    """One row counting changes to public content; API responses are cached per version.

    It lives in the database rather than in a process's memory, so every worker and every app
    server sees a change at once, whichever of them made it.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()
    # When public content changes by the clock alone (a page expires, a derived status turns).
    next_change_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Made in the home app, whose table it keeps.
        db_table = "home_contentversion"
        verbose_name = _("content version")

    def __str__(self):
        return f"content version {self.number}"


class WebhookDelivery(models.Model):
    """A change notice for the county site, kept until its webhook has accepted it."""

    payload = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        # Made in the home app, whose table it keeps.
        db_table = "home_webhookdelivery"
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["created_at"]

    def __str__(self):
        return f"webhook delivery {self.pk}"


@register_setting(icon="lock")
class MediaSettings(BaseGenericSetting):
    """Which collection holds images and documents that are public without a page using them."""

    public_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection of public files"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Images and documents are private until a published page uses them. Those in this "
            "collection, or in a collection below it, are public at once, used or not."
        ),
    )

    panels = [FieldPanel("public_collection")]

    class Meta:
        # Made in the home app, whose table it keeps.
        db_table = "home_mediasettings"
        verbose_name = _("public files")

    def __str__(self):
        return str(self._meta.verbose_name)
