"""The lock files: what every install path installs, exactly and with hashes."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("requirements.lock", "requirements-dev.lock", "requirements-tools.lock")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)


def lock_entries(name: str) -> dict[str, str]:
    """Each pinned requirement of a lock file with the lines that belong to it."""
    text = (ROOT / name).read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            entries[canonicalize_name(match[1])] = block
    return entries


@pytest.mark.parametrize("name", LOCKS)
def test_every_pin_of_every_lock_carries_hashes(name):
    entries = lock_entries(name)
    assert entries, f"{name} pins nothing"
    for package, block in entries.items():
        assert "--hash=sha256:" in block, f"{package} in {name} has no hash"


def test_the_virtualenv_holds_exactly_the_pins_of_the_dev_lock():
    pinned = {n: PIN.match(b)[2] for n, b in lock_entries("requirements-dev.lock").items()}
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    # The virtualenv's own installer is not a dependency of the portal.
    for bootstrap in ("pip", "setuptools", "wheel"):
        installed.pop(bootstrap, None)
        pinned.pop(bootstrap, None)
    assert installed == pinned

    # The same, as `make install` checks it: pip freeze against the lock.
    result = subprocess.run(
        [sys.executable, str(ROOT / "bin/check-lock"), "--installed", sys.executable],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"exactly the {len(pinned)} pins of requirements-dev.lock" in result.stdout


def test_the_runtime_lock_agrees_with_the_dev_lock():
    runtime = {n: PIN.match(b)[2] for n, b in lock_entries("requirements.lock").items()}
    dev = {n: PIN.match(b)[2] for n, b in lock_entries("requirements-dev.lock").items()}
    assert {n: dev.get(n) for n in runtime} == runtime


@pytest.fixture
def project_copy(tmp_path):
    """The files `make test`'s first step reads, in a folder of their own."""
    for name in ("Makefile", "pyproject.toml", *LOCKS):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin/check-lock", tmp_path / "bin/check-lock")
    return tmp_path


def make_test(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "test"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_lock_check_passes_on_the_project_as_it_is(project_copy):
    result = subprocess.run(
        ["make", "--no-print-directory", "lock-check"],
        cwd=project_copy,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # added
        ('"httpx>=0.28,<1",', '"httpx>=0.28,<1",\n    "requests>=2",', "requests"),
        # removed
        ('    "icalendar>=6,<8",\n', "", "icalendar"),
        # a range the locked version no longer satisfies
        ('"Django>=5.2,<5.3"', '"Django>=5.1,<5.2"', "Django"),
        # other extras
        ('"celery[redis]>=5.4,<6"', '"celery[redis,sqs]>=5.4,<6"', "celery"),
        # a test dependency
        (
            '"pytest-django>=4.9,<5",',
            '"pytest-django>=4.9,<5",\n    "pytest-randomly>=3",',
            "pytest-randomly",
        ),
    ],
    ids=["added", "removed", "range", "extras", "test-extra"],
)
def test_a_dependency_changed_without_relocking_stops_make_test_at_once(
    project_copy, old, new, said
):
    pyproject = project_copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert old in text
    pyproject.write_text(text.replace(old, new), encoding="utf-8")

    result = make_test(project_copy)

    assert result.returncode != 0
    assert "pyproject.toml and the lock files disagree" in result.stderr
    assert said in result.stderr
    assert "Run `make lock`" in result.stderr
    # It stopped before installing anything.
    assert not (project_copy / ".venv").exists()


def test_the_dockerfile_installs_the_runtime_lock_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = re.sub(r"\\\n", " ", dockerfile).splitlines()
    copies = [line.split()[1:] for line in instructions if line.startswith("COPY ")]
    assert ["requirements.lock", "./"] in copies

    pip_installs = [
        shlex.split(part)
        for line in instructions
        if line.startswith("RUN ")
        for part in line[4:].split("&&")
        if "pip install" in part
    ]
    assert pip_installs, "the Dockerfile installs no Python packages"
    for words in pip_installs:
        assert "--require-hashes" in words, words
        assert words[words.index("-r") + 1] == "requirements.lock", words
        # Nothing beside the lock: no package named on the command line, no editable install.
        rest = words[words.index("install") + 1 :]
        assert [w for w in rest if not w.startswith("-") and w != "requirements.lock"] == []


def test_the_compose_file_runs_every_role_from_that_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    roles = {
        name: s for name, s in compose["services"].items() if name in {"web", "worker", "beat"}
    }
    assert set(roles) == {"web", "worker", "beat"}
    for name, service in roles.items():
        assert service.get("build") == ".", f"{name} is not built from the Dockerfile"
        assert service.get("image") == "jamstalldhetsportalen:latest", name


def test_the_front_end_packages_are_pinned_and_locked_with_integrity_hashes():
    """The design system, htmx, Sass and the HTML checker: exact versions in package.json, and
    package-lock.json holds every package (theirs and what they need) with its hash, which
    `npm ci` (make assets, the Dockerfile) verifies."""
    import json

    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = manifest["devDependencies"]
    assert {"govuk-frontend", "htmx.org", "sass", "vnu-jar"} <= set(wanted)
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
        assert packages[f"node_modules/{name}"]["version"] == version, name
    assert packages, "package-lock.json lists no package"
    for path, entry in packages.items():
        assert entry.get("integrity", "").startswith("sha512-"), path
    assert lock["packages"][""]["devDependencies"] == wanted


def test_built_assets_are_not_committed():
    """static/build/ and node_modules/ are made by `make assets`, never committed."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "node_modules/" in ignored and "build/" in ignored


def test_production_collectstatic_finds_every_file_the_stylesheet_refers_to(tmp_path):
    """The production static storage (whitenoise's manifest) refuses a stylesheet whose url()
    points at a missing file: the build copies what the compiled theme refers to."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "collectstatic-check",
        "ALLOWED_HOSTS": "localhost",
        "HTTPS": "0",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DATABASE_URL", None)
    code = (
        "import django, sys; from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(tmp_path / 'static')!r}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "build/portal.css" in manifest["paths"]
    assert "build/govuk/assets/images/govuk-crest.svg" in manifest["paths"]
