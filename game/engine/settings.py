"""Player settings kept between runs: a small JSON file, written atomically, never trusted."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from game.engine.safefile import UnreadableFile, read_regular
from game.engine.saves import atomic_write
from game.i18n import _

SETTINGS_FILE = ".settings.json"  # in the saves folder; the dot keeps it out of the save list
MAX_SETTINGS_BYTES = 64 * 1024


@dataclass
class Settings:
    theme: str = "textual-dark"
    typewriter: bool = False  # reveal scene text letter by letter; any key completes it
    content_notes: bool = False  # a brief note before a scene tagged `content:` (off by default)
    language: str = ""  # the language last chosen in the game ("": none, the usual choice)

    @classmethod
    def load(cls, path: Path) -> tuple[Settings, str | None]:
        """The settings, or the defaults and why the file was not used (it is left as it is)."""
        if not path.exists():
            return cls(), None
        try:
            data = json.loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
        except UnreadableFile as err:
            return cls(), _("cannot read {file} ({reason}); using the default settings").format(
                file=path.name, reason=err.reason
            )
        except (UnicodeDecodeError, ValueError, RecursionError):
            return cls(), _("{file} is damaged; using the default settings").format(file=path.name)
        if not isinstance(data, dict):
            return cls(), _("{file} is not a settings file; using the default settings").format(
                file=path.name
            )
        defaults = cls()
        values = {
            f.name: data[f.name]
            for f in fields(cls)
            if f.name in data and type(data[f.name]) is type(getattr(defaults, f.name))
        }
        return cls(**values), None

    def save(self, path: Path) -> None:
        atomic_write(path, json.dumps(asdict(self), indent=1).encode("utf-8"))
