"""The classroom: per-student save folders, PINs, the teacher's report and the served game.

Everything here sits on the engine's public API, like the faces; the engine knows nothing of it.
"""
