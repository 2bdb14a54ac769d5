"""Instantiate task specs against an org: the oracle computes each gold answer from the data.

Generation is deterministic for (org, task, seed): every task draws from its own random stream and the
oracles' queries order their results, so regenerating gives byte-identical instance files.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from crmtui.errors import CrmtuiError
from crmtui.tasks.model import TaskInstance, TaskSpec
from crmtui.tasks.oracles import ORACLES, OracleContext

DEFAULT_PER_TASK = {"original": 130, "b2b": 100, "b2c": 100}
PROBES_PER_TASK = 80  # CRMArena-Pro's confidentiality probes have 80 instances each
MAX_ATTEMPTS = 3000

Progress = Callable[[str, int, int], None]


class GenerationError(CrmtuiError):
    """An oracle could not produce enough unambiguous instances."""


def open_context(org: str, path: Path | None = None) -> OracleContext:
    """An oracle context on the default org of `org` (or on the dump at `path`)."""
    from crmtui.org.backends import EmbeddedBackend
    from crmtui.org.clock import parse_datetime
    from crmtui.org.soql.engine import Engine
    from crmtui.org.spec import OrgSpec

    dump = path or OrgSpec("embedded", kind=org).dump_path()
    engine = Engine.open(dump)
    backend = EmbeddedBackend(engine)
    return OracleContext(backend=backend, org=org, now=parse_datetime(backend.now))


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[:1].upper() + text[1:] if text else text


def generate_task(ctx: OracleContext, spec: TaskSpec, count: int, seed: int, start_idx: int) -> list[TaskInstance]:
    """`count` instances of one task type, with the spec's share of non-answerable ones."""
    oracle = ORACLES[spec.oracle]
    rng = random.Random(f"crmtui-tasks:{ctx.org}:{spec.suite}:{spec.name}:{seed}")
    unanswerable = round(count * spec.unanswerable_share)
    plan = [False] * unanswerable + [True] * (count - unanswerable)
    rng.shuffle(plan)
    out: list[TaskInstance] = []
    seen: set[tuple[str, str]] = set()
    for i, answerable in enumerate(plan):
        for _attempt in range(MAX_ATTEMPTS):
            draw = oracle.draw(ctx, rng, answerable)
            if draw is None:
                continue
            query = _fill(rng.choice(spec.queries), draw.slots)
            required = spec.policy.format(**draw.slots)
            if (query, required) in seen:
                continue
            seen.add((query, required))
            break
        else:
            raise GenerationError(f"{spec.suite}/{spec.name}: no unambiguous {'' if answerable else 'non-'}"
                                  f"answerable instance found for {ctx.org} after {MAX_ATTEMPTS} draws")
        out.append(TaskInstance(
            idx=start_idx + i, task=spec.name, persona=rng.choice(spec.personas), required=required,
            optional=spec.optional.format(**draw.slots), reward_metric=spec.reward_metric, query=query,
            answer=draw.answer, id=f"{ctx.org}/{spec.name}/{i:04d}", org=ctx.org, suite=spec.suite,
            domain=spec.domain, skill=spec.skill, audience=spec.audience, answer_kind=spec.answer_kind,
            reveal=[_fill(r, draw.slots) for r in spec.reveal], solution=draw.solution,
        ))
    return out


def generate_org(org: str, specs: list[TaskSpec], per_task: int | None = None, seed: int = 1,
                 ctx: OracleContext | None = None, progress: Progress | None = None) -> list[TaskInstance]:
    """Every instance of every spec that applies to `org`, in spec-name order, idx counted across them."""
    ctx = ctx or open_context(org)
    chosen = sorted((s for s in specs if org in s.orgs), key=lambda s: s.name)
    instances: list[TaskInstance] = []
    for n, spec in enumerate(chosen):
        if progress:
            progress(spec.name, n, len(chosen))
        count = per_task or (PROBES_PER_TASK if spec.domain == "confidentiality" else DEFAULT_PER_TASK[org])
        instances += generate_task(ctx, spec, count, seed, start_idx=len(instances))
    return instances
