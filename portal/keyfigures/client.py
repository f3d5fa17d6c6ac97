"""A small client for Kolada's open REST API, version 3 (https://api.kolada.se/v3, no key).

It pages through `next_url`, splits municipality ids and years into batches the API accepts,
and retries politely (429, 5xx, timeouts) with exponential backoff, honouring Retry-After.
It only reads from Kolada; storing what it returns is the job of portal.keyfigures.imports."""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlsplit

import httpx

logger = logging.getLogger(__name__)

BASE_URL = "https://api.kolada.se/v3"
NATIONAL_CODE = "0000"  # Kolada's municipality id for Sweden as a whole
USER_AGENT = "Jamstalldhetsportalen/1.0 (+https://jamstalldhetsportalen.se/kontakt)"
BATCH_SIZE = 25  # municipality ids and years per request: longer lists are refused
PER_PAGE = 5000
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = {429, 500, 502, 503, 504}


class KoladaError(Exception):
    """Kolada could not be reached or answered something the client does not understand."""


def batched(items: Iterable[str], size: int = BATCH_SIZE) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class KoladaClient:
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        max_attempts: int = 4,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.sleep = sleep
        self.http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=5.0),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> "KoladaClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- Public reads ---------------------------------------------------------------------------

    def kpis(self, kpi_ids: Iterable[str]) -> list[dict]:
        """The KPI definitions (id, title, is_divided_by_gender, operating_area, ...)."""
        found: list[dict] = []
        for chunk in batched(sorted(set(kpi_ids))):
            for page in self.pages(f"{self.base_url}/kpi/{','.join(chunk)}"):
                found.extend(page["values"])
        return found

    def data(self, kpi_id: str, codes: Iterable[str], years: Iterable[int]) -> list[dict]:
        """Every page of values for one KPI, in batches of municipality ids and years."""
        pages = []
        year_list = [str(year) for year in sorted(set(years))]
        for code_chunk in batched(sorted(set(codes))):
            for year_chunk in batched(year_list):
                url = (
                    f"{self.base_url}/data/kpi/{kpi_id}/municipality/{','.join(code_chunk)}"
                    f"/year/{','.join(year_chunk)}"
                )
                pages.extend(self.pages(url))
        return pages

    def pages(self, url: str) -> Iterator[dict]:
        """Follow next_url until the last page; each page is one v3 envelope."""
        params: dict | None = {"per_page": PER_PAGE}
        seen = set()
        while url:
            if url in seen:
                raise KoladaError(f"Kolada sent the same next_url twice: {url}")
            seen.add(url)
            envelope = self._get(url, params)
            yield envelope
            url = envelope.get("next_url") or ""
            params = None  # next_url carries its own query string
            if url and urlsplit(url).netloc != urlsplit(self.base_url).netloc:
                raise KoladaError(f"Kolada's next_url points to another host: {url}")

    # --- Transport with retries -----------------------------------------------------------------

    def _get(self, url: str, params: dict | None) -> dict:
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self.http.get(url, params=params)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt == self.max_attempts:
                    raise KoladaError(f"Kolada did not answer: {exc!r}") from exc
                self._wait(attempt, None)
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.max_attempts:
                self._wait(attempt, response.headers.get("Retry-After"))
                continue
            if response.status_code != 200:
                raise KoladaError(f"Kolada answered HTTP {response.status_code} for {url}")
            try:
                envelope = response.json()
            except ValueError as exc:
                raise KoladaError(f"Kolada sent something that is not JSON for {url}") from exc
            if not isinstance(envelope, dict) or not isinstance(envelope.get("values"), list):
                raise KoladaError(f"Kolada's answer for {url} has no list of values")
            return envelope
        raise KoladaError(f"Kolada did not answer {url}")  # pragma: no cover - loop always returns

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * 2 ** (attempt - 1)
        if retry_after and retry_after.strip().isdigit():  # an HTTP date keeps the backoff
            delay = min(float(retry_after), MAX_RETRY_AFTER)
        logger.info("Kolada: retrying in %.1f s (attempt %s)", delay, attempt + 1)
        self.sleep(delay)


def get_client(**options) -> KoladaClient:
    """The client the portal uses; tests replace it with one on a recorded transport."""
    return KoladaClient(**options)
