"""Make sure a developer can log in to a local copy: `make run` and `make admin-password`."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"

# What this command prints is read by the developer at the terminal before `runserver` starts,
# not shown in the admin, so it is plain Norwegian rather than a translatable message.


class Command(BaseCommand):
    help = (
        "Oppretter den lokale superbrukeren «admin» med et tilfeldig passord hvis den mangler, "
        "og skriver ut hvor du logger inn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="Verten i innloggingsadressen som skrives ut."
        )
        parser.add_argument(
            "--port", default="8000", help="Porten i innloggingsadressen som skrives ut."
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Lag et nytt passord for «admin» og skriv det ut.",
        )

    def handle(self, *args, host, port, reset_password, **options):
        login_url = admin_url(host, port)
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()

        if user is None:
            password = generate_password()
            user_model.objects.create_superuser(username=USERNAME, email="", password=password)
            self.show_password("Lokal administrator opprettet.", login_url, password)
        elif reset_password:
            password = generate_password()
            user.set_password(password)
            # A reset is how a locked-out developer gets back in, so it also restores the rights.
            user.is_active = user.is_staff = user.is_superuser = True
            user.save()
            self.show_password("Nytt passord for den lokale administratoren.", login_url, password)
        else:
            self.stdout.write(
                f"Logg inn på {login_url} med brukernavnet «{USERNAME}».\n"
                "Passordet ble vist da kontoen ble opprettet. "
                "Kjør `make admin-password` for å få et nytt."
            )

    def show_password(self, heading, login_url, password):
        self.stdout.write(self.style.SUCCESS(heading))
        self.stdout.write(
            f"  Logg inn på: {login_url}\n"
            f"  Brukernavn:  {USERNAME}\n"
            f"  Passord:     {password}\n"
            "Passordet vises bare nå. Kjør `make admin-password` for å få et nytt."
        )


def generate_password():
    """A fresh random password; there is deliberately no fixed default."""
    return secrets.token_urlsafe(18)


def admin_url(host, port):
    """The admin's address, with an IPv6 literal in brackets as URLs require."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/admin/"
