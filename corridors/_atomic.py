"""Atomic file output: a failed or interrupted write leaves no file behind.

The rules, for every file corridors writes:

- The output is a regular file or a new path. A device, FIFO or socket is
  refused before any work, never replaced.
- A symbolic link is followed: its target is written, and the link stays.
- The data go to a private temporary directory beside the target, are flushed
  and ``fsync``-ed, and only then renamed into place. Any error, an
  operating-system error (a full or read-only disk, no permission) or an
  interruption, removes that directory with everything in it (GeoPackage
  journals included) and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .exceptions import CorridorsError, DataError, Interrupted

_LIVE: set[Path] = set()
"""Temporary directories being written now; :func:`remove_temporaries` removes them."""

_SIGNALLED: list[int] = []
"""Signals the command line caught in this run (:func:`note_signal`)."""

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place on success.

    The temporary file has the name of ``path``, in a hidden directory of its
    own, so that format drivers recognise its suffix and their side files
    (a GeoPackage's journal) go with it. On success it is ``fsync``-ed and
    renamed onto ``path`` (onto the target of a symbolic link). On any
    exception, KeyboardInterrupt included, the directory is removed and
    ``path`` is left as it was. An operating-system error (no permission, a
    read-only or full disk) is raised as a
    :class:`~corridors.exceptions.DataError` naming ``path``.

    Examples
    --------
    >>> with atomic_path("/proc/corridors.html") as tmp:
    ...     tmp.write_text("x")
    Traceback (most recent call last):
    corridors.exceptions.DataError: /proc/corridors.html: cannot write: No such file or directory

    """
    given = Path(path)
    out = check_output(given)
    with _signals_held():  # made and known together: a signal in between would leave it
        try:
            tmpdir = Path(tempfile.mkdtemp(prefix=".corridors-", suffix=".tmp", dir=out.parent))
        except OSError as exc:
            raise DataError(f"cannot write: {exc.strerror}", path=given) from None
        _LIVE.add(tmpdir)
    tmp = tmpdir / out.name
    try:
        yield tmp
        raise_if_signalled()
        _commit(tmp, out, given)
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror or exc}", path=given) from None
    except Exception as exc:
        if not isinstance(exc, CorridorsError) and _full(tmpdir):  # a writer of its own (Chromium)
            raise DataError("cannot write: No space left on device", path=given) from None
        raise
    finally:
        with _signals_held():  # removed whole, even if a signal comes now
            shutil.rmtree(tmpdir, ignore_errors=True)
            _LIVE.discard(tmpdir)


def note_signal(signum: int) -> None:
    """Remember that the command line caught ``signum``, until :func:`clear_signals`.

    Its handler raises :class:`~corridors.exceptions.Interrupted` where the
    program is; compiled code running then may swallow the exception. No
    output is moved into place after a signal all the same
    (:func:`raise_if_signalled`).
    """
    _SIGNALLED.append(signum)


def clear_signals() -> None:
    """Forget the signals caught (a command line's run starts and ends with none)."""
    _SIGNALLED.clear()


def raise_if_signalled() -> None:
    """Raise :class:`~corridors.exceptions.Interrupted` for the first signal caught, if any."""
    if _SIGNALLED:
        raise Interrupted(_SIGNALLED[0])


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP for a moment; they are delivered when it ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_HELD = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


def _commit(tmp: Path, out: Path, given: Path) -> None:
    """Flush ``tmp`` to disk and rename it onto ``out``, still a regular file or absent."""
    if not tmp.is_file():
        raise DataError("cannot write: the writer made no file", path=given)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    try:
        st = os.stat(out)
    except FileNotFoundError:
        pass
    else:
        _refuse_special(st, given)  # it may have changed since the check
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(st.st_mode))  # a replaced file keeps its permissions
    os.replace(tmp, out)
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(fd)  # the rename itself
    finally:
        os.close(fd)


def _full(directory: Path) -> bool:
    try:
        return os.statvfs(directory).f_bavail == 0
    except OSError:
        return False


def _refuse_special(st: os.stat_result, path: Path) -> None:
    for test, kind in _KINDS:
        if test(st.st_mode):
            raise DataError(f"is {kind}, not a regular file; corridors writes only regular "
                            "files, and never replaces a device", path=path)


def remove_temporaries() -> None:
    """Remove the temporary directories of writes under way (on a signal)."""
    for tmpdir in list(_LIVE):
        shutil.rmtree(tmpdir, ignore_errors=True)
        _LIVE.discard(tmpdir)


def check_output(path: str | Path) -> Path:
    """Where ``path`` is written, if a file can be: a regular file or a new name.

    A symbolic link is followed, and its target returned. Commands check
    their output files this way before the work, so that bad input is said
    before anything else.

    Examples
    --------
    >>> check_output("/no/such/folder/out.html")
    Traceback (most recent call last):
    corridors.exceptions.DataError: /no/such/folder/out.html: its directory does not exist
    >>> check_output("/dev/null")
    Traceback (most recent call last):
    corridors.exceptions.DataError: /dev/null: is a character device, not a regular file; corridors writes only regular files, and never replaces a device

    """  # noqa: E501 (a doctest's output is one line)
    given = Path(path)
    if "\n" in str(given) or "\r" in str(given):
        raise DataError("a file name may not contain a line break", path=repr(str(given)))
    try:
        out = Path(os.path.realpath(given)) if given.is_symlink() else given
        try:
            st = os.stat(out)
        except FileNotFoundError:
            st = None
        parent_ok = out.parent.is_dir()
    except OSError as exc:  # a name too long, a loop of links
        raise DataError(f"cannot write: {exc.strerror}", path=given) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise DataError("is a directory; give a file name", path=given)
        _refuse_special(st, given)
    if not parent_ok:
        what = "the directory its link points to" if out != given else "its directory"
        raise DataError(f"{what} does not exist", path=given)
    return out


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(data)


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))
