"""Words in Wagtail's admin that no catalogue can translate, because Wagtail never marks them.

Wagtail derives some labels from field names ("Password" on the login form, "Link text" in the
link dialogs, "Site name" on Sites) and names every spreadsheet's sheet "Sheet1"; these give
them Norwegian names through the project's catalogue. Its exports are also made for English
spreadsheets: CSV separated by commas, which Norwegian Excel (whose list separator is the
semicolon, the comma being the decimal sign) opens in one column, and times in UTC; here every
export is semicolon-separated with a byte order mark, and gives times as they are read in Oslo.
Applied once, when the app registry is ready (``cms.apps``).
"""

import csv
import datetime
import re

from django.utils import timezone
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
    # A form's submissions are named after the form, the rest after the report or listing.
    form_page = getattr(view, "form_page", None)
    title = str(
        (form_page.get_admin_display_title() if form_page else "")
        or getattr(view, "page_title", "")
        or _("Export")
    )
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


# What Norwegian Excel reads as the next column.
CSV_DELIMITER = ";"
CSV_TIME_FORMAT = "%Y-%m-%d %H:%M"


def oslo_time_for_csv(value):
    return (
        timezone.localtime(value).strftime(CSV_TIME_FORMAT) if timezone.is_aware(value) else value
    )


def oslo_time_for_xlsx(value):
    # Excel has no time zones: the cell holds the time as it is read in Oslo.
    return value if timezone.is_naive(value) else timezone.make_naive(value)


def stream_csv(self, queryset):
    """Wagtail's CSV export, as Norwegian Excel opens it in columns and with æ, ø and å."""
    from wagtail.admin.views.mixins import Echo

    # Without a byte order mark Excel reads the UTF-8 as Windows-1252.
    yield "\ufeff"
    writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
    yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def export_in_oslo_time(mixin):
    """Times in every export that keeps Wagtail's preprocessing, as they are read in Oslo."""
    mixin.custom_value_preprocess = {
        **mixin.custom_value_preprocess,
        datetime.datetime: {
            mixin.FORMAT_CSV: oslo_time_for_csv,
            mixin.FORMAT_XLSX: oslo_time_for_xlsx,
        },
    }


def apply():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    label_chooser_fields()
    label_login_password()
    label_site_columns()
    SpreadsheetExportMixin.write_xlsx = write_xlsx
    SpreadsheetExportMixin.stream_csv = stream_csv
    export_in_oslo_time(SpreadsheetExportMixin)
