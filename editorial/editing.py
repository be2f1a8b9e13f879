"""The page editor refuses to save over a newer version; autosave never creates a page with errors;
the status panel says why a publishing schedule is invalid.

Wagtail's editor sends the revision it was opened on (``loaded_revision_id``) with every save.
Wagtail itself refuses an autosave built on an older revision than the page's latest, but saves
and publishes the full form regardless, so one editor's save could silently undo another's made
seconds before. Here every save from the form is refused the same way: the editor gets the form
back as typed, a Norwegian message, and a link to compare the version they opened with the
latest. The form then carries the latest revision, so saving again is a deliberate choice.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.ui.side_panels import StatusSidePanel
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView

# The answer to a save that was refused because the page changed meanwhile.
CONFLICT = 409


# The fields of the schedule dialog ("Angi publiseringsplan").
SCHEDULE_FIELDS = ("go_live_at", "expire_at")


class ScheduleReasonMixin:
    """The status panel says why the schedule is invalid, beside "Ugyldig publiseringsplan".

    Wagtail shows the reason only inside the schedule dialog, so the editor had to open it again
    to learn what was wrong. The panel's template (``includes/status/workflow.html``) lists the
    errors of the dialog's fields, each once (Wagtail puts "go-live after expiry" on both).
    """

    def get_side_panels(self):
        side_panels = super().get_side_panels()
        errors = self.form.errors if self.form is not None else {}
        reasons = list(
            dict.fromkeys(str(e) for name in SCHEDULE_FIELDS for e in errors.get(name, ()))
        )
        for panel in side_panels:
            if isinstance(panel, StatusSidePanel):
                panel.schedule_errors = reasons
        return side_panels


class ConflictCheckingEditView(ScheduleReasonMixin, EditView):
    """Wagtail's page editor, refusing a save built on an older revision than the latest."""

    def post(self, request, *args, **kwargs):
        if not self.expects_json_response:
            self.adopt_own_autosave(request)
        if self.page.alias_of_id or self.expects_json_response or not self.is_out_of_date:
            # Aliases are refused by Wagtail; autosaves get Wagtail's own JSON refusal.
            return super().post(request, *args, **kwargs)
        loaded = request.POST.get("overwrite_revision_id") or request.POST.get("loaded_revision_id")
        self.form = self.form_class(
            request.POST,
            request.FILES,
            instance=self.page,
            subscription=self.subscription,
            parent_page=self.parent,
            for_user=request.user,
        )
        buttons = []
        if loaded and loaded.isdigit() and self.page.revisions.filter(pk=loaded).exists():
            compare = reverse(
                "wagtailadmin_pages:revisions_compare", args=(self.page.pk, loaded, "latest")
            )
            buttons.append(messages.button(compare, _("Compare versions"), new_window=True))
        messages.error(
            request,
            _(
                "Someone else has saved this page since you opened it. Your changes are not "
                "saved: they are still in the form below. Compare the versions, then save again "
                "to replace the newer version with yours."
            ),
            buttons=buttons,
        )
        self.has_unsaved_changes = True
        response = self.render_to_response(self.get_context_data())
        response.status_code = CONFLICT
        return response

    def adopt_own_autosave(self, request):
        """A save sent while the form's own first autosave was on its way is not a conflict.

        The form learns the revision its autosave made only when the autosave answers; a click on
        "Lagre kladd" or "Publiser" before that carries the revision the form was opened on, one
        behind the latest. When the only revision since then is the editor's own, the save
        replaces it, as it would have once the autosave had answered.
        """
        loaded = request.POST.get("loaded_revision_id")
        if request.POST.get("overwrite_revision_id") or not (loaded and loaded.isdigit()):
            return
        since = list(
            self.page.revisions.filter(pk__gt=int(loaded))
            .order_by("-pk")
            .values("pk", "user_id")[:2]
        )
        if len(since) == 1 and since[0]["user_id"] == request.user.pk:
            request.POST = request.POST.copy()
            request.POST["overwrite_revision_id"] = str(since[0]["pk"])


class CompleteFormAutosaveCreateView(ScheduleReasonMixin, CreateView):
    """Wagtail's "new page" form, where autosave creates the page only from a form without errors.

    Wagtail saves a draft as the editor types, validated as "Lagre kladd" is: required fields may
    be empty. On a new page that means the first autosave creates the page, even right after
    "Publiser" or "Send til godkjenning" was refused and the red "kunne ikke opprettes" banner is
    on screen: a stray draft the editor never chose to keep. Autosave here is held to the whole
    form; until it is complete the indicator says autosave is paused, and "Lagre kladd" by hand
    still keeps a draft with empty fields.
    """

    def post(self, request):
        if not self.expects_json_response:
            return super().post(request)
        self.form = self.form_class(
            request.POST,
            request.FILES,
            instance=self.page,
            subscription=self.subscription,
            parent_page=self.parent_page,
            for_user=request.user,
        )
        if self.form.is_valid():
            return self.form_valid(self.form)
        return self.form_invalid(self.form)
