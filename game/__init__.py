"""Trotsky: The Prophet's Road, an educational text adventure."""

__version__ = "0.1.0"
