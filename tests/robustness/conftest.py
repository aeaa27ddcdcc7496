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
