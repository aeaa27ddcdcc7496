"""The "What if" banner over a counterfactual scene, in the player's language."""

from __future__ import annotations

from game.engine.model import Scene
from game.i18n import _


def banner(scene: Scene) -> str:
    """The banner of a scene off the historical road, or "" for a real one."""
    if not scene.what_if:
        return ""
    return _("What if {question} This scene imagines what did not happen.").format(
        question=scene.what_if
    )
