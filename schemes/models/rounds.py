"""Application rounds of support schemes, and the status and deadlines they give by the clock."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, Page

from ..choices import SchemeStatus

# Statuses under which a business can send an application today.
OPEN_STATUSES = (SchemeStatus.OPEN, SchemeStatus.CONTINUOUS)
# Children added in code rather than through the editor's inline panels may have no sort_order;
# the primary key then keeps them in the order they were added, on every database.
ORDERABLE_ORDERING = ["sort_order", "pk"]


class SchemePageForm(WagtailAdminPageForm):
    """The scheme editor: application rounds may not overlap."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("application_rounds")
        if formset is None or not formset.is_valid():
            return cleaned_data
        rounds = []
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            rounds.append((data.get("opens_at"), data.get("deadline"), form))
        for index_, (opens_at, deadline, form) in enumerate(rounds):
            for other_opens_at, other_deadline, _other in rounds[:index_]:
                if rounds_overlap(opens_at, deadline, other_opens_at, other_deadline):
                    form.add_error(
                        "opens_at",
                        _("This round overlaps another round; rounds may not run at once."),
                    )
                    break
        return cleaned_data


def rounds_overlap(opens_at, deadline, other_opens_at, other_deadline):
    """Whether two rounds are open at the same moment; an empty end runs without limit."""
    starts_before_other_ends = (
        other_deadline is None or opens_at is None or opens_at < other_deadline
    )
    other_starts_before_end = (
        deadline is None or other_opens_at is None or other_opens_at < deadline
    )
    return starts_before_other_ends and other_starts_before_end


class ApplicationRound(Orderable):
    """A period in which a scheme takes applications, with its deadline (søknadsfrist)."""

    page = ParentalKey(
        "schemes.SchemePage",
        verbose_name=_("support scheme"),
        on_delete=models.CASCADE,
        related_name="application_rounds",
    )
    opens_at = models.DateTimeField(
        _("opens"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the round is open from publication."),
    )
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty for continuous intake (løpende søknad)."),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("For example: Vårrunden 2027.")
    )

    panels = [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        ordering = ORDERABLE_ORDERING
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")

    def __str__(self):
        if self.note:
            return self.note
        if self.deadline:
            return deadline_label(self.deadline)
        return str(_("Continuous intake"))

    def clean(self):
        super().clean()
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            raise ValidationError({"deadline": _("The round must close after it opens.")})

    def is_open_at(self, moment):
        return open_at(self.opens_at, self.deadline, moment)

    def api_representation(self):
        return {
            "opens_at": local_iso(self.opens_at),
            "deadline": local_iso(self.deadline),
            "note": self.note,
            "is_open": self.is_open_at(timezone.now()),
        }


def local_iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def deadline_label(moment):
    """A deadline as citizens read it: "1. mars 2027", with the time unless it is 23:59.

    Midnight keeps its time: a deadline at 00:00 on 1 March is the end of 28 February.
    """
    local = timezone.localtime(moment)
    label = formats.date_format(local, "j. F Y")
    if (local.hour, local.minute) != (23, 59):
        label += " " + str(_("at %(time)s") % {"time": f"{local:%H.%M}"})
    return label


def rounds_status(now, manual_status):
    """The status as a database expression at ``now``, the same as ``SchemePage.status_at``.

    ``manual_status`` is the expression of the editor's status, which rules pages without
    rounds (programmes have none).
    """
    rounds = ApplicationRound.objects.filter(page_id=OuterRef("pk"))
    open_rounds = rounds.filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now)).filter(
        Q(deadline__isnull=True) | Q(deadline__gt=now)
    )
    return Case(
        When(
            Exists(open_rounds.filter(deadline__isnull=True)), then=Value(SchemeStatus.CONTINUOUS)
        ),
        When(Exists(open_rounds), then=Value(SchemeStatus.OPEN)),
        When(Exists(rounds), then=Value(SchemeStatus.CLOSED)),
        default=manual_status,
        output_field=models.CharField(),
    )


def next_deadline_expression(now):
    """The nearest deadline after ``now`` as a database expression, null when there is none."""
    return Subquery(
        ApplicationRound.objects.filter(page_id=OuterRef("pk"), deadline__gt=now)
        .order_by("deadline")
        .values("deadline")[:1],
        output_field=models.DateTimeField(),
    )


def open_at(opens_at, deadline, moment):
    """Whether a round is open at ``moment``: from ``opens_at`` (or publication) up to, not
    including, the deadline."""
    return (opens_at is None or opens_at <= moment) and (deadline is None or moment < deadline)


def status_from_rounds(rounds, manual_status, moment):
    """The status at ``moment`` from (opens_at, deadline) of a page's rounds, the same as
    ``rounds_status``: open while a round is open (continuous if it has no deadline), closed
    between and after rounds; without rounds, the editor's ``manual_status``."""
    if not rounds:
        return manual_status
    open_rounds = [deadline for opens_at, deadline in rounds if open_at(opens_at, deadline, moment)]
    if any(deadline is None for deadline in open_rounds):
        return SchemeStatus.CONTINUOUS
    if open_rounds:
        return SchemeStatus.OPEN
    return SchemeStatus.CLOSED


def current_states(page_ids, now=None):
    """{page id: (status, next deadline)} of the given schemes and programmes, in one query.

    The query reads the pages' rounds as plain rows (a few per scheme) and the status is
    worked out here: building the expressions of ``rounds_status`` costs a search more than
    the database takes to answer them.
    """
    now = now or timezone.now()
    rows = (
        Page.objects.filter(pk__in=page_ids)
        .order_by()
        .values_list(
            "pk",
            "schemepage__status",
            "programmepage__status",
            "schemepage__application_rounds__pk",
            "schemepage__application_rounds__opens_at",
            "schemepage__application_rounds__deadline",
        )
    )
    manual = {}
    rounds = {}
    for pk, scheme_status, programme_status, round_pk, opens_at, deadline in rows:
        manual[pk] = scheme_status if scheme_status is not None else programme_status
        page_rounds = rounds.setdefault(pk, [])
        if round_pk is not None:
            page_rounds.append((opens_at, deadline))
    return {
        pk: (status_from_rounds(rounds[pk], status, now), next_deadline_of(rounds[pk], now))
        for pk, status in manual.items()
    }


def next_deadline_of(rounds, moment):
    """The nearest deadline after ``moment`` of (opens_at, deadline) rounds, or None."""
    return min(
        (deadline for _opens_at, deadline in rounds if deadline and deadline > moment), default=None
    )
