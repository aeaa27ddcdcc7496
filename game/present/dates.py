"""Save times as a player reads them: local time, day month year and hour."""

from __future__ import annotations

from datetime import datetime, tzinfo

from game.engine.model import Scene
from game.i18n import N_, _


def saved_when(stamp: str, zone: tzinfo | None = None) -> str:
    """`2026-12-04T14:44:05+00:00` as `4 Dec 2026, 15:44` in the local (or given) zone;
    a stamp that is not a date is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp or _("at an unknown time")
    if moment.tzinfo is not None:  # a naive stamp is shown as it was written
        moment = moment.astimezone(zone)
    month = _(MONTHS[moment.month - 1])[:3]  # "Dec", "dic": the locale's %b would be C's
    return f"{moment.day} {month} {moment:%Y, %H:%M}"


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def story_date(date: str) -> str:
    """A story date ("1902-08", "1902-08-21") as the player's language says it."""
    parts = date.split("-")
    if len(parts) == 1 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 12:
        return date
    month = _(MONTHS[int(parts[1]) - 1])
    if len(parts) == 2:
        return _("{month} {year}").format(month=month, year=parts[0])
    return _("{day} {month} {year}").format(day=int(parts[2]), month=month, year=parts[0])


def within_sentence(date: str) -> str:
    """A date shown after other words ("Londres, octubre de 1902"). A language that writes
    its months in lower case (Spanish) lowers the date's first letter, which the author wrote
    for the date alone at the head of a line ("Octubre de 1902", "Verano de 1917"); an
    initialism ("URSS") is kept. English keeps its capitals."""
    if _(MONTHS[0]).islower() and date[:1].isupper() and not date[1:2].isupper():
        return date[0].lower() + date[1:]
    return date


def scene_date(scene: Scene) -> str:
    """The date over a scene: the author's `date_text`, else the date in words."""
    return scene.date_text or story_date(scene.date)
