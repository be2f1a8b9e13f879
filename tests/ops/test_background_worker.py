"""The background worker as it runs beside the server: `manage.py db_worker`, its own process."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

BUILD = """
from wagtail.models import Page, Site
from home.models import HomePage, TopicPage
from people.models import Person
from schemes.models import SchemePage

root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Troms", slug="troms"))
Site.objects.update_or_create(
    is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
)
Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
home.save_revision().publish()
topic = home.add_child(instance=TopicPage(title="Næring", slug="naering", lead="Ingress"))
topic.save_revision().publish()
person = Person.objects.create(name="Kari Nordmann", email="kari@example.no")
for number in range(3):
    scheme = topic.add_child(instance=SchemePage(
        title=f"Ordning {number}", slug=f"ordning-{number}", summary="Tilskudd.",
        contacts=[("contact", {"person": person, "note": ""})],
    ))
    scheme.save_revision().publish()
person.name = "Kari Nordmann Olsen"
person.save()
"""

READ = """
import json
from django.test import Client
from headless.models import StaleDocument
from schemes.models import SchemePage

client = Client(HTTP_HOST="localhost")
shown = [
    "Kari Nordmann Olsen" in client.get(f"/api/v2/pages/{pk}/").content.decode()
    for pk in SchemePage.objects.order_by("pk").values_list("pk", flat=True)
]
print(json.dumps({"shown": shown, "waiting": StaleDocument.objects.count()}))
"""


def manage(variables, *arguments, timeout=300):
    return subprocess.run(  # noqa: S603 - the project's own manage.py, fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env=variables,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    ).stdout


def test_the_worker_process_rebuilds_every_page_showing_a_saved_person(tmp_path):
    variables = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        # The embedded default: SQLite and the database task backend.
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage(variables, "migrate", "--no-input", "-v0")
    manage(variables, "shell", "-v0", "-c", BUILD)

    before = json.loads(manage(variables, "shell", "-v0", "-c", READ))
    assert before == {"shown": [False, False, False], "waiting": 3}

    manage(
        variables, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0", timeout=120
    )

    after = json.loads(manage(variables, "shell", "-v0", "-c", READ))
    assert after == {"shown": [True, True, True], "waiting": 0}


HIDE = """
from wagtail.models import Page, Site
from home.models import HomePage, TopicPage
from schemes.models import SchemePage

root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Troms", slug="troms"))
Site.objects.update_or_create(
    is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
)
Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
home.save_revision().publish()
topic = home.add_child(instance=TopicPage(title="Næring", slug="naering", lead="Ingress"))
topic.save_revision().publish()
shown = home.add_child(instance=TopicPage(title="Hemmelig satsing", slug="satsing", lead="-"))
shown.save_revision().publish()
for number in range(3):
    scheme = topic.add_child(instance=SchemePage(
        title=f"Ordning {number}", slug=f"ordning-{number}", summary="Tilskudd.",
        related_links=[("link", {"title": "Les mer", "page": shown, "url": ""})],
    ))
    scheme.save_revision().publish()
Page.objects.get(slug="satsing").specific.unpublish()
"""

READ_HIDDEN = """
import json
from django.test import Client
from headless.models import PageDocument, StaleDocument
from schemes.models import SchemePage

client = Client(HTTP_HOST="localhost")
ids = list(SchemePage.objects.order_by("pk").values_list("pk", flat=True))
answers = [client.get(f"/api/v2/pages/{pk}/").content.decode() for pk in ids] + [
    client.get(path).content.decode()
    for path in (
        "/api/v2/pages/?type=schemes.SchemePage&fields=*",
        "/api/v2/schemes/",
        "/api/v2/search/?q=satsing",
    )
]
stored = PageDocument.objects.filter(page_id__in=ids).values_list("payload", flat=True)
print(json.dumps({
    "answers_naming_it": sum("Hemmelig" in answer for answer in answers),
    "stored_naming_it": sum("Hemmelig" in payload for payload in stored),
    "withheld": StaleDocument.objects.filter(withheld=True).count(),
}))
"""


def test_the_worker_process_rebuilds_the_pages_showing_a_page_unpublished_meanwhile_withheld(
    tmp_path,
):
    variables = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage(variables, "migrate", "--no-input", "-v0")
    manage(variables, "shell", "-v0", "-c", HIDE)

    # The stored documents still name the page; no answer does.
    before = json.loads(manage(variables, "shell", "-v0", "-c", READ_HIDDEN))
    assert before == {"answers_naming_it": 0, "stored_naming_it": 3, "withheld": 3}

    manage(
        variables, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0", timeout=120
    )

    after = json.loads(manage(variables, "shell", "-v0", "-c", READ_HIDDEN))
    assert after == {"answers_naming_it": 0, "stored_naming_it": 0, "withheld": 0}
