import json
from pathlib import Path

import httpx
import pytest

from portal.keyfigures.client import KoladaClient
from portal.keyfigures.imports import key_figure_values_import, key_figures_seed_starter
from portal.models import KoladaImport
from tests.netguard import refuse_outside_network  # noqa: F401 - autouse in this package

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


class Recorder:
    """Serves recorded Kolada answers by URL path; remembers every request."""

    def __init__(self):
        self.routes: dict[str, list] = {}
        self.requests: list[httpx.Request] = []

    def add(self, path: str, *answers) -> None:
        self.routes.setdefault(path, []).extend(answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = request.url.path + (f"?{request.url.query.decode()}" if request.url.query else "")
        answers = self.routes.get(key) or self.routes.get(request.url.path)
        if answers is None:
            answers = next(
                (found for path, found in self.routes.items() if request.url.path.startswith(path)),
                None,
            )
        if not answers:
            return httpx.Response(404, json={"error": "not recorded"})
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)


@pytest.fixture
def kolada():
    """A recorder and a client on it that never sleeps; the sleeps are kept for assertions."""
    recorder = Recorder()
    sleeps: list[float] = []
    client = KoladaClient(transport=httpx.MockTransport(recorder), sleep=sleeps.append)
    recorder.client, recorder.sleeps = client, sleeps
    return recorder


@pytest.fixture
def valued(cohort_world):
    """The cohort world with the starter key figures and recorded values, some of them missing."""
    key_figures_seed_starter()
    pages = [recorded(f"data_population_page{n}.json") for n in (1, 2, 3)]
    key_figure_values_import(payload=pages, source=KoladaImport.Source.COMMAND)
    key_figure_values_import(
        payload=recorded("data_missing_values.json"), source=KoladaImport.Source.COMMAND
    )
    return cohort_world
