"""A database made before the taxonomies and the API's stored models moved out of the home app
migrates forward with nothing lost: the public API answers as it did, with only additions.

The database (SQLite) was made by the code of main before the move (commit eab5ddf):
``migrate``, ``load_troms_content``, then an editor's draft of a topic page, a published edit of a
scheme and an edited region. ``answers.py`` recorded what the API answered from it then.
"""

import json
import lzma
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

HERE = Path(__file__).parent
ROOT = Path(settings.BASE_DIR)


def runner(database):
    """A function that runs the project's code with ``database`` as its database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith(("_BASE_URL", "CACHE_URL")) and key != "DJANGO_SETTINGS_MODULE"
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "ALLOWED_HOSTS": "testserver",
    }

    def run(*args):
        result = subprocess.run(  # noqa: S603 -- the project's own code, fixed arguments
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """The old database, copied and migrated by today's code."""
    database = tmp_path_factory.mktemp("upgrade") / "db.sqlite3"
    database.write_bytes(
        lzma.decompress((HERE / "database-before-app-split.sqlite3.xz").read_bytes())
    )
    runner(database)("manage.py", "migrate", "--no-input")
    return database


@pytest.fixture
def migrated(migrated_database, tmp_path):
    """Runs code on a copy of the migrated database, which the test may change."""
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_database, database)
    return runner(database)


def answers(run):
    return json.loads(run("-m", "tests.upgrade.answers"))


def kept(before, after, where="answer"):
    """Every key, value and item of ``before`` is in ``after`` as it was: the API may have gained
    fields since the old database was made (additions are allowed), but nothing may be lost or
    changed."""
    if isinstance(before, dict):
        assert isinstance(after, dict), where
        for key, value in before.items():
            assert key in after, f"{where}: {key} is gone"
            kept(value, after[key], f"{where}.{key}")
    elif isinstance(before, list):
        assert isinstance(after, list) and len(after) == len(before), where
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            kept(old, new, f"{where}[{index}]")
    else:
        assert after == before, where


# The OpenAPI document is made from the code, not the database: it is checked by tests/api.
FROM_THE_CODE = {"/api/openapi.json"}


def test_the_api_answers_as_before_the_migration(migrated):
    before = json.loads(lzma.decompress((HERE / "answers-before-app-split.json.xz").read_bytes()))

    after = answers(migrated)

    assert after.keys() == before.keys()
    for key in before.keys() - FROM_THE_CODE:
        kept(before[key], after[key], key)


def test_a_lost_field_fails_the_comparison():
    before = {"items": [{"id": 3, "meta": {"type": "schemes.SchemePage"}, "title": "BIO"}]}

    kept(
        before,
        {"items": [{"id": 3, "meta": {"type": "schemes.SchemePage"}, "title": "BIO", "new": 1}]},
    )
    with pytest.raises(AssertionError):
        kept(before, {"items": [{"id": 3, "meta": {}, "title": "BIO"}]})
    with pytest.raises(AssertionError):
        kept(before, {"items": [{"id": 3, "meta": {"type": "schemes.SchemePage"}, "title": "Bio"}]})


def test_the_editors_draft_and_revisions_survive(migrated):
    after = answers(migrated)

    assert after["drafts"] == [[4, "Attraktive samfunn (utkast)"]]
    assert after["revisions"] == 20


def test_no_migration_is_pending_and_the_moved_models_keep_their_rows(migrated):
    out = migrated(
        "manage.py",
        "shell",
        "-v0",
        "-c",
        "from taxonomy.models import Region, Municipality; "
        "from headless.models import PageDocument, PageDocumentReference; "
        "print(Region.objects.count(), Municipality.objects.count(), "
        "PageDocument.objects.count(), "
        "PageDocumentReference.objects.filter(target__startswith='home.').count())",
    )

    assert out.split() == ["4", "21", "14", "0"]
    assert "No changes detected" in migrated("manage.py", "makemigrations", "--check", "--dry-run")


def test_a_renamed_region_still_rebuilds_the_pages_that_show_it(migrated):
    # The stored documents name what they show by model label; the labels moved with the models.
    migrated(
        "manage.py",
        "shell",
        "-v0",
        "-c",
        "from taxonomy.models import Region; "
        "region = Region.objects.get(slug='midt-troms'); region.name = 'Omdøpt region'; "
        "region.save()",
    )
    # The pages that show the region are queued for the background worker, which rebuilds them.
    migrated("manage.py", "db_worker", "--batch", "--no-startup-delay")

    after = answers(migrated)

    shown = [
        key
        for key, answer in after.items()
        if "Omdøpt region" in json.dumps(answer, ensure_ascii=False)
    ]
    assert {"/api/v2/pages/5/", "/api/v2/pages/7/", "/api/v2/pages/8/"} <= set(shown)
    # The old name may stay in the page's own text, but no longer as the region's.
    assert '"name": "Midt-Troms"' not in json.dumps(after["/api/v2/pages/5/"], ensure_ascii=False)
