"""`--shard K/N`: the share of a workspace one of N machines builds.

The meetings of a series are read together (a brief depends on the earlier meetings of its
series), so a series is never split: shards are made of whole series, and a meeting outside
any series is a series of one. The shares are balanced by size (the largest series first, each
to the shard with the fewest meetings so far) and depend only on the files read, so every
machine given the same workspace computes the same shares, and together they build it all,
each brief exactly once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, Problem
from .series import MeetingFile

SHARD = re.compile(r"([0-9]+)/([0-9]+)")


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`K/N` with 1 ≤ K ≤ N, as `--shard` takes it."""
        match = SHARD.fullmatch(text.strip())
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            message = f"'{text}': expected K/N, the K-th of N shards (1 ≤ K ≤ N), such as 2/4"
            raise ConfigError([Problem(Path("--shard"), message)])
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def share(self, files: Sequence[MeetingFile]) -> list[MeetingFile]:
        """The files of this shard, in the order given."""
        groups: dict[str, list[MeetingFile]] = {}
        for file in files:
            key = f"series {file.series}" if file.series is not None else f"file {file.path}"
            groups.setdefault(key, []).append(file)
        loads = [0] * self.count
        mine: set[int] = set()
        for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
            shard = loads.index(min(loads))
            loads[shard] += len(groups[key])
            if shard == self.index - 1:
                mine.update(id(f) for f in groups[key])
        return [f for f in files if id(f) in mine]
