"""Authoring tools over the engine: playtest, graph, scaffolding. None imports Textual."""
