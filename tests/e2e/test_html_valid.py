"""The Nu Html Checker (vnu-jar from the npm registry, run by Java from Debian) finds no error in
the HTML of any page: every page of every role (tests/e2e/pages.py), in Swedish and in English,
as the server sends it (the test client's response body, not the browser's DOM). The pages are
saved under test-artifacts/html/<language>/<role>/<URL name>.html and checked in one run."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import (
    LANGUAGES,
    PAGE_ROLES,
    client_for,
    count_line,
    demo_world,
    role_pages,
    table_notes,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTML_ARTIFACTS = ARTIFACTS / "html"


def nu_html_checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: `make test` installs Debian's default-jre-headless.")
    if not VNU.exists():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: `make assets` installs vnu-jar (npm ci).")
    return [java, "-jar", str(VNU)]


def check(folder: Path) -> list[dict]:
    """The checker's errors over every .html file under the folder (it reports on stderr)."""
    finished = subprocess.run(
        [*nu_html_checker(), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(finished.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"The checker did not answer in JSON ({finished.returncode}): {finished.stderr}"
        )


def checked_file(url: str) -> str:
    """The path of a file the checker names by its URL ("file:/…" or "file:///…")."""
    return "/" + url.removeprefix("file:").lstrip("/")


def grouped(errors: list[dict], saved: dict[str, str]) -> list[str]:
    """The errors by message (values in quotes left out), each with where it occurs."""
    by_message: dict[str, list[str]] = {}
    for error in errors:
        message = re.sub(r"“[^”]*”", "“…”", error["message"])
        where = saved.get(checked_file(error.get("url", "")), error.get("url", "?"))
        extract = (error.get("extract") or "").strip().replace("\n", " ")[:100]
        by_message.setdefault(message, []).append(
            f"{where} line {error.get('lastLine', '?')} [{extract}]"
        )
    return [
        f"{len(places)} × {message}\n    "
        + "\n    ".join(places[:6])
        + (f"\n    … and {len(places) - 6} more" if len(places) > 6 else "")
        for message, places in sorted(by_message.items(), key=lambda entry: -len(entry[1]))
    ]


def test_the_html_of_every_page_is_valid(settings, tmp_path, report_figure):
    people, objects = demo_world(settings, tmp_path)
    shutil.rmtree(HTML_ARTIFACTS, ignore_errors=True)
    problems, saved, by_role = [], {}, {}
    for role in PAGE_ROLES:
        found = by_role[role] = role_pages(role, people, objects)
        problems += [f"{role}: {problem}" for problem in found.problems]
        for language in LANGUAGES:
            # The Swedish pages were read when the list was made; English is read now.
            client = client_for(role, people, language) if language != "sv" else None
            for listed in found.pages:
                body = listed.body
                if client is not None:
                    response = client.get(listed.url)
                    if response.status_code != listed.status:
                        problems.append(
                            f"{role} {language} {listed.url}: answered {response.status_code}"
                        )
                        continue
                    body = response.content
                path = HTML_ARTIFACTS / language / role / f"{listed.slug}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(body)
                saved[str(path.resolve())] = f"{role} {language} {listed.url}"
    messages = check(HTML_ARTIFACTS)
    errors = [message for message in messages if message.get("type") == "error"]
    problems += grouped(errors, saved)
    report_figure(count_line(by_role))
    for found in by_role.values():
        for note in table_notes(found):
            report_figure(note)
    report_figure(
        f"Nu Html Checker: {len(saved)} files checked (every page of {len(PAGE_ROLES)} roles × "
        f"{len(LANGUAGES)} languages), {len(errors)} errors"
    )
    assert saved, "No page was saved."
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
