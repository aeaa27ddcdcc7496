"""Print the packages whose installed version differs from requirements/test.lock.

Usage: python .ci/moved.py LOCK  (run with the canary venv's python)
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> int:
    locked = {}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^ ;\\]+)", line)
        if match:
            locked[canonical(match[1])] = match[2]
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    moved = 0
    # Only what the canary installed: the lock also holds the build backend and packages
    # for other platforms (colorama on Windows), which a plain install does not bring.
    for name in sorted(installed):
        old, new = locked.get(name), installed[name]
        if old != new and name not in {"pip", "setuptools", "trotsky-adventure"}:
            print(f"  {name}: {old or '(not in the lock)'} -> {new}")
            moved += 1
    if not moved:
        print("  nothing moved: the newest allowed versions are the locked ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
