"""`crmtui verify`: check every episode's hash chain and say what was changed, by episode and step index.

For each episode the steps are re-hashed and the chain is followed from the episode's genesis hash:

- **altered**: a step whose content no longer matches its hash (it still links into the chain);
- **deleted**: the chain points to a step that is gone (a gap in the indexes, or a missing predecessor), or the
  episode's head names a step that is not there (the last steps were removed);
- **inserted**: a step the chain does not lead to (it claims a predecessor another step already follows, or a
  predecessor that does not exist and nothing follows it), or a step after the recorded head;
- **reordered**: the chain visits steps in an order that differs from their indexes;
- **episode**: the header (task, agent, source...) or the sealed result (status, reward, answer...) was edited.

A chain that is consistent but was entirely re-computed by someone who knows the scheme cannot be told from
the original: publish head hashes (`crmtui export --format jsonl` includes them) to anchor them elsewhere.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from crmtui.store import hashing
from crmtui.store.model import HEADER_FIELDS, JSON_EPISODE_FIELDS, RESULT_FIELDS

_STEP_FIELDS = ("idx", "actor", "kind", "content", "tool", "arguments", "observation", "error", "started_at",
                "ended_at", "duration_ms", "prompt_tokens", "completion_tokens", "cost", "meta", "prev_hash", "hash")
KINDS = ("altered", "deleted", "inserted", "reordered", "episode", "database")


@dataclass(frozen=True)
class Break:
    episode_id: str | None
    index: int | None  # the step index concerned (as stored); None for the episode itself or the whole DB
    kind: str  # one of KINDS
    detail: str

    def __str__(self) -> str:
        where = "database" if self.episode_id is None else f"episode {self.episode_id}"
        if self.index is not None:
            where += f" step {self.index}"
        return f"{where}: {self.kind}: {self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {"episode": self.episode_id, "step": self.index, "kind": self.kind, "detail": self.detail}


@dataclass
class VerifyReport:
    episodes: int = 0
    steps: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def broken_episodes(self) -> list[str]:
        return sorted({b.episode_id for b in self.breaks if b.episode_id is not None})

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "episodes": self.episodes, "steps": self.steps,
                "breaks": [b.to_json() for b in self.breaks]}


@dataclass
class _Row:
    idx: int
    prev: str
    hash: str
    content_ok: bool


def _rehash(values: dict[str, Any]) -> str:
    decoded = dict(values)
    for name in ("arguments", "observation", "meta"):
        decoded[name] = hashing.from_storage(decoded[name])
    return hashing.link(values["prev_hash"], hashing.step_payload_json(decoded))


def verify_episode(episode: dict[str, Any], step_rows: list[dict[str, Any]]) -> list[Break]:
    """Breaks of one episode, given its row and its step rows (as stored, decoded JSON not required)."""
    eid = episode["id"]
    out: list[Break] = []
    header = {name: episode[name] for name in HEADER_FIELDS}
    try:
        header["config"] = hashing.from_storage(header["config"])
        intact = hashing.genesis_hash(header) == episode["genesis_hash"]
    except (ValueError, TypeError):
        intact = False
    if not intact:
        out.append(Break(eid, None, "episode", "episode header (task, org, agent, source...) altered"))
    genesis = episode["genesis_hash"]

    rows: list[_Row] = []
    for values in sorted(step_rows, key=lambda r: r["idx"]):
        try:
            ok = _rehash(values) == values["hash"]
        except (ValueError, TypeError, AttributeError):
            ok = False
        rows.append(_Row(values["idx"], values["prev_hash"] or "", values["hash"] or "", ok))

    by_prev: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_prev[row.prev].append(row)
    head = episode["head_hash"]

    # follow the chain from the genesis; at a fork prefer the step something else follows, then the head
    chain: list[_Row] = []
    seen: set[int] = set()
    cur = genesis
    while True:
        candidates = [r for r in by_prev.get(cur, []) if id(r) not in seen]
        if not candidates:
            break
        candidates.sort(key=lambda r: (r.hash not in by_prev, r.hash != head, r.idx))
        pick = candidates[0]
        chain.append(pick)
        seen.add(id(pick))
        cur = pick.hash

    for row in chain:
        if not row.content_ok:
            out.append(Break(eid, row.idx, "altered", "content does not match its hash"))

    # steps off the chain: group them into segments that link to each other
    orphans = [r for r in rows if id(r) not in seen]
    orphan_hashes = {r.hash for r in orphans}
    chain_hashes = {r.hash for r in chain} | {genesis}
    all_idx = sorted(r.idx for r in rows)
    covered: set[int] = set()
    for row in orphans:
        if row.prev in orphan_hashes and row.prev != row.hash:
            continue  # inside a segment: reported with the segment's first step
        segment = [row]
        while True:
            nxt = [r for r in by_prev.get(segment[-1].hash, []) if id(r) not in seen and r not in segment]
            if not nxt:
                break
            segment.append(nxt[0])
        covered.update(id(r) for r in segment)
        lower = [i for i in all_idx if i < row.idx]
        expected_prev_idx = lower[-1] if lower else -1
        missing = list(range(expected_prev_idx + 1, row.idx))
        if row.prev in chain_hashes:
            for r in segment:
                out.append(Break(eid, r.idx, "inserted", "a second step claims the same predecessor"))
        elif missing:
            where = f"step {missing[0]}" if len(missing) == 1 else f"steps {missing[0]}-{missing[-1]}"
            out.append(Break(eid, missing[0], "deleted", f"{where} missing: step {row.idx} follows a step that "
                                                         "is not there"))
            out += [Break(eid, r.idx, "altered", "content does not match its hash") for r in segment
                    if not r.content_ok]
        elif len(segment) == 1 and row.hash not in by_prev and (not row.content_ok or row.idx > chain_last(chain)):
            out.append(Break(eid, row.idx, "inserted", "step is not part of the chain (unknown predecessor)"))
        else:
            out.append(Break(eid, row.idx, "deleted",
                             f"chain broken before step {row.idx}: a step was deleted (indexes renumbered), or the "
                             "step before it was altered and re-hashed"))
            out += [Break(eid, r.idx, "altered", "content does not match its hash") for r in segment
                    if not r.content_ok]

    for row in orphans:  # steps whose links form a loop among themselves
        if id(row) not in covered:
            out.append(Break(eid, row.idx, "altered", "step is not reachable from the start of its chain"))

    # order: the chain must visit steps by increasing index
    chain_idx = [r.idx for r in chain]
    if chain_idx != sorted(chain_idx):
        ordered = sorted(chain_idx)
        for position, idx in enumerate(chain_idx):
            if ordered[position] != idx:
                out.append(Break(eid, idx, "reordered", f"step is number {position} in its hash chain"))

    # the head: the chain must end where the episode says it does, after as many steps as it records
    for r in chain[episode["step_count"]:]:
        out.append(Break(eid, r.idx, "inserted", "step follows the episode's recorded last step"))
    last = chain[-1].hash if chain else genesis
    if head != last:
        positions = {r.hash: i for i, r in enumerate(chain)}
        if head in positions:
            for r in chain[positions[head] + 1:]:
                out.append(Break(eid, r.idx, "inserted", "step follows the episode's recorded last step"))
        elif head not in orphan_hashes and head != genesis:
            first_missing = (max(all_idx) + 1) if all_idx else 0
            out.append(Break(eid, first_missing, "deleted", f"the episode records {episode['step_count']} steps; "
                             f"its last step (hash {head[:12]}...) is not there"))
        elif head == genesis and chain:
            for r in chain:
                out.append(Break(eid, r.idx, "inserted", "the episode records no steps"))
    elif episode["step_count"] != len(rows) and not out:
        out.append(Break(eid, None, "episode", f"the episode records {episode['step_count']} steps, "
                                               f"{len(rows)} are stored"))
    if not out and chain_idx != list(range(len(chain_idx))):
        for position, idx in enumerate(chain_idx):
            if idx != position:
                out.append(Break(eid, idx, "reordered", f"step renumbered (its position in the chain is {position})"))
                break

    # the seal of a finished episode
    status = episode["status"]
    if episode["seal_hash"] is not None:
        result = {name: episode[name] for name in RESULT_FIELDS}
        try:
            for name in JSON_EPISODE_FIELDS:
                if name in result:
                    result[name] = hashing.from_storage(result[name])
            sealed = hashing.seal_hash(head, episode["step_count"], result) == episode["seal_hash"]
        except (ValueError, TypeError):
            sealed = False
        if not sealed:
            out.append(Break(eid, None, "episode", "sealed result (status, answer, reward, totals, head) altered"))
    elif status != "running":
        out.append(Break(eid, None, "episode", f"episode is {status} but its result is not sealed"))
    return _dedupe(out)


def chain_last(chain: list[_Row]) -> int:
    return chain[-1].idx if chain else -1


def _dedupe(breaks: list[Break]) -> list[Break]:
    seen, out = set(), []
    for b in breaks:
        if (b.index, b.kind) not in seen:
            seen.add((b.index, b.kind))
            out.append(b)
    out.sort(key=lambda b: (-1 if b.index is None else b.index, KINDS.index(b.kind)))
    return out


def verify_store(store: Any, integrity: bool = True) -> VerifyReport:
    conn = store.conn
    report = VerifyReport()
    if integrity:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            report.breaks.append(Break(None, None, "database", "; ".join(problems[:5])))
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            report.breaks.append(Break(None, None, "database", f"{len(fk)} rows reference missing rows "
                                                                f"(first: table {fk[0][0]}, rowid {fk[0][1]})"))
    episode_columns = HEADER_FIELDS + RESULT_FIELDS + ("step_count", "head_hash", "genesis_hash", "seal_hash")
    episodes = {row[0]: dict(zip(episode_columns, row, strict=True)) for row in
                conn.execute(f"SELECT {', '.join(episode_columns)} FROM episodes ORDER BY rowid")}
    report.episodes = len(episodes)
    done: set[str] = set()
    rows = conn.execute(f"SELECT episode_id, {', '.join(_STEP_FIELDS)} FROM steps ORDER BY episode_id, idx")
    for episode_id, group in groupby(rows, key=lambda r: r[0]):
        values = [dict(zip(_STEP_FIELDS, row[1:], strict=True)) for row in group]
        report.steps += len(values)
        if episode_id not in episodes:
            report.breaks += [Break(episode_id, v["idx"], "inserted", "step of an episode that does not exist")
                              for v in values]
            continue
        done.add(episode_id)
        report.breaks += verify_episode(episodes[episode_id], values)
    for episode_id, episode in episodes.items():
        if episode_id not in done:
            report.breaks += verify_episode(episode, [])
    order = {eid: i for i, eid in enumerate(episodes)}
    report.breaks.sort(key=lambda b: (b.episode_id is not None, order.get(b.episode_id, len(order)),
                                      -1 if b.index is None else b.index))
    return report


def describe(report: VerifyReport) -> str:
    return json.dumps(report.to_json(), indent=2)
