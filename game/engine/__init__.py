"""The pure story engine: model, loader, validator, conditions, state, session and saves.

Nothing in this package imports Textual or Rich, and nothing in it prints.
"""
