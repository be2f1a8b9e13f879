"""Previews of a draft on the county's website, through wagtail-headless-preview.

The admin's own preview renders the page's API payload here. The county site lays the same
content out in its own way, so every page type also offers the preview mode "the county's
website": the unsaved page is stored as the package's ``PagePreview`` under a token, and the
preview frames the county site's preview address (``FRONTEND_PREVIEW_URL``) with that token, from
which the county site reads the draft at ``/api/v2/page_preview/`` (see ``headless.preview_api``).

The token is the only key to a draft. It is signed with ``SECRET_KEY`` (so it cannot be forged),
carries a random part (so no two editors share one, and none can be guessed from a page id and a
time) and its creation time, after which it lasts ``HEADLESS_PREVIEW_TOKEN_MAX_AGE`` seconds.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signing import BadSignature, TimestampSigner
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview
from wagtail_headless_preview.signals import preview_update

COUNTY_SITE_MODE = "county_site"
TOKEN_SALT = "home.preview.county-site"  # noqa: S105 - a namespace for signatures, not a secret
# Tokens of the editor's session, by page: refreshing a preview while editing reuses its token
# (and its stored row) instead of storing another copy of the page on every keystroke.
SESSION_KEY = "county_site_preview_tokens"


def token_signer():
    return TimestampSigner(salt=TOKEN_SALT)


def is_valid_token(token, max_age=None):
    """True when ``token`` was signed here no more than ``max_age`` seconds ago.

    ``max_age`` defaults to ``HEADLESS_PREVIEW_TOKEN_MAX_AGE``.
    """
    if max_age is None:
        max_age = settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE
    try:
        token_signer().unsign(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return False
    return True


def garbage_collect():
    """Delete the stored drafts whose token has expired, or was signed with another key.

    The package's own ``PagePreview.garbage_collect`` goes by the day the row was created and
    keeps drafts for up to two days, whatever the tokens' lifetime; this keeps them no longer
    than their token. Returns how many were deleted.
    """
    expired = [
        pk
        for pk, token in PagePreview.objects.values_list("pk", "token")
        if not is_valid_token(token)
    ]
    if expired:
        PagePreview.objects.filter(pk__in=expired).delete()
    return len(expired)


class CountySitePreviewMixin(HeadlessPreviewMixin):
    """Adds the preview mode "the county's website" after a page type's own preview modes.

    Offered only where the county site's preview address is configured: elsewhere the mode
    could only ever say that it is not set up.
    """

    @property
    def preview_modes(self):
        modes = super().preview_modes
        if not settings.FRONTEND_PREVIEW_URL:
            return modes
        return [*modes, (COUNTY_SITE_MODE, _("The county's website"))]

    def serve_preview(self, request, mode_name):
        if mode_name != COUNTY_SITE_MODE:
            # The package's serve_preview knows the county site alone: every other mode is the
            # page type's own, from the class after the package's mixins.
            return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)
        if not settings.FRONTEND_PREVIEW_URL:
            # Nothing to frame: say so, rather than show an empty frame.
            return render(
                request,
                "pages/county_site_preview.html",
                {"page": self, "preview_url": "", "frontend_base_url": settings.FRONTEND_BASE_URL},
            )
        garbage_collect()
        token = self.county_site_preview_token(request)
        self.update_page_preview(token)
        preview_update.send(sender=HeadlessPreviewMixin, token=token)
        preview_url = self.get_preview_url(request, token)
        response = render(
            request,
            "pages/county_site_preview.html",
            {"page": self, "preview_url": preview_url},
        )
        # The admin's policy allows frames from this site alone; this page frames the county
        # site's preview, so its own policy allows that one origin as well, and lets the page's
        # script ask that origin whether it answers at all (it shows why when it does not).
        address = urlsplit(preview_url)
        origin = f"{address.scheme}://{address.netloc}"
        response._csp_update = {"frame-src": [origin], "connect-src": [origin]}
        return response

    def county_site_preview_token(self, request):
        """A new token for this preview, or the editor's own while they edit the page.

        The edit view's preview (its panel, or a new tab) shows the form being edited and is
        refreshed as the editor types: it reuses the editor's token for the page while that
        stays valid for at least half of HEADLESS_PREVIEW_TOKEN_MAX_AGE, so a preview that was
        just refreshed does not expire while the editor reads it. Drafts, revisions and
        moderation previews each show something fixed, and get a token of their own.
        """
        if self.pk is None:
            identifier = f"parent_id={self.get_parent().pk};page_type={self._meta.label}"
        else:
            identifier = f"id={self.pk}"
        session = getattr(request, "session", None)
        if not getattr(request, "is_editing", False):
            session = None
        tokens = dict(session.get(SESSION_KEY, {})) if session is not None else {}
        token = tokens.get(identifier)
        if token is None or not is_valid_token(token, settings.HEADLESS_PREVIEW_TOKEN_MAX_AGE / 2):
            token = token_signer().sign(f"{identifier};{secrets.token_urlsafe(32)}")
            if session is not None:
                tokens = {key: value for key, value in tokens.items() if is_valid_token(value)}
                session[SESSION_KEY] = {**tokens, identifier: token}
        return token
