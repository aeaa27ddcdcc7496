"""`python -m game`: the same entry point as the `trotsky` command."""

from game.cli import main

raise SystemExit(main())
