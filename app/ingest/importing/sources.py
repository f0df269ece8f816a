"""Where `gainsay import` finds its articles: files as given, folders (recursively) and zip
archives read in memory entry by entry (nothing is extracted to disk). Each article is a
`Source`, read only when its turn comes, or a `Refusal` saying why it is not read."""

import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from app.ingest.importing.decode import IMPORTABLE_SUFFIXES, unsupported
from app.ingest.importing.limits import READ_AT_MOST, article_too_large, human_size
from app.ingest.importing.results import Refusal, RefusalReason

MAX_ZIP_ENTRIES = 2_000
# What a zip may unpack to in all (a zip bomb claims little and unpacks to a lot).
MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """One file to import, read only when its turn comes."""

    name: str
    read: Callable[[], bytes | Refusal]


def _read_file(path: Path) -> bytes | Refusal:
    try:
        with path.open("rb") as handle:
            data = handle.read(READ_AT_MOST)
    except OSError as error:
        return Refusal(RefusalReason.failed, f"It could not be read: {error.strerror or error}.")
    if (too_large := article_too_large(len(data))) is None:
        return data
    # Say the file's whole size, not the part that was read.
    return article_too_large(path.stat().st_size) or too_large


def _unsafe_member(name: str) -> bool:
    """A zip entry whose path is absolute or climbs out of the archive ("../x", "C:\\x")."""
    if not name or "\x00" in name or name.startswith(("/", "\\")):
        return True
    if re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[\\/]", name)


def _zip_sources(path: Path, label: str) -> Iterator[Source | Refusal]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield Refusal(RefusalReason.archive, f"It is not a readable zip archive ({error}).", label)
        return
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        archive.close()
        yield Refusal(
            RefusalReason.archive,
            f"The archive has {len(infos):,} entries; the most Gainsay reads is "
            f"{MAX_ZIP_ENTRIES:,}. Split it into smaller archives.",
            label,
        )
        return
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        archive.close()
        yield Refusal(
            RefusalReason.archive,
            f"The archive would unpack to {human_size(total)}; the most Gainsay reads is "
            f"{human_size(MAX_ZIP_TOTAL_BYTES)} (is it a zip bomb?). Nothing was read from it.",
            label,
        )
        return
    for info in infos:
        name = f"{label}/{info.filename}"
        if info.is_dir():
            continue
        if _unsafe_member(info.filename):
            yield Refusal(
                RefusalReason.unsafe_path,
                "Its path is absolute or leads out of the archive's folder; it was not read.",
                name,
            )
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            yield Refusal(RefusalReason.unsafe_path, "It is a symbolic link; not followed.", name)
            continue
        suffix = PurePosixPath(info.filename.replace("\\", "/")).suffix.lower()
        basename = PurePosixPath(info.filename.replace("\\", "/")).name
        if basename.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue  # hidden files and the Finder's resource forks are not articles
        if suffix == ".zip":
            yield Refusal(
                RefusalReason.archive, "Archives inside archives are not read; unpack it.", name
            )
            continue
        if suffix not in IMPORTABLE_SUFFIXES:
            yield Refusal(RefusalReason.unsupported, unsupported(suffix), name)
            continue
        if info.flag_bits & 0x1:
            yield Refusal(RefusalReason.archive, "It is encrypted; it was not read.", name)
            continue
        if (too_large := article_too_large(info.file_size, name)) is not None:
            yield too_large
            continue
        yield Source(name, _zip_reader(archive, info))


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes | Refusal]:
    def read() -> bytes | Refusal:
        try:
            with archive.open(info) as member:
                # Never trust the declared size.
                data = member.read(READ_AT_MOST)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            return Refusal(RefusalReason.archive, f"It could not be unpacked ({error}).")
        return article_too_large(len(data), unpacked=True) or data

    return read


def _folder_sources(root: Path) -> Iterator[Source | Refusal]:
    resolved_root = root.resolve()
    for folder, subfolders, files in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for filename in sorted(files):
            path = Path(folder) / filename
            if filename.startswith("."):
                continue
            suffix = path.suffix.lower()
            if suffix not in IMPORTABLE_SUFFIXES and suffix != ".zip":
                continue  # a folder's other files (images, notes) are not articles
            if path.is_symlink() and not path.resolve().is_relative_to(resolved_root):
                yield Refusal(
                    RefusalReason.unsafe_path,
                    "It is a link to a file outside the folder; not followed.",
                    str(path),
                )
                continue
            if suffix == ".zip":
                yield from _zip_sources(path, str(path))
            else:
                yield Source(str(path), partial(_read_file, path))


def iter_sources(paths: Iterable[Path]) -> Iterator[Source | Refusal]:
    """Every importable file under `paths`: files as given, folders recursively (by suffix,
    hidden files skipped) and zip archives read in memory, entry by entry."""
    for path in paths:
        label = str(path)
        if path.is_dir():
            yield from _folder_sources(path)
        elif not path.exists():
            yield Refusal(RefusalReason.failed, "There is no such file or folder.", label)
        elif path.suffix.lower() == ".zip":
            yield from _zip_sources(path, label)
        elif path.suffix.lower() not in IMPORTABLE_SUFFIXES:
            yield Refusal(
                RefusalReason.unsupported,
                f"Gainsay imports .txt, .md, .html files and .zip archives, not "
                f"{path.suffix or 'files without a suffix'}.",
                label,
            )
        else:
            yield Source(label, partial(_read_file, path))
