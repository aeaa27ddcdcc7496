"""Save times as a player reads them: local time, day month year and hour."""

from __future__ import annotations

from datetime import datetime, tzinfo

from game.i18n import _


def saved_when(stamp: str, zone: tzinfo | None = None) -> str:
    """`2026-12-04T14:44:05+00:00` as `4 Dec 2026, 15:44` in the local (or given) zone;
    a stamp that is not a date is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp or _("at an unknown time")
    if moment.tzinfo is not None:  # a naive stamp is shown as it was written
        moment = moment.astimezone(zone)
    return f"{moment.day} {moment:%b %Y, %H:%M}"
