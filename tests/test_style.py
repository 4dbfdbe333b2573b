import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_code_is_ruff_clean():
    # ruff comes with the test extra, beside this Python.
    ruff = Path(sys.executable).parent / "ruff"
    done = subprocess.run([ruff, "check", "corridors", "tests", "scripts", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
