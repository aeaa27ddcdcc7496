"""Helper process of test_kill.py: loads the mini story once, then forks save-writers to be
killed with SIGKILL. Forking keeps each victim's start to a millisecond, so a few hundred kills
fit in seconds, and each kill lands inside the save loop rather than during imports.

Protocol (one line each way, on stdin/stdout):
    run N      fork a writer that saves states N, N+1, N+2, ... forever; answers its pid
    wait PID   reap a killed writer; answers `dead SIGNAL`
    quit       exit

Every state is a pure function of its counter (see `state_for`), so the parent can tell
whether a file on disk is exactly one of the states written. Before each save the writer
appends `slot counter` to the intent log, so the parent knows which states were attempted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from game.engine.loader import load_story_or_raise  # noqa: E402
from game.engine.model import Story  # noqa: E402
from game.engine.saves import SaveFolder  # noqa: E402
from game.engine.session import Session  # noqa: E402

SLOTS = ("autosave", "Slot A", "slot b")
PATHS = (  # choice numbers taken from the start: consecutive saves lead to different scenes
    (),
    (1,),
    (1, 1),
    (2, 1),
    (1, 2),
)


def slot_for(counter: int) -> str:
    return SLOTS[counter % len(SLOTS)]


def state_for(story: Story, counter: int) -> Session:
    """The session saved for a counter: a choice path, and the counter in a variable."""
    session = Session.new(story)
    for number in PATHS[counter % len(PATHS)]:
        session.choose(number)
    session.state.variables["courage"] = counter % 4  # within its declared range, 0-3
    session.state.variables["escaped"] = counter % 2 == 0
    session.state.play_seconds = float(counter)  # the counter, read back by the test
    session.sync_clock = lambda: None  # type: ignore[method-assign]  # keep play_seconds exact
    return session


def writer(story: Story, saves: Path, log: Path, start: int) -> None:
    folder = SaveFolder(saves, story)
    log_fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    counter = start
    while True:
        slot = slot_for(counter)
        session = state_for(story, counter)
        os.write(log_fd, f"{SLOTS.index(slot)} {counter}\n".encode())
        folder.save(slot, session)
        counter += 1


def main() -> None:
    story_dir, saves, log = (Path(arg) for arg in sys.argv[1:4])
    story = load_story_or_raise(story_dir)
    print("ready", flush=True)
    for line in sys.stdin:
        verb, _, argument = line.strip().partition(" ")
        if verb == "run":
            pid = os.fork()
            if pid == 0:
                try:
                    writer(story, saves, log, int(argument))
                finally:
                    os._exit(3)  # only reached if saving raised
            print(pid, flush=True)
        elif verb == "wait":
            _, status = os.waitpid(int(argument), 0)
            print(f"dead {os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1}", flush=True)
        elif verb == "quit":
            return


if __name__ == "__main__":
    main()
