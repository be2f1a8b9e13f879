"""Admin screens for the schemes app's taxonomy."""

from wagtail.snippets.models import register_snippet

from home.wagtail_hooks import TAXONOMY_MENU_HOOK, TaxonomyViewSet

from .models import ApplicantType


class ApplicantTypeViewSet(TaxonomyViewSet):
    """Kinds of applicant, listed with the other taxonomies under "Taksonomier"."""

    model = ApplicantType
    icon = "user"
    menu_hook = TAXONOMY_MENU_HOOK


register_snippet(ApplicantTypeViewSet)
