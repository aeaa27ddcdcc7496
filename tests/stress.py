"""The stress run (not in CI): the UI and robustness tests, several rounds in a row, with
CPU-burning processes beside them, to show the suite does not flake on a loaded machine.

    .venv/bin/python -m tests.stress                      # 5 rounds, 2 burners, ui + robustness
    .venv/bin/python -m tests.stress --rounds 3 --burners 4 tests/ui

Prints each round's result and the totals; exits 1 if any round had a failure or an error.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BURN = "while True:\n    pass\n"
COUNTS = re.compile(r"(\d+) (passed|failed|errors?|skipped|deselected|xfailed|xpassed)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--burners", type=int, default=2, help="CPU-burning processes")
    parser.add_argument("paths", nargs="*", default=["tests/ui", "tests/robustness"])
    args = parser.parse_args(argv)

    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(args.burners)]
    totals: dict[str, int] = {}
    bad_rounds = 0
    try:
        for number in range(1, args.rounds + 1):
            started = time.monotonic()
            # -rfE: a line per failure and error; pyproject's -q keeps the rest short
            command = [sys.executable, "-m", "pytest", "-rfE", "-p", "no:cacheprovider"]
            with subprocess.Popen(
                [*command, *args.paths], cwd=ROOT, stdout=subprocess.PIPE, text=True
            ) as run:
                try:
                    output, _ = run.communicate()
                except BaseException:  # interrupted: stop the round's pytest too
                    run.kill()
                    raise
            result = subprocess.CompletedProcess(run.args, run.returncode, output)
            lines = [line for line in result.stdout.strip().splitlines() if line.strip()]
            summary = next((line for line in reversed(lines) if COUNTS.search(line)), "")
            counts = {
                kind.rstrip("s") if kind.startswith("error") else kind: int(n)
                for n, kind in COUNTS.findall(summary)
            }
            for kind, n in counts.items():
                totals[kind] = totals.get(kind, 0) + n
            failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
            if result.returncode != 0:
                bad_rounds += 1
            seconds = time.monotonic() - started
            print(f"round {number}: {summary} ({seconds:.0f} s, exit {result.returncode})")
            for line in failed:
                print(f"    {line}")
            sys.stdout.flush()
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    shown = ", ".join(f"{n} {kind}" for kind, n in sorted(totals.items()))
    print(
        f"{args.rounds} rounds beside {args.burners} CPU burners: {shown}; "
        f"{bad_rounds} rounds with a failure"
    )
    return 1 if bad_rounds else 0


if __name__ == "__main__":
    sys.exit(main())
