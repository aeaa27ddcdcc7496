"""The historical road: the scenes Trotsky's own choices pass through, and the banner rule.

A scene off that road exists only in a counterfactual branch. The player must know it before
reading it, so such a scene carries a `what_if` question that both faces show as a banner.
"""

from __future__ import annotations

from game.engine.findings import Findings
from game.engine.model import Story

MISSING_BANNER = "what-if-banner-missing"
NEEDLESS_BANNER = "what-if-banner-on-road"


def historical_road(story: Story) -> set[str]:
    """Every scene reached from the start by `history: true` choices and chapter ends."""
    road = {story.start}
    todo = [story.start]
    while todo:
        scene = story.scenes.get(todo.pop())
        if scene is None:
            continue
        targets = [c.goto for c in scene.choices if c.history]
        following = story.next_chapter(scene.chapter) if scene.chapter_end else None
        if following is not None:
            targets.append(following.start)
        for target in targets:
            if target not in road:
                road.add(target)
                todo.append(target)
    return road


def check_banners(story: Story, findings: Findings) -> None:
    """Warn on a scene off the historical road without `what_if`, and on one on it with."""
    road = historical_road(story)
    for scene in story.scenes.values():
        if scene.id not in road and not scene.what_if:
            findings.warning(
                scene.location,
                f"scene `{scene.id}` lies off the historical road but has no `what_if` banner",
                'add `what_if: "he had ...?"` so the player knows it did not happen',
                code=MISSING_BANNER,
            )
        elif scene.id in road and scene.what_if:
            findings.warning(
                scene.location,
                f"scene `{scene.id}` is on the historical road but carries a `what_if` banner",
                "remove `what_if`, or make the choice that leads here `history: false`",
                code=NEEDLESS_BANNER,
            )
