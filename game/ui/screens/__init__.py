"""The game's screens and dialogs, each with its own .tcss."""
