"""The visible counters as the player reads them, in the player's language."""

from __future__ import annotations

from game.engine.session import Session
from game.i18n import _


def stat_lines(session: Session) -> list[str]:
    """Each visible variable as "Label: value (of max)", with the last choice's change."""
    last = session.state.choices[-1].before if session.state.choices else ()
    before = dict(last)
    lines = []
    for name, variable in session.story.variables.items():
        if not variable.visible:
            continue
        value = session.state.variables.get(name, variable.default)
        line = f"{variable.label}: {value}"
        if variable.maximum is not None and isinstance(value, int) and not isinstance(value, bool):
            line = _("{line} of {maximum}").format(line=line, maximum=variable.maximum)
        old = before.get(name)
        if isinstance(old, int) and isinstance(value, int) and old != value:
            line += "  " + _("({change} after your last choice)").format(change=f"{value - old:+d}")
        lines.append(line)
    return lines
