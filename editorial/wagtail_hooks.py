"""The editor's tools in the admin: the accessibility checker, the live readability panel, an
editor that refuses to save over a newer version, and ticks for choosing terms."""

from django import forms
from django.db import models
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.models import Page

from .editing import CompleteFormAutosaveCreateView, ConflictCheckingEditView

# The axe rules that an editor's text can break in a preview of its payload.
CONTENT_CHECKER_RULES = [
    "empty-heading",
    "heading-order",
    "p-as-heading",
    "link-name",
    "alt-text-quality",
]


class ContentChecker(ContentCheckerItem):
    """Wagtail's accessibility checker (axe), set up for what our previews show.

    Previews render a page's API payload; the county's website draws the rest of the page. So
    only the content (``main``) is checked, with the rules an editor's text can break: empty or
    skipped headings, bold paragraphs posing as headings, links without text, file names as alt
    text. Wagtail's check of the meta description is left out: the preview has none to check.
    """

    axe_include = ["main"]
    axe_run_only = CONTENT_CHECKER_RULES
    # Wagtail's custom rules are enabled whatever runOnly says, so the unused ones are dropped.
    axe_custom_rules = [
        rule for rule in ContentCheckerItem.axe_custom_rules if rule["id"] in CONTENT_CHECKER_RULES
    ]
    axe_custom_checks = [
        check
        for check in ContentCheckerItem.axe_custom_checks
        if check["id"] != "check-empty-meta-description"
    ]
    axe_messages = {
        "empty-heading": {
            "error_name": _("A heading is empty"),
            "help_text": _("Write a heading or remove it."),
        },
        "heading-order": {
            "error_name": _("Heading levels are skipped"),
            "help_text": _("Use heading 3 before heading 4, without skipping a level."),
        },
        "p-as-heading": {
            "error_name": _("A bold paragraph looks like a heading"),
            "help_text": _("Use a heading instead, so that screen readers find it."),
        },
        "link-name": {
            "error_name": _("A link has no text"),
            "help_text": _("Write link text that says where the link leads."),
        },
        "alt-text-quality": {
            "error_name": _("Alt text looks like a file name"),
            "help_text": _("Describe what the image shows in the image library."),
        },
    }


@hooks.register("construct_wagtail_userbar")
def use_our_content_checker(request, items, page):
    """Replace Wagtail's checker in the userbar and the editor's "Checks" panel with ours."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, ContentChecker):
            items[index] = ContentChecker(in_editor=item.in_editor)


@hooks.register("register_admin_urls")
def register_readability_urls():
    from .readability_views import ReadabilityOnCreateView, ReadabilityOnEditView

    return [
        path(
            "readability/edit/<int:page_id>/",
            ReadabilityOnEditView.as_view(),
            name="home_readability_edit",
        ),
        path(
            "readability/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
            "<int:parent_page_id>/",
            ReadabilityOnCreateView.as_view(),
            name="home_readability_add",
        ),
    ]


class SitePageViewSet(PageViewSet):
    """The admin views of every page type, with an editor that refuses to save over a newer
    version and a new page that autosave creates only from a form without errors (see
    ``editorial.editing``)."""

    model = Page
    name = "site_pages"
    add_view_class = CompleteFormAutosaveCreateView
    edit_view_class = ConflictCheckingEditView


# After Wagtail's own viewset for all pages (order 0), which this one replaces.
@hooks.register("register_admin_viewset", order=100)
def register_site_page_viewset():
    return SitePageViewSet()


# Taxonomies (21 municipalities, regions, topics, who may apply) are chosen with a tick per term
# rather than Ctrl-click in a list box that shows seven at a time. Every many-to-many field of
# the site's pages is such a short, editor-managed list.
register_form_field_override(
    ParentalManyToManyField, override={"widget": forms.CheckboxSelectMultiple}
)


# Dates are typed as people type them: "2027-03-01 10:00", "01.03.2027 10:00", "1.3.2027" or
# "2027-03-01" (a date alone is midnight). Django's Norwegian input formats and ISO 8601 read
# them all; the script keeps Wagtail's date picker from replacing them with the current time
# before the form is sent, and what cannot be read is refused with the forms that can.
@hooks.register("insert_global_admin_js")
def keep_typed_dates():
    return format_html('<script src="{}"></script>', static("admin/dates.js"))


@hooks.register("insert_global_admin_css")
def schedule_pickers_above_their_fields():
    return format_html('<link rel="stylesheet" href="{}">', static("admin/dates.css"))


register_form_field_override(
    models.DateTimeField,
    override={
        "widget": AdminDateTimeInput,
        "error_messages": {
            "invalid": _("Write the date and time as 01.03.2027 10:00 or 2027-03-01 10:00.")
        },
    },
)
register_form_field_override(
    models.DateField,
    override={
        "widget": AdminDateInput,
        "error_messages": {"invalid": _("Write the date as 01.03.2027 or 2027-03-01.")},
    },
)
