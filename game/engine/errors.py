"""One exception family for everything the game reports to a person."""

from __future__ import annotations

from game.engine.sanitize import clean


class GameError(Exception):
    """An error with a message meant for the player or the author, never a traceback."""

    title = "Error"

    def __init__(self, message: str, title: str | None = None) -> None:
        message = clean(message)  # messages quote file names and file contents
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title


class StoryError(GameError):
    """The story files could not be loaded; `findings` says why."""

    title = "The story has errors"

    def __init__(self, message: str, findings: list[object] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


def story_errors(folder: str, findings: list[object]) -> StoryError:
    """The one way a broken story is reported: how many errors, and every finding."""
    count = sum(1 for f in findings if getattr(f, "severity", "") == "error")
    return StoryError(f"the story in {folder} has {count} error{'s' * (count != 1)}", findings)


class SaveError(GameError):
    """A save could not be written or read; the file on disk is left as it was."""

    title = "Save problem"


class ChoiceError(GameError):
    """A choice that is not on offer was asked for."""

    title = "No such choice"
