"""Strategies with their input meetings, milestones and feedback box (digital innspillkasse)."""

from .feedback import (
    SUBMISSIONS_DELETED_LOG_ACTION,
    FeedbackFormField,
    FeedbackFormPage,
    FeedbackSubmission,
    FeedbackSubmissionQuerySet,
    UnicodeJSONEncoder,
    status_values,
)
from .strategy import ORDERABLE_ORDERING, Meeting, Milestone, StrategyPage, first_of_month

__all__ = [
    "SUBMISSIONS_DELETED_LOG_ACTION",
    "ORDERABLE_ORDERING",
    "FeedbackFormField",
    "FeedbackFormPage",
    "FeedbackSubmission",
    "FeedbackSubmissionQuerySet",
    "Meeting",
    "Milestone",
    "StrategyPage",
    "UnicodeJSONEncoder",
    "first_of_month",
    "status_values",
]
