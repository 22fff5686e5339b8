"""Atomic file writes: a file is either the old one or the complete new one, never a truncated mix.

Every writer of the package (workbooks, CSV tables, saved results, reports) writes into a
temporary file beside the target and renames it over the target only when the write succeeded."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path"]


def _mode() -> int:
    """The permission bits an ordinary ``open(path, "w")`` would give (``0o666`` less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on error it is
    removed.

    Examples
    --------
    >>> from peaceplan._atomic import atomic_path
    >>> with atomic_path("note.txt") as tmp:
    ...     _ = tmp.write_text("complete")
    >>> open("note.txt").read()
    'complete'
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
