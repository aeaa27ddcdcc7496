"""`python -m game`: the same entry point as the `trotsky` command."""

from game.launch import main

raise SystemExit(main())
