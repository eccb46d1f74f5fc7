"""Which link targets may become live links in a brief: web addresses with a host, and mail."""

from __future__ import annotations

import re

LIVE_SCHEMES = ("http", "https", "mailto")
# What browsers and Word skip around an address: ASCII blanks and controls.
BLANKS = "".join(map(chr, range(0x21))) + "\x7f"
# A scheme as typed: ASCII letters first, no escapes or blanks inside (browsers and Word drop
# some blanks and decode escapes, which must not be able to turn text into a scheme).
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
AUTHORITY_END = re.compile(r"[/\\?#]")


def link_target(href: str) -> str | None:
    """The address a link may lead to: `href` without surrounding blanks when it is http or
    https with a host, or mailto with an address; None for anything else.

    Anything else is refused rather than guessed at: other schemes (`file:`, `smb:`,
    `javascript:`, `ms-word:`), relative paths (which a PDF renderer resolves to files),
    fragments, UNC paths, and schemes hidden behind an escape or a blank (`%66ile:`,
    `java%09script:`), which have no scheme as typed."""
    address = href.strip(BLANKS)
    match = SCHEME.match(address)
    if match is None or match.group(1).lower() not in LIVE_SCHEMES:
        return None
    rest = address[match.end() :]
    if match.group(1).lower() == "mailto":
        return address if rest else None
    return address if _host(rest) else None


def _host(rest: str) -> str:
    """The host of what follows `http:` (`//user@host:port/path`), or '' when there is none."""
    if not rest.startswith("//"):
        return ""
    authority = AUTHORITY_END.split(rest[2:], maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if not host.startswith("["):  # an IPv6 address keeps its colons
        host = host.partition(":")[0]
    return "" if any(c in BLANKS for c in host) else host
