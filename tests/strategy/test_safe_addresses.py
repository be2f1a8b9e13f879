"""A sign-up link that did not pass through the editor's validation is never served."""

import pytest
from django.core.exceptions import ValidationError

from strategy.models import Meeting

from .test_meetings_api import api_client, feed, portal  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_script_sign_up_link_is_refused_in_norwegian(portal):  # noqa: F811
    meeting = portal["winter"]
    meeting.signup_url = "javascript:alert(1)"
    with pytest.raises(ValidationError) as raised:
        meeting.full_clean()
    assert raised.value.message_dict["signup_url"] == ["Skriv inn en gyldig URL."]


def test_a_stored_script_or_data_link_is_in_no_answer(api_client, portal):  # noqa: F811
    strategy = portal["strategy"]
    Meeting.objects.filter(pk=portal["winter"].pk).update(signup_url="javascript:alert(1)")
    Meeting.objects.filter(pk=portal["soon"].pk).update(signup_url="data:text/html,<b>x</b>")
    strategy.save_revision().publish()
    for response in (
        feed(api_client, strategy),
        api_client.get("/api/v2/meetings/"),
        api_client.get(f"/api/v2/pages/{strategy.pk}/"),
    ):
        text = response.content.decode()
        assert "javascript:" not in text
        assert "data:text" not in text
