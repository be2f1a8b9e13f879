"""Words in Wagtail's admin that no catalogue can translate, because Wagtail never marks them.

Wagtail derives some labels from field names ("Password" on the login form, "Link text" in the
link dialogs, "Site name" on Sites) and names every spreadsheet's sheet "Sheet1"; these give
them Norwegian names through the project's catalogue. Applied once, when the app registry is
ready (``cms.apps``).
"""

import re

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The chooser forms' fields that Wagtail leaves without a label, by form.
CHOOSER_LABELS = {
    "ExternalLinkChooserForm": {"url": _("Web address"), "link_text": _("Link text")},
    "AnchorLinkChooserForm": {"link_text": _("Link text")},
    "EmailLinkChooserForm": {
        "email_address": _("Email address"),
        "link_text": _("Link text"),
        "subject": _("Subject"),
        "body": _("Message"),
    },
    "PhoneLinkChooserForm": {"phone_number": _("Phone number"), "link_text": _("Link text")},
}
# Characters Excel does not allow in a sheet's name, which it limits to 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def label_chooser_fields():
    from wagtail.admin.forms import choosers

    for form_name, labels in CHOOSER_LABELS.items():
        form = getattr(choosers, form_name, None)
        for field_name, label in labels.items():
            if form is not None and field_name in form.base_fields:
                form.base_fields[field_name].label = label


def label_login_password():
    from wagtail.admin.forms.auth import LoginForm

    # Django's own catalogue translates it; Wagtail's field has no label to translate.
    LoginForm.base_fields["password"].label = _("Password")


def label_site_columns():
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


def sheet_name(view):
    """The sheet's name: what the export holds, as the report's title says it."""
    title = str(getattr(view, "page_title", "") or _("Export"))
    return SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or str(_("Export"))


def write_xlsx(self, queryset, output):
    """Wagtail's spreadsheet export, with the sheet named after what it holds."""
    from openpyxl import Workbook
    from wagtail.admin.views.mixins import ExcelDateFormatter

    workbook = Workbook(write_only=True, iso_dates=True)
    worksheet = workbook.create_sheet(title=sheet_name(self))
    worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
    date_format = ExcelDateFormatter().get()
    for item in queryset:
        worksheet.append(
            self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
        )
    workbook.save(output)


def apply():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    label_chooser_fields()
    label_login_password()
    label_site_columns()
    SpreadsheetExportMixin.write_xlsx = write_xlsx
