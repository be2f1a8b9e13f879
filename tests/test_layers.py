"""The apps' layers and the absence of import cycles are checked (import-linter, `make lint`),
and the check fails on an import that breaks them."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


@pytest.fixture
def project(tmp_path):
    """A copy of the apps' code and the contracts, to add imports to."""
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(directory):
    return subprocess.run(  # noqa: S603 -- the installed lint-imports, fixed arguments
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )


def add_lines(path, text):
    path.write_text(path.read_text() + text)


def test_every_app_is_named_in_the_contracts():
    ours = {name for name in settings.INSTALLED_APPS if (ROOT / name / "apps.py").exists()}
    assert ours == set(APPS)


def test_the_apps_keep_their_layers_and_have_no_cycles(project):
    result = lint_imports(project)
    assert result.returncode == 0, result.stdout


def test_an_import_from_a_higher_layer_breaks_the_build(project):
    # The API machinery may not know the page types built on it.
    add_lines(project / "headless" / "api.py", "\nfrom home.models import HomePage  # noqa\n")

    result = lint_imports(project)

    assert result.returncode == 1
    assert "headless.api -> home.models" in result.stdout


def test_an_import_between_apps_of_one_layer_breaks_the_build(project):
    add_lines(project / "taxonomy" / "models.py", "\nfrom headless import notify  # noqa\n")

    result = lint_imports(project)

    assert result.returncode == 1
    assert "taxonomy.models -> headless.notify" in result.stdout


def test_an_import_cycle_inside_an_app_breaks_the_build_even_when_lazy(project):
    # The document store imports the change notices; a notice importing the store back closes
    # a cycle, even inside a function.
    add_lines(
        project / "headless" / "notify.py",
        "\n\ndef build():\n    from .documents import build_payload  # noqa\n",
    )

    result = lint_imports(project)

    assert result.returncode == 1
    assert "No cycles are allowed in headless" in result.stdout
