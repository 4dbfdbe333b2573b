"""The examples in the docstrings run, against the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import corridors

MODULES = sorted(m.name for m in pkgutil.walk_packages(corridors.__path__, "corridors.")
                 if m.name != "corridors.__main__")  # importing it runs the CLI


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_public_api_has_examples():
    """Every public function of the package namespace shows how it is called."""
    missing = [name for name in corridors.__all__
               if callable(obj := getattr(corridors, name)) and ">>>" not in (obj.__doc__ or "")]
    assert not missing
