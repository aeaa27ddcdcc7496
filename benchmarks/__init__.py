"""Benchmarks for the game: `python -m benchmarks` runs them all and writes results.json.

Each module measures one figure and returns `common.Result`s; nothing here is imported by
the game or the tests. See benchmarks/README.md for what is measured and how to reproduce it.
"""
