"""What the admin's overviews (wagtail-modeladmin listings) share: a strict address, and
spreadsheets that editors can open safely, in Norwegian and in Oslo time.

The schemes app lists its pages with these, the strategy app its meetings and submissions.
"""

import datetime
import functools
import types
from collections import OrderedDict

from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import (
    label_for_field,
    lookup_field,
    lookup_spawns_duplicates,
    quote,
)
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.mixins import SpreadsheetExportMixin, list_to_str
from wagtail_modeladmin.helpers import AdminURLHelper, PageAdminURLHelper, PageButtonHelper
from wagtail_modeladmin.views import IndexView

CSV = SpreadsheetExportMixin.FORMAT_CSV
XLSX = SpreadsheetExportMixin.FORMAT_XLSX

# A spreadsheet takes a cell that starts with one of these for a formula. Exported text comes from
# editors and from anyone who writes to the feedback box, so it is kept text (OWASP's advice on
# CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def yes_no(value):
    return _("Yes") if value else _("No")


def spreadsheet_text(value):
    text = force_str(value)
    # A lone "-" is how modeladmin writes an empty value, and no formula.
    return f"'{text}" if text.startswith(FORMULA_STARTS) and text != "-" else text


# Text and lists of text in a CSV file, kept from being read as formulas. Excel files hold text
# cells as text already.
SAFE_TEXT_PREPROCESS = {
    list: {CSV: lambda value: spreadsheet_text(list_to_str(value)), XLSX: list_to_str},
    str: {CSV: spreadsheet_text},
}


class NumericIdURLHelperMixin:
    """An object's address takes a database id, digits only and short enough for a bigint.

    Modeladmin's own pattern takes any word, which the database then fails to read as an id: a
    server error for ``/inspect/abc/``, where the editor should get "not found".
    """

    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>[0-9]{{1,18}})/$"


class OverviewURLHelper(NumericIdURLHelperMixin, AdminURLHelper):
    pass


class PageOverviewURLHelper(NumericIdURLHelperMixin, PageAdminURLHelper):
    pass


class PageRowButtonHelper(PageButtonHelper):
    """Modeladmin's buttons for page rows, each made once a request rather than once a row.

    A button differs from row to row only by the page's id in its address; making it (reversing
    its address, translating its label and title) for each of fifty rows, and twice for the edit
    button that also links the title, was a good part of the cost of a page of an overview.
    """

    # An id no page has, put where the row's id goes in an address, then replaced by it.
    ROW_ID = "9876543210"

    def __init__(self, view, request):
        super().__init__(view, request)
        self._row_buttons = {}

    def row_button(self, make, pk, classnames_add=None, classnames_exclude=None):
        key = (make.__name__, tuple(classnames_add or ()), tuple(classnames_exclude or ()))
        button = self._row_buttons.get(key)
        if button is None:
            button = self._row_buttons[key] = make(self.ROW_ID, classnames_add, classnames_exclude)
        return {**button, "url": button["url"].replace(self.ROW_ID, quote(str(pk)), 1)}

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        return self.row_button(super().edit_button, pk, classnames_add, classnames_exclude)

    def unpublish_button(self, pk, classnames_add=None, classnames_exclude=None):
        return self.row_button(super().unpublish_button, pk, classnames_add, classnames_exclude)


class UsedRelatedListFilter(RelatedOnlyFieldListFilter):
    """Django's filter by the related objects (topics, owners) that the listed rows refer to,
    each found through the index on the reference rather than by reading every row.

    Django's own collects the references of every row of the list, a cost that grows with the
    site; the related objects are few and each needs one lookup of the index.
    """

    def used_by_rows(self, field, model_admin):
        if field.many_to_many:
            references = field.remote_field.through.objects.filter(
                **{field.m2m_reverse_field_name(): OuterRef("pk")}
            )
        else:
            references = model_admin.model._default_manager.filter(**{field.name: OuterRef("pk")})
        return Q(Exists(references))

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            limit_choices_to=self.used_by_rows(field, model_admin),
            ordering=ordering,
        )


class RowsByIdPaginator(WagtailPaginator):
    """Reads a page of a listing in two steps: the ids of its rows, in the listing's order, then
    those rows with everything their columns compute.

    In one query the database would compute every column (a parent's title, a status from the
    application rounds, the latest revision's content) for every row of the list before sorting
    them and keeping one page, a cost that grows with the site. The ids are sorted and paged
    with only what the order and the filters need.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def counted_once(queryset):
    """The queryset, counting its rows once however often it is asked to."""
    count = functools.cache(queryset.count)
    # A method, as Django's paginator expects: anything else it counts by reading every row.
    queryset.count = types.MethodType(lambda _queryset: count(), queryset)
    return queryset


class OverviewIndexView(IndexView):
    """Modeladmin's listing, strict about its address, with its CSV and Excel export.

    It accepts only the filters the overview offers: modeladmin would otherwise filter by any
    lookup in the address, across any relation (``?owner__password__startswith=``), and answer a
    malformed one with a server error. Either sends the editor back to the whole list with a
    message instead.
    """

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            CSV: lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
            # Excel has no time zones: the cell holds the time as it is read in Oslo.
            XLSX: lambda value: timezone.make_naive(value),
        },
        bool: {CSV: yes_no, XLSX: yes_no},
        **SAFE_TEXT_PREPROCESS,
    }
    paginator_class = RowsByIdPaginator

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(request, _("The filter in the address is not valid; see the full list."))
            return redirect(self.index_url)

    def get_queryset(self, request=None):
        # Modeladmin asks for the listing twice a request (for its count and its page), and
        # each time every list filter reads its choices again.
        if getattr(self, "_queryset", None) is None:
            # Counted for the heading and again by the paginator: once is enough.
            self._queryset = counted_once(self.filtered_queryset(request))
        return self._queryset

    def get_base_queryset(self, request=None):
        # Modeladmin asks for the whole list without a request only to count it ("12 out of
        # 40"); while nothing filters the listing, that is the listing, counted already.
        if request is None and not self.narrowed():
            return self.get_queryset()
        return super().get_base_queryset(request)

    def narrowed(self):
        """Whether a search or a list filter (one that filters by default too) narrows the list."""
        if self.query:
            return True
        for spec in self.filter_specs:
            if isinstance(spec, SimpleListFilter):
                if spec.value() is not None:
                    return True
            elif spec.used_parameters:
                return True
        return False

    def filtered_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.spawns_duplicates:
            return queryset
        # Rows that a filter across a many-to-many relation repeats are dropped by reading the
        # matching ids once, not by DISTINCT over every column the listing selects, which makes
        # the database compare (and count) whole rows of every page.
        return (
            self.get_base_queryset(request)
            .filter(pk__in=queryset.order_by().values("pk"))
            .order_by(*queryset.query.order_by)
        )

    def get_filters(self, request):
        filter_specs, has_filters, remaining, _use_distinct = super().get_filters(request)
        # Modeladmin asks for DISTINCT whenever a list filter is on a many-to-many field, applied
        # or not; rows repeat only when such a filter is applied.
        self.spawns_duplicates = any(
            lookup_spawns_duplicates(self.opts, name) for name in self.get_filters_params()
        )
        use_distinct = False
        if remaining:
            raise IncorrectLookupParameters(sorted(remaining))
        # A filter with nothing to offer (no page has a topic yet, say) is left out of the
        # listing but still takes its parameters from the address, unapplied: the whole list
        # would be shown as if it were the filtered one.
        offered = {name for spec in filter_specs for name in spec.expected_parameters()}
        unapplied = set(self.get_filters_params()) - offered
        if unapplied:
            raise IncorrectLookupParameters(sorted(unapplied))
        return filter_specs, has_filters, remaining, use_distinct

    def get_heading(self, queryset, field):
        heading = self.export_headings.get(field)
        if heading:
            return force_str(heading)
        # The column's own label, not modeladmin's Title Case, which is no Norwegian.
        label = label_for_field(field, model=self.model, model_admin=self.model_admin)
        return capfirst(force_str(label))

    def get_export_value(self, item, field):
        model_field, _attr, value = lookup_field(field, item, self.model_admin)
        if getattr(model_field, "choices", None):
            return getattr(item, f"get_{field}_display")()
        return value

    def to_row_dict(self, item):
        # Not modeladmin's: it writes "-" for every false value, a "no" as well as a blank.
        row = OrderedDict()
        for field in self.list_export:
            value = self.get_export_value(item, field)
            row[field] = "" if value is None else value
        return row
