"""Build the briefs of a workspace under an audit hook and write down what the build touched.

Usage: python -I sandbox_probe.py WORKSPACE OUTFILE [--read-outside PATH] [--fetch URL]

The hook is installed before anything else is imported, so that every file the build opens,
every folder it lists and every connection it attempts is recorded. Only Python-level events are
seen: what C libraries such as fontconfig do on their own is not, and a path relative to a folder
descriptor (as `shutil.rmtree` opens them) is taken as relative to the working folder.
Connections and name lookups for any host other than the loopback address are refused as well as
recorded, so that a faulty build cannot send traffic anywhere. OUTFILE receives, as JSON, the
recorded events, the interpreter's search path and a summary of the build's report.

Worker processes the build forks record into files of their own, gathered at the end.

`--read-outside` and `--fetch` make the probe itself read a file or fetch a URL before the build,
for the tests that show the recording works.
"""

from __future__ import annotations

import os
import sys

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FILE_EVENTS = {"open", "os.listdir", "os.scandir"}
NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"}
PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}
STACK_DEPTH = 25
WATCHED = FILE_EVENTS | NETWORK_EVENTS | PROCESS_EVENTS | {"ctypes.dlopen"}

events: list[dict] = []
recording = True
outfile = ""  # set by main()
child_log = None  # in a worker process the build forks: where its events go, as they happen


def _absolute(path: object) -> str | None:
    """The path of a file event made absolute (None for an open by file descriptor)."""
    if path is None or isinstance(path, int):
        return None
    text = os.fsdecode(os.fspath(path))
    return text if os.path.isabs(text) else os.path.join(os.getcwd(), text)


def _stack() -> list[str]:
    """Where an event comes from: `file:line:function`, innermost frame first."""
    frame = sys._getframe(2)
    frames = []
    while frame is not None and len(frames) < STACK_DEPTH:
        frames.append(f"{frame.f_code.co_filename}:{frame.f_lineno}:{frame.f_code.co_name}")
        frame = frame.f_back
    return frames


def _describe(event: str, args: tuple) -> dict:
    if event == "open":
        path = args[0]
        return {"path": _absolute(path), "fd": isinstance(path, int), "mode": args[1]}
    if event in ("os.listdir", "os.scandir"):
        return {"path": _absolute(args[0] if args[0] is not None else ".")}
    if event == "socket.connect":
        return {"address": repr(args[1])}
    if event in ("socket.getaddrinfo", "socket.gethostbyname"):
        return {"host": repr(args[0])}
    if event == "urllib.Request":
        return {"url": str(args[0])}
    if event == "ctypes.dlopen":
        return {"library": repr(args[0])}
    # a process: the program and its arguments, never the environment
    return {"program": repr(args[0]), "args": repr(args[1] if len(args) > 1 else ())[:300]}


def _audit(event: str, args: tuple) -> None:
    global recording
    if not recording or event not in WATCHED:
        return
    record = {"event": event, **_describe(event, args), "stack": _stack()}
    if child_log is None:
        events.append(record)
    else:  # written at once: a worker ends without running any exit code
        recording = False
        child_log.write(json.dumps(record) + "\n")
        child_log.flush()
        recording = True
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise PermissionError(f"sandbox probe: no connection to {address!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname"):
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        if host is not None and host not in LOOPBACK:
            raise PermissionError(f"sandbox probe: no name lookup for {host!r}")


def _in_child() -> None:
    """A forked worker (`briefgen build -j N`) records into a file of its own."""
    global child_log, recording
    recording = False
    child_log = open(f"{outfile}.{os.getpid()}", "w", encoding="utf-8")  # noqa: SIM115
    recording = True


sys.addaudithook(_audit)
os.register_at_fork(after_in_child=_in_child)

import argparse  # noqa: E402 (imported under the hook on purpose)
import json  # noqa: E402


def main() -> int:
    global recording, outfile
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("outfile")
    parser.add_argument("--read-outside", metavar="PATH")
    parser.add_argument("--fetch", metavar="URL")
    args = parser.parse_args()
    outfile = os.path.abspath(args.outfile)

    os.chdir(args.workspace)
    if args.read_outside:
        with open(args.read_outside, "rb") as f:
            f.read()
    if args.fetch:
        import urllib.request

        with urllib.request.urlopen(args.fetch, timeout=10) as response:
            response.read()

    import briefgen

    summary: dict = {"results": [], "skipped": [], "error": None}
    try:
        report = briefgen.build(["inputs"], "output", ["docx", "pdf", "html"])
    except briefgen.BriefgenError as e:
        summary["error"] = [str(p) for p in e.problems]
    else:
        summary["results"] = [
            {
                "input": str(r.input),
                "ok": r.ok,
                "problems": [str(p) for p in r.problems],
                "warnings": [str(p) for p in r.warnings],
                "outputs": [str(p) for p in r.outputs],
            }
            for r in report.results
        ]
        summary["skipped"] = [str(p) for p in report.skipped]

    recording = False
    folder, name = os.path.split(outfile)
    for log in sorted(f for f in os.listdir(folder) if f.startswith(f"{name}.")):
        with open(os.path.join(folder, log), encoding="utf-8") as f:
            events.extend(json.loads(line) for line in f if line.endswith("\n"))
        os.remove(os.path.join(folder, log))
    with open(outfile, "w", encoding="utf-8") as f:
        json.dump({"events": events, "sys_path": sys.path, "report": summary}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
