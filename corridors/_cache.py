"""The cache of built networks: pickles signed with a secret key, checked before loading.

A pickle runs code when it is loaded, so a cache file is loaded only if its
HMAC-SHA256 matches, keyed by a secret of 32 random bytes kept in the cache
directory (``secret.key``, mode 0600, owned by the user). A file planted by
someone without the key, a file cut short, or one of another type is not
loaded: the network is rebuilt and the file replaced.

The default directory is made only inside a writable home: with ``HOME``
unset, empty, missing or read-only (and no ``XDG_CACHE_HOME``), the cache is
skipped with a one-line warning and no directory is created.

Each file is named by a hash of what it is built from, so that a new
version, new data or an edited file of the user's names a new one. Of each
kind, the ``settings.cache_files_kept`` files used last are kept; older ones
are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import hmac
import os
import pickle
import re
import secrets
import stat
import warnings
from pathlib import Path
from typing import TypeVar

from . import settings
from ._atomic import write_bytes
from .exceptions import CorridorsError

T = TypeVar("T")

MAGIC = b"corridors-cache-1\n"
"""The first bytes of a cache file, before its signature."""

KEY_FILE = "secret.key"
"""The name of the secret key, in the cache directory."""

KEY_BYTES = 32
"""Length of the secret key (SHA-256's block is 64 bytes; 32 are its strength)."""


_NAME = re.compile(r"(?P<kind>.+)-[0-9a-f]{32}\.(?P<suffix>[a-z]+)")
"""A cache file's name: its kind, the hash of its inputs, its suffix (see :func:`file_for`)."""

_SAID: set[str] = set()
"""Reasons already given: each is said once a run, however many caches ask."""


def _skip(reason: str) -> None:
    if reason not in _SAID:
        _SAID.add(reason)
        warnings.warn(f"the network cache is skipped: {reason}", stacklevel=3)


def directory() -> Path | None:
    """The cache directory, made if need be; ``None``, with a warning, where there is none.

    ``settings.cache_dir`` is made with its parents: the user asked for it.
    The default, ``$XDG_CACHE_HOME/corridors`` or ``~/.cache/corridors``, is
    made only below an existing, writable ``$XDG_CACHE_HOME``'s parent or
    home directory.

    Examples
    --------
    >>> from corridors import settings
    >>> directory() == settings.resolved_cache_dir()
    True

    """
    if settings.cache_dir is not None:
        path = Path(settings.cache_dir)
    else:
        xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):  # a relative one is to be ignored (XDG Base Directory spec)
            path, anchor = Path(xdg) / "corridors", Path(xdg).parent
        elif os.path.isabs(home):
            path, anchor = Path(home) / ".cache" / "corridors", Path(home)
        else:
            _skip("HOME is not set (or not an absolute path), nor XDG_CACHE_HOME")
            return None
        if not anchor.is_dir() or not os.access(anchor, os.W_OK | os.X_OK):
            _skip(f"{anchor} is not a writable directory")
            return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        _skip(f"{path}: {exc.strerror}")
        return None
    if not path.is_dir():
        _skip(f"{path} is not a directory")
        return None
    return path


def _key(folder: Path) -> bytes | None:
    """The secret key of ``folder``, made if missing; ``None`` if it is not private."""
    key_file = folder / KEY_FILE
    if not key_file.exists() and not key_file.is_symlink():
        tmp = folder / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, key_file)  # whole or not at all; a concurrent run's key wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    fd = os.open(key_file, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        st = os.fstat(fd)
        private = (stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()
                   and not st.st_mode & 0o077 and st.st_size == KEY_BYTES)
        key = os.read(fd, KEY_BYTES)
    finally:
        os.close(fd)
    if not private or len(key) != KEY_BYTES:
        _skip(f"{key_file} is not a private file of {KEY_BYTES} bytes of this user's (mode 0600)")
        return None
    return key


def _sign(key: bytes, payload: bytes | memoryview) -> bytes:
    h = hmac.new(key, MAGIC, hashlib.sha256)
    h.update(payload)  # not MAGIC + payload: copying a network's megabytes takes longer
    return h.digest()


def file_for(kind: str, versions: str, inputs: list[Path], *, suffix: str = "pickle"
             ) -> Path | None:
    """The cache file of ``kind``, named by the versions and the input files it is built from.

    The name hashes ``versions`` and each input's path and bytes, so that a
    change to any of them names another file. ``None`` where there is no
    cache directory.

    Examples
    --------
    >>> from pathlib import Path
    >>> f = file_for("example", "1.0", [Path(__file__)], suffix="npz")
    >>> f.name.startswith("example-") and f.suffix == ".npz"
    True

    """
    folder = directory()
    if folder is None:
        return None
    h = hashlib.sha256(versions.encode())
    for path in inputs:
        h.update(str(path).encode())
        h.update(path.read_bytes())
    return folder / f"{kind}-{h.hexdigest()[:32]}.{suffix}"


def load(path: Path, kind: type[T]) -> T | None:
    """The object cached at ``path``, if it is signed with this cache's key and a ``kind``.

    Returns ``None``, for the caller to build it again, when the file is
    missing, unsigned, tampered with or cut short, or holds another type.
    """
    try:
        key = _key(path.parent)
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + hashlib.sha256().digest_size
    if key is None or len(data) < head or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[head:]  # read in place: no copy
    if not hmac.compare_digest(data[len(MAGIC):head], _sign(key, payload)):
        return None
    try:
        obj = pickle.loads(payload)  # signed with this user's key: checked above
    except Exception:  # signed but from another version of a library: build it again
        return None
    if not isinstance(obj, kind):
        return None
    used(path)
    return obj


def used(path: Path) -> None:
    """Mark a cache file as used now (its modification time), so that pruning keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(path: Path) -> list[Path]:
    """Remove the files of ``path``'s kind beyond the ``settings.cache_files_kept`` used last.

    ``path`` itself, just written, is always kept. Returns the files removed.

    Examples
    --------
    >>> prune(directory() / "nothing-like-a-cache-file")
    []

    """
    m = _NAME.fullmatch(path.name)
    if m is None:
        return []
    kind, suffix = m["kind"], m["suffix"]
    others = []
    for p in path.parent.glob(f"{glob.escape(kind)}-*.{suffix}"):
        mp = _NAME.fullmatch(p.name)
        if p != path and mp is not None and mp["kind"] == kind:
            with contextlib.suppress(OSError):
                others.append((p.stat().st_mtime_ns, p))
    others.sort(reverse=True)
    removed = []
    for _, p in others[max(settings.cache_files_kept - 1, 0):]:
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


def store(path: Path, obj: object) -> None:
    """Sign and write ``obj`` to ``path`` atomically; a cache that cannot be written is skipped."""
    try:
        key = _key(path.parent)
        if key is None:
            return
        payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes(path, MAGIC + _sign(key, payload) + payload)
    except (OSError, CorridorsError) as exc:
        _skip(str(exc))
        return
    prune(path)
