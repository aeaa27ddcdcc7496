"""The served game in a real headless Chromium: a student logs in, plays three choices,
reloads the page, logs in again and is back where they were; a wrong PIN opens nothing.

Needs Debian's `chromium` and `chromium-driver` (Selenium drives the system browser; nothing
is downloaded). Without them the test skips, saying why; under CI (env CI=true) it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from benchmarks.serve_client import running_server, visible
from game.classroom.students import student_folder
from game.engine.model import Story

pytestmark = pytest.mark.slow
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
DRIVERS = ("chromedriver", "chromium-driver")
# Installed before the page's scripts: keeps every byte the game sent the browser's terminal,
# so the test reads what the student's screen was given (xterm draws on a canvas).
RECORD_SCREEN = """
window.__screen = "";
const NativeSocket = window.WebSocket;
const decoder = new TextDecoder();
window.WebSocket = function (url, protocols) {
  const socket = new NativeSocket(url, protocols);
  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") window.__screen += decoder.decode(event.data, {stream: true});
  });
  return socket;
};
window.WebSocket.prototype = NativeSocket.prototype;
"""


def find(names: tuple[str, ...], env: str) -> str | None:
    if os.environ.get(env):  # an explicit choice: that file or nothing
        return os.environ[env] if Path(os.environ[env]).is_file() else None
    return next((path for name in names if (path := shutil.which(name))), None)


def cannot(reason: str) -> NoReturn:
    """Skip, saying why; but fail under CI, where the browser test must run."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


@pytest.fixture
def browser() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        cannot("selenium is not installed (pip install -e '.[test]')")
    binary, driver = find(BROWSERS, "CHROMIUM"), find(DRIVERS, "CHROMEDRIVER")
    if binary is None or driver is None:
        cannot(
            "no Chromium found (apt-get install chromium chromium-driver, "
            "or set CHROMIUM and CHROMEDRIVER)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1100,800")
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    chrome.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SCREEN})
    try:
        yield chrome
    finally:
        chrome.quit()


def screen(chrome: Any) -> str:
    return visible(str(chrome.execute_script("return window.__screen || ''")).encode("utf-8"))


def wait(what: str, condition: Callable[[], object], chrome: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"never happened: {what}; the screen ends {screen(chrome)[-400:]!r}"
            )
        time.sleep(0.1)


def type_keys(chrome: Any, keys: str) -> None:
    from selenium.webdriver.common.by import By

    chrome.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(keys)


def shows(chrome: Any, words: str) -> Callable[[], bool]:
    return lambda: words in screen(chrome)


def saved(classroom: Path, name: str) -> dict[str, Any]:
    try:
        return dict(
            json.loads((student_folder(classroom, name) / "autosave.json").read_text())["state"]
        )
    except (OSError, ValueError, KeyError):
        return {}


def test_a_student_plays_in_chromium_reloads_and_finds_the_game(
    browser: Any, tmp_path: Path, story: Story
) -> None:
    classroom = tmp_path / "class"
    with running_server(classroom) as (_, url):
        browser.get(url)
        wait("the login", shows(browser, "Type your name"), browser)
        type_keys(browser, "Nadia\n")
        wait("the new PIN prompt", shows(browser, "Pick a PIN"), browser)
        type_keys(browser, "2580\n")
        wait("the PIN again", shows(browser, "same PIN again"), browser)
        type_keys(browser, "2580\n")
        wait("the title", shows(browser, "New game"), browser)
        type_keys(browser, "n")
        wait("the first chapter", shows(browser, "Chapter 1"), browser)
        for _ in range(3):
            type_keys(browser, "1 ")  # a choice, then Space closes its note
        wait(
            "three choices saved",
            lambda: len(saved(classroom, "Nadia").get("choices", [])) == 3,
            browser,
        )
        place = story.scenes[saved(classroom, "Nadia")["scene"]]

        browser.refresh()
        wait("the login after reload", shows(browser, "Type your name"), browser)
        assert place.title not in screen(browser)
        type_keys(browser, "Nadia\n")
        wait("the PIN prompt", shows(browser, "Type your PIN"), browser)
        type_keys(browser, "2580\n")
        wait(f"the saved scene {place.title!r}", shows(browser, place.title), browser)

        browser.get(url)  # another student at the same machine, guessing
        wait("the login", shows(browser, "Type your name"), browser)
        type_keys(browser, "Nadia\n")
        wait("the PIN prompt", shows(browser, "Type your PIN"), browser)
        type_keys(browser, "1111\n")
        wait("the refusal", shows(browser, "not right"), browser)
        assert place.title not in screen(browser)
    assert len(saved(classroom, "Nadia")["choices"]) == 3
