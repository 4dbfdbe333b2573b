"""Regenerate corridors/mapping/_vendor/ from npm packages with ``npm pack``.

Leaflet itself comes from the django-js-lib-leaflet Python package; the
plugins below are vendored with their licence files so that self-contained
maps (the default) can inline them. Run from the repository root::

    python scripts/vendor_assets.py

It writes the files and ``_vendor/VERSIONS.json`` (package, version, files).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "corridors" / "mapping" / "_vendor"

# npm package -> (version, files inside the tarball's package/ folder)
PACKAGES: dict[str, tuple[str, list[str]]] = {
    "leaflet.fullscreen": ("3.0.0", [
        "Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg", "LICENSE",
    ]),
    "leaflet-minimap": ("3.6.1", [
        "dist/Control.MiniMap.min.js", "dist/Control.MiniMap.min.css",
        "dist/images/toggle.svg", "dist/images/toggle.png", "LICENSE.txt",
    ]),
    "leaflet-measure": ("2.1.7", [
        "dist/leaflet-measure.min.js", "dist/leaflet-measure.css",
        *(f"dist/images/{n}{s}.png" for n in ("cancel", "check", "focus", "rulers", "start",
                                                 "trash") for s in ("", "_@2X")),
        "LICENSE",
    ]),
    "leaflet-groupedlayercontrol": ("0.6.1", [
        "dist/leaflet.groupedlayercontrol.min.js", "dist/leaflet.groupedlayercontrol.min.css",
        "LICENSE.txt",
    ]),
    "@mapbox/polyline": ("1.2.1", ["src/polyline.js", "LICENSE"]),
    # the version folium's PolyLineOffset plugin loads
    "leaflet-polylineoffset": ("1.1.1", ["leaflet.polylineoffset.js", "LICENSE"]),
    # the version folium's Search plugin loads
    "leaflet-search": ("2.9.7", [
        "dist/leaflet-search.min.js", "dist/leaflet-search.min.css", "images/search-icon.png",
        "images/loader.gif", "license.txt",
    ]),
}


def vendor(name: str, version: str, files: list[str], workdir: Path) -> None:
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=workdir,
                         check=True, capture_output=True, text=True)
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    target = VENDOR / name.lstrip("@").replace("/", "-")
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(tarball) as tar:
        for rel in files:
            member = tar.extractfile(f"package/{rel}")
            if member is None:
                raise SystemExit(f"{name}@{version}: {rel} not in the package")
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(member.read())


def main() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, files) in PACKAGES.items():
            vendor(name, version, files, Path(tmp))
            print(f"vendored {name}@{version} ({len(files)} files)")
    versions = {name: {"version": v, "files": f} for name, (v, f) in PACKAGES.items()}
    (VENDOR / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
