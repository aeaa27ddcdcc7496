"""The robustness suite prints what it counted (kills survived, fuzz cases, hostile inputs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import configuration

from tests.robustness._support import COUNTS

# Hypothesis keeps caches in .hypothesis/ of the working folder; keep the checkout clean.
configuration.set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "trotsky-robustness-hypothesis")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if COUNTS:
        terminalreporter.section("robustness counts")
        for what, n in sorted(COUNTS.items()):
            terminalreporter.write_line(f"{what}: {n}")


@pytest.fixture(autouse=True)
def quick_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Poll for "the app is idle" every 4 ms instead of 20 ms: the Pilot still waits for every
    screen to process its messages, but a key press costs a quarter of the time, which lets
    this suite press thousands of keys within its time budget."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.004)
