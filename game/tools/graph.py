"""`trotsky graph`: the story map in Graphviz dot or Mermaid, chapters as clusters."""

from __future__ import annotations

import json

from game.engine.model import Scene, Story
from game.engine.walker import Graph as Walker


def edges(story: Story) -> list[tuple[str, str, bool, bool, int]]:
    """(from, to, historical, conditional, choices) per pair of linked scenes.

    Parallel choices become one edge: historical if any of them is, conditional only if
    every one of them has an `if:`.
    """
    merged: dict[tuple[str, str], list[int]] = {}
    walker = Walker(story)
    for scene in story.scenes.values():
        for step in walker.steps[scene.id]:
            choice = scene.choices[step.index] if step.index >= 0 else None
            historical = choice is None or choice.history
            conditional = choice is not None and choice.condition is not None
            entry = merged.setdefault((scene.id, step.target), [0, 1, 0])
            entry[0] |= historical
            entry[1] &= conditional
            entry[2] += 1
    return [(a, b, bool(h), bool(c), n) for (a, b), (h, c, n) in merged.items()]


def _scenes(story: Story, chapter: str | None) -> list[Scene]:
    return [s for s in story.scenes.values() if chapter is None or s.chapter == chapter]


def _label(scene: Scene) -> str:
    mark = ""
    if scene.ending == "historical":
        mark = "\n[historical ending]"
    elif scene.ending:
        mark = "\n[counterfactual ending]"
    elif scene.chapter_end:
        mark = "\n[chapter end]"
    return f"{scene.title}\n{scene.shown_date}{mark}"


def to_dot(story: Story, chapter: str | None = None) -> str:
    shown = {s.id for s in _scenes(story, chapter)}
    lines = [
        f"digraph {json.dumps(story.id)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        f"  label={json.dumps(story.title)};",
    ]
    for chapter_model in story.chapters:
        members = [s for s in _scenes(story, chapter) if s.chapter == chapter_model.id]
        if not members:
            continue
        lines.append(f"  subgraph {json.dumps('cluster_' + chapter_model.id)} {{")
        title = f"{chapter_model.number}. {chapter_model.title} ({chapter_model.years})"
        lines.append(f"    label={json.dumps(title)};")
        for scene in members:
            attributes = [f"label={json.dumps(_label(scene))}"]
            if scene.ending == "historical":
                attributes.append('shape=doubleoctagon, color="darkgreen"')
            elif scene.ending:
                attributes.append('shape=octagon, color="firebrick"')
            elif scene.chapter_end:
                attributes.append("shape=house")
            lines.append(f"    {json.dumps(scene.id)} [{', '.join(attributes)}];")
        lines.append("  }")
    for source, target, historical, conditional, count in edges(story):
        if source not in shown:
            continue
        if target not in shown:
            lines.append(
                f"  {json.dumps(target)} [shape=plaintext, label={json.dumps('→ ' + target)}];"
            )
            shown.add(target)
        style = ['color="darkgreen", penwidth=2.5'] if historical else ['color="gray40"']
        if conditional:
            style.append("style=dashed")
        if count > 1:
            style.append(f'label="{count}"')
        lines.append(f"  {json.dumps(source)} -> {json.dumps(target)} [{', '.join(style)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", "<br/>")


def to_mermaid(story: Story, chapter: str | None = None) -> str:
    shown = {s.id for s in _scenes(story, chapter)}
    lines = ["flowchart TD"]
    for chapter_model in story.chapters:
        members = [s for s in _scenes(story, chapter) if s.chapter == chapter_model.id]
        if not members:
            continue
        title = f"{chapter_model.number}. {chapter_model.title} ({chapter_model.years})"
        lines.append(f'  subgraph {chapter_model.id}["{_mermaid_text(title)}"]')
        for scene in members:
            label = _mermaid_text(_label(scene))
            if scene.ending:
                lines.append(f'    {scene.id}(["{label}"])')
            elif scene.chapter_end:
                lines.append(f'    {scene.id}[/"{label}"/]')
            else:
                lines.append(f'    {scene.id}["{label}"]')
        lines.append("  end")
    links: list[int] = []
    count = 0
    for source, target, historical, conditional, choices in edges(story):
        if source not in shown:
            continue
        arrow = "-.->" if conditional else "-->"
        label = f"|{choices} choices|" if choices > 1 else ""
        lines.append(f"  {source} {arrow}{label} {target}")
        if historical:
            links.append(count)
        count += 1
    if links:
        lines.append(f"  linkStyle {','.join(map(str, links))} stroke:#2e7d32,stroke-width:3px")
    lines.append("  classDef historical fill:#e8f5e9,stroke:#2e7d32")
    lines.append("  classDef counterfactual fill:#ffebee,stroke:#c62828")
    for scene in _scenes(story, chapter):
        if scene.ending:
            lines.append(f"  class {scene.id} {scene.ending}")
    return "\n".join(lines) + "\n"
