"""The command's entry point (`briefgen`, `python -m briefgen`): Ctrl-C is answered from the first
moment, even while the command line is still being loaded."""

import sys


def main() -> None:
    try:
        from .cli import main as command
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: 0 built, 0 failed\n")
        raise SystemExit(130) from None
    command()


if __name__ == "__main__":
    main()
