"""`manage.py backup` and `restore`: a whole site there and back, answering the API the same.

Each site lives in its own database and media folder, worked on by `manage.py` in subprocesses,
as an operator runs the commands: SQLite files here, and on PostgreSQL (when the suite runs on
it) databases made next to the suite's own.
"""

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = secrets.token_urlsafe(50)

# Everything the issue names: pages, revisions, a draft, a page in review, an image used on a
# published page (with its renditions), a document, people and taxonomies (the loader's),
# submissions, a synonym and an editor.
BUILD_SITE = """
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from schemes.models import ProgrammePage, SchemePage
from search.models import Synonym
from strategy.choices import FeedbackState
from strategy.models import FeedbackFormPage, FeedbackSubmission

editor = get_user_model().objects.create_superuser("redaktor", "redaktor@example.no", "x")
picture = BytesIO()
PILImage.new("RGB", (1200, 800), "teal").save(picture, "JPEG")
image = get_image_model().objects.create(
    title="Senja", description="Fjell på Senja", file=ContentFile(picture.getvalue(), "senja.jpg")
)
get_document_model().objects.create(
    title="Søknadsskjema", file=ContentFile(b"%PDF-1.4 soknad", "soknad.pdf")
)
scheme = SchemePage.objects.get(slug="bredband")
scheme.body = [("image", {"image": image, "caption": "Senja"})]
scheme.save_revision(user=editor).publish(user=editor)
scheme = SchemePage.objects.get(slug="bredband")
scheme.summary = "Et utkast som ikke er publisert."
scheme.save_revision(user=editor)
programme = ProgrammePage.objects.get(slug="gnist")
programme.summary = "Til godkjenning."
programme.save_revision(user=editor)
programme.get_workflow().start(programme, editor)
box = FeedbackFormPage.objects.get()
box.state = FeedbackState.OPEN
box.save_revision(user=editor).publish(user=editor)
for text in ["Mer reiseliv.", "Bedre bredbånd i Nord-Troms."]:
    FeedbackSubmission.objects.create(page=box, form_data={"innspill": text})
Synonym.objects.create(terms="bredbånd\\nfiber", note="Fra testen")
"""

# What the restore must bring back, as rows and as states a person sees in the admin.
DESCRIBE_SITE = """
import json

from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, WorkflowState

from taxonomy.models import Municipality, Region, Topic
from people.models import Person
from schemes.models import SchemePage
from search.models import Synonym
from strategy.models import FeedbackFormPage, FeedbackSubmission

Image = get_image_model()
print(json.dumps({
    "pages": list(Page.objects.order_by("path").values_list("id", "path", "title", "live")),
    "revisions": Revision.objects.count(),
    "drafts": sorted(p.pk for p in Page.objects.filter(has_unpublished_changes=True)),
    "draft": SchemePage.objects.get(slug="bredband").get_latest_revision_as_object().summary,
    "in review": list(WorkflowState.objects.filter(status="in_progress").values_list(
        "object_id", "current_task_state__status")),
    "images": list(Image.objects.values_list("title", "file", "file_hash")),
    "renditions": sorted(Image.get_rendition_model().objects.values_list("file", flat=True)),
    "documents": list(get_document_model().objects.values_list("title", "file")),
    "people": list(Person.objects.order_by("pk").values_list("name", "email")),
    "taxonomies": [Region.objects.count(), Municipality.objects.count(), Topic.objects.count()],
    "submissions": list(FeedbackSubmission.objects.order_by("pk").values_list("form_data")),
    "feedback box": FeedbackFormPage.objects.get().state,
    "synonyms": list(Synonym.objects.values_list("terms", flat=True)),
    "users": list(get_user_model().objects.values_list("username", "password")),
}, default=str))
"""

# The public API, as the county site reads it: every answer's status and exact bytes.
READ_API = """
import json

from django.test import Client

client = Client(HTTP_HOST="localhost")
answers = {}

def get(url):
    response = client.get(url)
    answers[url] = [response.status_code, response.content.decode()]
    return response

pages = json.loads(get("/api/v2/pages/?limit=100").content)["items"]
for page in pages:
    get(f"/api/v2/pages/{page['id']}/")
for endpoint in ["images", "documents"]:
    for item in json.loads(get(f"/api/v2/{endpoint}/").content)["items"]:
        get(f"/api/v2/{endpoint}/{item['id']}/")
for url in [
    "/api/v2/people/",
    "/api/v2/schemes/",
    "/api/v2/search/?q=bredb%C3%A5nd",
    "/api/v2/search/?q=fiber",
    "/api/v2/pages/find/?html_path=/attraktive-samfunn/bredband/",
]:
    get(url)
print(json.dumps(answers, ensure_ascii=False))
"""


class Site:
    """One installation: a database and a media folder, managed through `manage.py`."""

    def __init__(self, database_url, media_root):
        self.database_url = database_url
        self.media_root = Path(media_root)
        self.media_root.mkdir(parents=True, exist_ok=True)

    def manage(self, *arguments, check=True):
        result = subprocess.run(  # noqa: S603 -- the project's own manage.py, fixed arguments
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT_ROOT,
            env={
                "PATH": os.environ.get("PATH", ""),
                "LANG": "C.UTF-8",
                "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
                "SECRET_KEY": SECRET_KEY,
                "DATABASE_URL": self.database_url,
                "MEDIA_ROOT": str(self.media_root),
            },
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def shell(self, script):
        return self.manage("shell", "-v0", "-c", script).stdout

    def build(self):
        self.manage("migrate", "--no-input", "-v0")
        self.manage("load_troms_content", "-v0")
        self.shell(BUILD_SITE)

    def description(self):
        return json.loads(self.shell(DESCRIBE_SITE))

    def api(self):
        return json.loads(self.shell(READ_API))

    def media(self):
        return {
            path.relative_to(self.media_root).as_posix(): hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
            for path in sorted(self.media_root.rglob("*"))
            if path.is_file()
        }


def sqlite_site(folder, name):
    return Site(f"sqlite:///{folder / f'{name}.sqlite3'}", folder / f"{name}-media")


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """A site with content, its backup, and how it looked and answered when backed up."""
    folder = tmp_path_factory.mktemp("backup")
    site = sqlite_site(folder, "original")
    site.build()
    archive = folder / "troms.tar.gz"
    output = site.manage("backup", str(archive)).stdout
    return {
        "site": site,
        "archive": archive,
        "output": output,
        "description": site.description(),
        "api": site.api(),
        "media": site.media(),
    }


def assert_restored_as(site, original):
    assert site.description() == original["description"]
    assert site.media() == original["media"]
    api = site.api()
    assert api.keys() == original["api"].keys()
    for url, answer in original["api"].items():
        assert api[url] == answer, url


def test_the_archive_holds_the_database_the_media_and_a_manifest(original):
    with tarfile.open(original["archive"]) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        header = archive.extractfile("database.sqlite3").read(100)

    assert original["archive"].stat().st_mode & 0o777 == 0o600
    assert names[0] == "database.sqlite3"
    # One file on its own, though the site's database keeps a write-ahead log beside it.
    # Bytes 18 and 19 of the header are 1 for a rollback journal, 2 for a write-ahead log.
    assert header[18:20] == bytes([1, 1])
    assert names[-1] == "manifest.json"
    assert {f"media/{name}" for name in original["media"]} == set(names[1:-1])
    assert any(name.startswith("media/images/") for name in names)  # renditions
    assert any(name.startswith("media/documents/") for name in names)
    assert manifest["versions"]["database"]["vendor"] == "sqlite"
    assert {"python", "django", "wagtail"} <= manifest["versions"].keys()
    assert manifest["counts"]["strategy.FeedbackSubmission"]["rows"] == 2
    assert manifest["counts"]["wagtailimages.Rendition"]["rows"] == 3
    assert set(manifest["files"]) == set(names[:-1])
    assert ["cms", "0001_shared_cache_table"] in manifest["migrations"]


def test_a_restore_into_an_empty_database_with_fresh_media_answers_the_api_as_before(
    original, tmp_path
):
    site = sqlite_site(tmp_path, "restored")

    result = site.manage("restore", str(original["archive"]))

    assert "Restored" in result.stdout or "Gjenopprettet" in result.stdout
    assert_restored_as(site, original)


def test_a_restore_into_a_migrated_database_answers_the_api_as_before(original, tmp_path):
    site = sqlite_site(tmp_path, "migrated")
    site.manage("migrate", "--no-input", "-v0")

    site.manage("restore", str(original["archive"]))

    assert_restored_as(site, original)


def test_a_database_with_content_is_replaced_only_when_told(original, tmp_path):
    site = sqlite_site(tmp_path, "busy")
    site.manage("migrate", "--no-input", "-v0")
    site.manage("load_troms_content", "-v0")
    site.shell("from search.models import Synonym; Synonym.objects.create(terms='kun\\nher')")
    before = site.description()

    refused = site.manage("restore", str(original["archive"]), check=False)

    assert refused.returncode != 0
    assert "--replace" in refused.stderr
    assert site.description() == before

    site.manage("restore", "--replace", str(original["archive"]))

    assert_restored_as(site, original)


def test_a_backup_into_a_missing_folder_fails_with_a_message(original, tmp_path):
    result = original["site"].manage("backup", str(tmp_path / "missing" / "x.tar.gz"), check=False)

    assert result.returncode != 0
    assert "missing does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_archive_is_refused_before_anything_changes(original, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    with (
        tarfile.open(original["archive"]) as source,
        tarfile.open(damaged, "w:gz") as target,
    ):
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("media/documents/"):
                data = data.replace(b"soknad", b"endret")
            target.addfile(member, fileobj=io.BytesIO(data))
    site = sqlite_site(tmp_path, "target")
    site.manage("migrate", "--no-input", "-v0")

    result = site.manage("restore", str(damaged), check=False)

    assert result.returncode != 0
    assert "wrong checksum ['media/documents/" in result.stderr
    assert site.media() == {}
    assert site.shell("from wagtail.models import Page; print(Page.objects.count())") == "2\n"


# PostgreSQL ---------------------------------------------------------------------------------------

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
on_postgresql = pytest.mark.skipif(
    not SUITE_DATABASE.startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL only: set DATABASE_URL to a PostgreSQL server whose role may create "
    "databases",
)


@pytest.fixture
def postgres_databases():
    """Two scratch databases on the suite's server, dropped afterwards."""
    parts = urlsplit(SUITE_DATABASE)
    base = parts.path.lstrip("/").replace("-", "_")
    names = [f"{base}_backup_original", f"{base}_backup_restored"]
    server = urlunsplit(parts._replace(path="/postgres"))

    def drop_all(connection):
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    with psycopg.connect(server, autocommit=True) as connection:
        drop_all(connection)
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    with psycopg.connect(server, autocommit=True) as connection:
        drop_all(connection)


@on_postgresql
def test_a_postgresql_site_is_restored_into_an_empty_database_answering_the_same(
    postgres_databases, tmp_path
):
    original = Site(postgres_databases[0], tmp_path / "original-media")
    original.build()
    archive = tmp_path / "troms.tar.gz"
    original.manage("backup", str(archive))
    restored = Site(postgres_databases[1], tmp_path / "restored-media")

    restored.manage("restore", str(archive))

    with tarfile.open(archive) as opened:
        assert opened.getnames()[0] == "database.pgdump"
    assert_restored_as(
        restored,
        {"description": original.description(), "api": original.api(), "media": original.media()},
    )
    # Once more over itself: a database with content is replaced only with --replace.
    assert restored.manage("restore", str(archive), check=False).returncode != 0
    restored.manage("restore", "--replace", str(archive))
    assert restored.description() == original.description()
