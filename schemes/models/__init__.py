"""Models of the schemes app; a package, with every name importable from ``schemes.models``."""

from .pages import (
    ApplicantType,
    FinderPage,
    ProgrammePage,
    SchemeIndexPage,
    SchemePage,
)
from .rounds import (
    OPEN_STATUSES,
    ApplicationRound,
    SchemePageForm,
    current_states,
    deadline_label,
    next_deadline_expression,
    rounds_overlap,
    rounds_status,
)

__all__ = [
    "OPEN_STATUSES",
    "ApplicantType",
    "ApplicationRound",
    "FinderPage",
    "ProgrammePage",
    "SchemeIndexPage",
    "SchemePage",
    "SchemePageForm",
    "current_states",
    "deadline_label",
    "next_deadline_expression",
    "rounds_overlap",
    "rounds_status",
]
