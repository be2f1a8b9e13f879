"""The county site's view of the contract: types generated from the served OpenAPI document by
openapi-typescript, and the consumer in clients/typescript compiled against them with
``tsc --strict``. The consumer's type-level assertions fail when a field it reads is any,
unknown or never, or optional where every answer holds it.

The npm packages are installed with ``npm ci`` from the committed lock file into a cache outside
the repository (one folder per lock file), so a run after the first costs no download.
"""

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None,
        reason=(
            "Node.js and npm are not installed, so the TypeScript consumer in clients/typescript "
            "cannot be compiled (Debian: apt-get install nodejs npm; .ci/run installs them)"
        ),
    ),
]

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"
NPM_TIMEOUT = 600
COMPILE_TIMEOUT = 180


def run(command, cwd, timeout, env=None):
    return subprocess.run(  # noqa: S603 (fixed commands, no shell)
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def cache_folder():
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    manifest = (CLIENT / "package.json").read_bytes() + (CLIENT / "package-lock.json").read_bytes()
    key = hashlib.sha256(manifest).hexdigest()[:16]
    return Path(base) / "troms-naeringsportal" / "typescript-client" / key


@pytest.fixture(scope="session")
def node_modules():
    """The client's packages as its lock file pins them, installed once per lock file."""
    folder = cache_folder()
    installed = folder / "node_modules"
    if not (installed / "typescript" / "bin" / "tsc").exists():
        # Installed beside the final folder and moved into place, so that a run that stops
        # half-way leaves nothing that looks installed.
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f"{folder.name}.{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for name in ("package.json", "package-lock.json"):
            shutil.copy(CLIENT / name, staging / name)
        npm = shutil.which("npm")
        result = run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], staging, NPM_TIMEOUT
        )
        assert result.returncode == 0, f"npm ci failed:\n{result.stdout}\n{result.stderr}"
        if installed.exists():  # another run got there first
            shutil.rmtree(staging)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            staging.rename(folder)
    return installed


@pytest.fixture
def document(api_client):
    response = api_client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def compile_consumer(document, node_modules, folder):
    """Generate the types from ``document`` as the README says, then run tsc; its result."""
    work = folder / "client"
    shutil.copytree(
        CLIENT,
        work,
        ignore=shutil.ignore_patterns("node_modules", "generated", "openapi.json"),
    )
    (work / "node_modules").symlink_to(node_modules, target_is_directory=True)
    (work / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    npm = shutil.which("npm")
    generated = run(
        [npm, "run", "--silent", "generate"],
        work,
        COMPILE_TIMEOUT,
        env={"OPENAPI_DOCUMENT": "openapi.json"},
    )
    assert generated.returncode == 0, f"{generated.stdout}\n{generated.stderr}"
    assert (work / "src" / "generated" / "api.d.ts").exists()
    return run([npm, "run", "--silent", "check"], work, COMPILE_TIMEOUT)


def test_the_consumer_compiles_under_strict_against_the_served_document(
    document, node_modules, tmp_path
):
    result = compile_consumer(document, node_modules, tmp_path)
    assert result.returncode == 0, f"tsc --strict failed:\n{result.stdout}\n{result.stderr}"


def test_the_consumer_does_not_compile_when_a_field_it_reads_is_untyped(
    document, node_modules, tmp_path
):
    broken = copy.deepcopy(document)
    schemas = broken["components"]["schemas"]
    schemas["StaffMember"]["properties"]["name"] = {}
    schemas["schemesSchemePage"]["required"].remove("summary")
    result = compile_consumer(broken, node_modules, tmp_path)
    assert result.returncode != 0
    errors = [line for line in result.stdout.splitlines() if "error TS" in line]
    assert all(line.startswith("src/consumer.ts(") for line in errors), errors
    source = (CLIENT / "src" / "consumer.ts").read_text(encoding="utf-8").splitlines()
    failing = {source[int(re.match(r"src/consumer.ts\((\d+),", line)[1]) - 1] for line in errors}
    # Where the person's name is read (now unknown), and a scheme's summary read as a string
    # (now string | undefined); nowhere else.
    assert len(failing) == 2, errors
    assert any("member.name" in line for line in failing), failing
    assert any("page.summary" in line for line in failing), failing
