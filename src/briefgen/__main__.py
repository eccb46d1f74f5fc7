"""The command's entry point (`briefgen`, `python -m briefgen`): Ctrl-C and SIGTERM are answered
from the first moment, even while the command line is still being loaded."""

import signal
import sys

_stopped: list[int] = []


def _stop(signum: int, frame: object) -> None:
    _stopped.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    try:
        from .cli import main as command
    except KeyboardInterrupt:
        signum = _stopped[0] if _stopped else signal.SIGINT
        word = "terminated" if signum == signal.SIGTERM else "interrupted"
        sys.stderr.write(f"{word}: 0 built, 0 failed\n")
        raise SystemExit(128 + signum) from None
    command()


if __name__ == "__main__":
    main()
