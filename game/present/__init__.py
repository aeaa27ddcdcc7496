"""What both faces show: the offers at each step, the quiz, the ending and its score, the
labels and dates. Plain mode and the Textual UI only render these, so they cannot drift.
Pure like the engine: no Textual or Rich import."""
