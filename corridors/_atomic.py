"""Atomic file output: a failed or interrupted write leaves no file behind."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .exceptions import DataError


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place on success.

    The temporary file keeps the suffix of ``path`` so that format drivers
    recognise it. On any exception, KeyboardInterrupt included, it is removed
    and ``path`` is left as it was. An operating-system error on either file
    (no permission, a read-only or full disk) is raised as a
    :class:`~corridors.exceptions.DataError` naming ``path``.

    Examples
    --------
    >>> with atomic_path("/proc/corridors.html") as tmp:
    ...     tmp.write_text("x")
    Traceback (most recent call last):
    corridors.exceptions.DataError: /proc/corridors.html: cannot write: No such file or directory

    """
    out = check_output(path)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp{out.suffix}")
    try:
        yield tmp
        os.replace(tmp, out)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and {exc.filename, exc.filename2} & {str(tmp), str(out)}:
            raise DataError(f"cannot write: {exc.strerror}", path=out) from exc
        raise


def check_output(path: str | Path) -> Path:
    """``path`` as a Path, if a file can be written there: not a directory, in one that exists.

    Commands check their output files this way before the work, so that bad
    input is said before anything else.

    Examples
    --------
    >>> check_output("/no/such/folder/out.html")
    Traceback (most recent call last):
    corridors.exceptions.DataError: /no/such/folder/out.html: its directory does not exist

    """
    out = Path(path)
    if out.is_dir():
        raise DataError("is a directory; give a file name", path=out)
    if not out.parent.is_dir():
        raise DataError("its directory does not exist", path=out)
    return out


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
