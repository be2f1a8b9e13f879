from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        from wagtail.signals import task_approved, task_rejected, task_submitted

        from . import (
            admin_norwegian,
            approval,
            checks,  # noqa: F401 -- registers the deploy checks
        )

        admin_norwegian.apply()

        task_approved.connect(approval.confirm_approval, dispatch_uid="cms.approval.approved")
        task_rejected.connect(
            approval.confirm_request_for_changes, dispatch_uid="cms.approval.rejected"
        )
        task_submitted.connect(approval.confirm_submission, dispatch_uid="cms.approval.submitted")
