"""All final presentations of a meeting as one archive."""

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from portal.generation import ProgressCallback


@dataclass(frozen=True)
class ZipEntry:
    name: str  # the name inside the archive
    open: Callable[[], BinaryIO]


def build_presentations_zip(
    entries: list[ZipEntry], target: Path, progress: ProgressCallback
) -> None:
    """Copy each file into the archive in chunks: presentations can be large, and they are
    already compressed, so they are stored rather than compressed again."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for number, entry in enumerate(entries, start=1):
            with entry.open() as source, archive.open(entry.name, "w", force_zip64=True) as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
            progress(round(number * 100 / len(entries)))
