"""All final presentations of a meeting as one archive."""

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from portal.generation import ProgressCallback

from ..calendar import STOCKHOLM


@dataclass(frozen=True)
class ZipEntry:
    name: str  # the name inside the archive
    open: Callable[[], BinaryIO]
    modified: datetime | None = None  # timezone-aware: when the file was uploaded


def build_presentations_zip(
    entries: list[ZipEntry], target: Path, progress: ProgressCallback
) -> None:
    """Copy each file into the archive in chunks: presentations can be large, and they are
    already compressed, so they are stored rather than compressed again."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for number, entry in enumerate(entries, start=1):
            info = _zip_info(entry)
            with entry.open() as source, archive.open(info, "w", force_zip64=True) as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
            progress(round(number * 100 / len(entries)))


def _zip_info(entry: ZipEntry) -> zipfile.ZipInfo:
    """The entry dated with its upload time, so an unpacked file shows when it was sent (a bare
    name would be dated 1980-01-01). ZIP stores wall-clock time without a zone, so the time is
    written as it was in Stockholm, where the people who open the archive are."""
    if entry.modified is None:
        return zipfile.ZipInfo(entry.name)
    local = entry.modified.astimezone(STOCKHOLM)
    return zipfile.ZipInfo(entry.name, date_time=local.timetuple()[:6])
