"""The Textual face of the game: screens over the engine's Session and SaveFolder."""
