"""Writing maps: HTML (online or self-contained) and PNG screenshots, atomically."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .. import settings
from .._atomic import atomic_path, check_output, write_text
from ..exceptions import DataError, DependencyError
from ._html import render

if TYPE_CHECKING:
    import folium

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
"""Flags for headless Chromium: no sandbox (containers), no network of its own."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".pdf")
"""File names an HTML map is not written to: a screenshot was meant."""


def save_html(m: folium.Map, path: str | Path, *, offline: bool = True) -> Path:
    """Write a map as one HTML file, atomically and byte-identically for the same map.

    By default the file is self-contained: it works with no network.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`corridors.corridor_map`, :func:`corridors.gas_map`
        or :func:`corridors.comparison_map`.
    path : str or pathlib.Path
        The file; its directory must exist. No partial file is left on error.
    offline : bool, default True
        Inline every script, stylesheet and icon and draw a vector country
        basemap with labels in place of web tiles, so that the file works
        with no network. With False the page loads Leaflet, its plugins and
        web tiles from CDNs (a smaller file), and says that it needs a network.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    corridors.exceptions.DataError
        If the directory does not exist, ``path`` is a directory or the name
        of an image (``.png``, ``.jpg``), or it cannot be written.

    Examples
    --------
    >>> import corridors, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "btc.html"
    >>> corridors.save_html(corridors.corridor_map(["btc"]), out).name
    'btc.html'

    """
    out = html_path(path)
    write_text(out, render(m, offline=offline))
    return out


def html_path(path: str | Path) -> Path:
    """``path`` as a Path, if an HTML map can be written there (see :func:`save_html`).

    Examples
    --------
    >>> html_path("corridors.png")
    Traceback (most recent call last):
    corridors.exceptions.DataError: corridors.png: is the name of an image, and a map is HTML; save_png (--png) writes a screenshot

    """  # noqa: E501 (a doctest's output is one line)
    out = check_output(path)
    if out.suffix.lower() in IMAGE_SUFFIXES:
        raise DataError("is the name of an image, and a map is HTML; save_png (--png) writes "
                        "a screenshot", path=out)
    return out


def _screenshot(exe: str, page_file: Path, png: Path, width: int, height: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file:") else route.abort())
            page.goto(page_file.as_uri(), wait_until="load")
            # some drawn path must be in view; the first (a country) may not be
            page.wait_for_function("[...document.querySelectorAll('.leaflet-overlay-pane "
                                   "path')].some(p => p.getBoundingClientRect().width > 0)")
            page.wait_for_timeout(300)  # let the fit-bounds animation settle
            page.screenshot(path=str(png))
        finally:
            browser.close()


def _chromium() -> str:
    exe = Path(settings.chromium)
    if not exe.is_file():
        raise DependencyError(
            f"Chromium is needed for PNG output and was not found at {exe}; install it with "
            "'apt-get install chromium' (or set corridors.settings.chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise DependencyError(
            "the Python package playwright is needed for PNG output; install it with "
            "'pip install playwright' (it drives the system Chromium)") from None
    return str(exe)


def save_png(m: folium.Map, path: str | Path, *, width: int = 1400, height: int = 900) -> Path:
    """Screenshot a map with headless Chromium, offline, atomically.

    Parameters
    ----------
    m : folium.Map
        The map.
    path : str or pathlib.Path
        The PNG file; its directory must exist.
    width, height : int
        Size of the page in pixels.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    corridors.exceptions.DependencyError
        If Chromium (``settings.chromium``) or playwright is missing; says how
        to install it.

    Examples
    --------
    >>> import tempfile
    >>> import corridors
    >>> png = save_png(corridors.corridor_map(["igb"]), Path(tempfile.mkdtemp()) / "igb.png")
    >>> png.suffix, png.stat().st_size > 10_000
    ('.png', True)

    """
    exe = _chromium()
    out = Path(path)
    with tempfile.TemporaryDirectory() as tmp, atomic_path(out) as part:
        page_file = Path(tmp) / "map.html"
        page_file.write_text(render(m, offline=True), encoding="utf-8")
        # Playwright's sync API refuses a thread with a running event loop (Jupyter's):
        # the browser runs in a thread of its own.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(_screenshot, exe, page_file, part, width, height).result()
    return out
