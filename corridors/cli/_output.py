"""Printing records as a terminal table, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

TABLE_FORMATS = ("table", "json", "csv")


def format_option(choices: Sequence[str] = TABLE_FORMATS):
    """The ``--format`` option shared by tabular commands."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
        show_default=True, help="Output format.",
    )


def distinct_outputs(**options: Path | None) -> None:
    """Refuse two output options that name one file: the second would overwrite the first.

    Examples
    --------
    >>> distinct_outputs(out=Path("a.html"), map=Path("./a.html"))
    Traceback (most recent call last):
    corridors.exceptions.CorridorsError: --out and --map both name a.html; give each its own file

    """
    from ..exceptions import CorridorsError

    seen: dict[str, str] = {}
    for option, path in options.items():
        if path is None:
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise CorridorsError(f"--{seen[key]} and --{option} both name {path}; give each its "
                                 "own file")
        seen[key] = option


def _plain(value: Any) -> Any:
    """Make a value JSON-friendly: NaN and pandas NA become null, numpy scalars Python ones."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ == "NAType":
        return None
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:g}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_cell(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _csv_cell(value: Any) -> str:
    """A CSV cell keeps full precision: numbers as Python writes them, dicts and lists as JSON."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
"""Characters that change how Markdown shows a table cell (a line never starts in one)."""


def markdown_text(text: str) -> str:
    r"""``text`` as Markdown shows it, on one line: its punctuation escaped.

    Examples
    --------
    >>> print(markdown_text("*Baku* | [link](x) <b>"))
    \*Baku\* \| \[link\](x) \<b\>

    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render(records: list[dict[str, Any]], fmt: str, *, title: str | None = None) -> str:
    """Render records (dicts with the same keys) in a format.

    Examples
    --------
    >>> print(render([{"a": 1, "b": None}], "json"))
    [
      {
        "a": 1,
        "b": null
      }
    ]
    >>> print(render([{"km": 5188.123, "by": {"KAZ": 2685.3}}], "csv"))
    km,by
    5188.123,"{""KAZ"": 2685.3}"

    """
    if fmt == "json":
        return json.dumps([_plain(r) for r in records], indent=2, ensure_ascii=False,
                          allow_nan=False)  # never "Infinity": that is not JSON
    columns = list(records[0]) if records else []
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in records:
            writer.writerow([_csv_cell(v) for v in r.values()])
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(markdown_text(c) for c in columns) + " |",
                 "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(markdown_text(_cell(v)) for v in r.values()) + " |"
                  for r in records]
        return "\n".join(lines)
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # text from data is text: "[bold]" shown as written, "[/x]" no error
    table = Table(title=escape(title) if title else None, show_lines=False,
                  header_style="bold")
    for c in columns:
        table.add_column(escape(str(c)), overflow="fold")
    for r in records:
        table.add_row(*(escape(_cell(v)) for v in r.values()))
    console = Console(file=io.StringIO(), width=shutil.get_terminal_size((160, 24)).columns,
                      force_terminal=False, color_system=None)
    console.print(table)
    return console.file.getvalue().rstrip("\n")
