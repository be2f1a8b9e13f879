import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_command(*args):
    out = StringIO()
    call_command("ensure_local_admin", *args, stdout=out)
    return out.getvalue()


def printed_password(output):
    match = re.search(r"Passord:\s+(\S+)", output)
    assert match, output
    return match.group(1)


def admin_user():
    return get_user_model().objects.get(username="admin")


def test_first_run_creates_a_superuser_with_the_printed_password():
    output = run_command()

    user = admin_user()
    assert user.is_superuser
    assert user.is_staff
    assert user.is_active
    assert user.check_password(printed_password(output))
    validate_password(printed_password(output), user)


def test_printed_login_address_follows_host_and_port():
    output = run_command("--host", "localhost", "--port", "8123")

    assert "http://localhost:8123/admin/" in output


def test_an_ipv6_host_is_bracketed_in_the_login_address():
    output = run_command("--host", "::1", "--port", "8000")

    assert "http://[::1]:8000/admin/" in output


def test_generated_password_differs_between_fresh_databases():
    first = printed_password(run_command())
    admin_user().delete()
    second = printed_password(run_command())

    assert first != second
    assert admin_user().check_password(second)


def test_second_run_keeps_the_password_and_does_not_print_one():
    password = printed_password(run_command())
    stored_hash = admin_user().password

    output = run_command("--host", "127.0.0.1", "--port", "9000")

    assert admin_user().password == stored_hash
    assert admin_user().check_password(password)
    assert password not in output
    assert "Passord:" not in output
    assert "http://127.0.0.1:9000/admin/" in output
    assert "make admin-password" in output
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_reset_password_replaces_the_password_with_a_printed_new_one():
    old = printed_password(run_command())

    new = printed_password(run_command("--reset-password"))

    assert new != old
    assert admin_user().check_password(new)
    assert not admin_user().check_password(old)


def test_two_resets_give_different_passwords():
    run_command()

    first = printed_password(run_command("--reset-password"))
    second = printed_password(run_command("--reset-password"))

    assert first != second
    assert admin_user().check_password(second)


def test_reset_password_restores_a_disabled_admin():
    run_command()
    get_user_model().objects.filter(username="admin").update(
        is_active=False, is_staff=False, is_superuser=False
    )

    run_command("--reset-password")

    user = admin_user()
    assert user.is_active
    assert user.is_staff
    assert user.is_superuser
