"""An invalid publishing schedule says why in the status panel, not only inside its dialog."""

import re

import pytest
from django.urls import reverse

from tests.factories import SchemeIndexPageFactory, SchemePageFactory, site_root
from tests.schemes.test_validation import scheme_form_data

pytestmark = pytest.mark.django_db

REASON = "Tidspunkt for publisering må være før tidspunkt for avpublisering"


def test_the_status_panel_gives_the_reason_once_beside_invalid_schedule(admin_client):
    scheme = SchemePageFactory(parent=SchemeIndexPageFactory(parent=site_root()))
    data = scheme_form_data(scheme, go_live_at="2027-03-01 10:00", expire_at="01.02.2027 10:00")
    data.pop("action-publish")

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[scheme.pk]), data)

    html = response.content.decode()
    assert "Ugyldig publiseringsplan" in html
    reasons = re.findall(r"data-schedule-error>\s*([^<]*?)\s*<", html)
    assert reasons == [REASON]
