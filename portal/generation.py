"""One mechanism for files built in the background: apps register a generator for a kind;
a request reuses a file built from the same data, or queues a Celery task that builds it
while the page shows progress."""

import hashlib
import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation

from .celery import queue_task
from .models import GeneratedFile, User

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class BuiltFile:
    path: Path
    filename: str
    content_type: str


class BuildError(Exception):
    """A problem the person can understand and act on; its message is shown as is."""


@dataclass(frozen=True)
class Generator:
    kind: str
    # The digest of everything the file is built from: equal digests reuse the file.
    fingerprint: Callable[[dict], str]
    # Writes the file into the given folder, reporting progress 0–100.
    build: Callable[[dict, Path, ProgressCallback], BuiltFile]
    # Whether the person may request and download it (objects they may not see: False).
    can_access: Callable[[User, dict], bool]


_REGISTRY: dict[str, Generator] = {}


def register(generator: Generator) -> None:
    _REGISTRY[generator.kind] = generator


def generator_for(kind: str) -> Generator:
    return _REGISTRY[kind]


def digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def generated_file_request(*, kind: str, parameters: dict, by: User) -> GeneratedFile:
    """The file for these inputs: an existing one built from the same data, or a new build."""
    generator = generator_for(kind)
    fingerprint = digest(kind, parameters, generator.fingerprint(parameters))
    with transaction.atomic():
        existing = (
            GeneratedFile.objects.select_for_update()
            .filter(kind=kind, fingerprint=fingerprint)
            .exclude(status=GeneratedFile.Status.FAILED)
            .order_by("-created_at")
            .first()
        )
        if existing:
            return existing
        generated = GeneratedFile.objects.create(
            kind=kind, parameters=parameters, fingerprint=fingerprint, requested_by=by
        )
        _queue(generated.pk)
    return generated


def generated_file_retry(*, generated: GeneratedFile, by: User) -> GeneratedFile:
    return generated_file_request(kind=generated.kind, parameters=generated.parameters, by=by)


def generated_files_waiting_ids(older_than_seconds: int = 120) -> list[int]:
    """Builds still pending a while after they were asked for: the broker was down then."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        GeneratedFile.objects.filter(status=GeneratedFile.Status.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:200]
    )


def _queue(generated_id: int) -> None:
    def hand_over():
        try:
            queue_task("portal.tasks.task_build_generated_file", generated_id)
        except Exception:  # the broker is down: the sweep job queues it again
            logger.warning("Broker unavailable; file %s waits", generated_id, exc_info=True)

    transaction.on_commit(hand_over)


def generated_file_build(*, generated_id: int) -> None:
    """Build one file; safe to run twice (a finished file is left alone)."""
    with transaction.atomic():
        generated = (
            GeneratedFile.objects.select_for_update()
            .filter(
                pk=generated_id,
                status__in=[GeneratedFile.Status.PENDING, GeneratedFile.Status.RUNNING],
            )
            .first()
        )
        if generated is None:
            return
        generated.status = GeneratedFile.Status.RUNNING
        generated.save(update_fields=["status"])

    def progress(percent: int) -> None:
        GeneratedFile.objects.filter(pk=generated_id).update(progress=max(0, min(100, percent)))

    with tempfile.TemporaryDirectory() as folder:
        try:
            built = generator_for(generated.kind).build(
                generated.parameters, Path(folder), progress
            )
        except BuildError as problem:
            _fail(generated_id, str(problem))
            return
        except Exception:
            logger.exception("Building %s failed", generated_id)
            _fail(generated_id, "")
            return
        with built.path.open("rb") as handle:
            generated.file.save(built.filename, File(handle), save=False)
    GeneratedFile.objects.filter(pk=generated_id).update(
        file=generated.file.name,
        filename=built.filename,
        content_type=built.content_type,
        status=GeneratedFile.Status.READY,
        progress=100,
        finished_at=timezone.now(),
        error="",
    )


def _fail(generated_id: int, message: str) -> None:
    GeneratedFile.objects.filter(pk=generated_id).update(
        status=GeneratedFile.Status.FAILED, error=message, finished_at=timezone.now()
    )


def document_generator(
    *,
    kind: str,
    collect: Callable[[dict], object],
    build: Callable[[object], bytes],
    filename: Callable[[object], str],
    content_type: str,
    can_access: Callable[[User, dict], bool],
    revision: int = 1,
) -> Generator:
    """A generator for a document made by a pure builder from one dataclass that `collect`
    fills. The fingerprint is the digest of that data itself, so any change to what the document
    shows builds it anew and nothing else does; raise `revision` when the layout changes. Both
    run in the portal's language (Swedish), whoever asks."""

    def fingerprint(parameters: dict) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return digest(revision, asdict(collect(parameters)))

    def build_file(parameters: dict, folder: Path, progress: ProgressCallback) -> BuiltFile:
        with translation.override(settings.LANGUAGE_CODE):
            data = collect(parameters)
            progress(30)
            content = build(data)
            name = filename(data)
        progress(90)
        target = folder / "document"
        target.write_bytes(content)
        return BuiltFile(path=target, filename=name, content_type=content_type)

    return Generator(kind=kind, fingerprint=fingerprint, build=build_file, can_access=can_access)
