"""Make sure a developer can log in to a local copy: `make run` and `make admin-password`."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

USERNAME = "admin"


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is made, in the language active then.
        return _(
            "Create the local superuser “admin” with a random password if it is missing, and "
            "print where to log in."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help=_("The host in the login address printed.")
        )
        parser.add_argument(
            "--port", default="8000", help=_("The port in the login address printed.")
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help=_("Make a new password for “admin” and print it."),
        )

    def handle(self, *args, host, port, reset_password, **options):
        login_url = admin_url(host, port)
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()

        if user is None:
            password = generate_password()
            user_model.objects.create_superuser(username=USERNAME, email="", password=password)
            self.show_password(_("Local administrator created."), login_url, password)
        elif reset_password:
            password = generate_password()
            user.set_password(password)
            # A reset is how a locked-out developer gets back in, so it also restores the rights.
            user.is_active = user.is_staff = user.is_superuser = True
            user.save()
            self.show_password(_("New password for the local administrator."), login_url, password)
        else:
            self.stdout.write(
                _(
                    "Log in at %(url)s with the username “%(username)s”.\n"
                    "The password was shown when the account was created. "
                    "Run `make admin-password` to get a new one."
                )
                % {"url": login_url, "username": USERNAME}
            )

    def show_password(self, heading, login_url, password):
        self.stdout.write(self.style.SUCCESS(heading))
        self.stdout.write(
            _(
                "  Log in at: %(url)s\n"
                "  Username:  %(username)s\n"
                "  Password:  %(password)s\n"
                "The password is shown only now. Run `make admin-password` to get a new one."
            )
            % {"url": login_url, "username": USERNAME, "password": password}
        )


def generate_password():
    """A fresh random password; there is deliberately no fixed default."""
    return secrets.token_urlsafe(18)


def admin_url(host, port):
    """The admin's address, with an IPv6 literal in brackets as URLs require."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/admin/"
