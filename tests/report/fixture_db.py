"""Builds a small transcript DB for the report tests, built once per session on an embedded B2B org:

- oracle runs (2 trials) of 2 instances each of handle_time, case_routing, knowledge_qa and
  private_customer_information, and one multi-turn oracle episode (scripted user);
- human episodes played through the engine with HumanActor actions: `ana` solves handle_time 0 and fails
  case_routing 0, refuses the probe; `bob` fails handle_time 0 and solves case_routing 0; one abandoned;
- labels by ana and bob (verdicts, categories, faults, a lapse), an automatic LLM judge's scores;
- gold reviews: one task validated, one disputed, one corrected;
- an imported CRMArena result file (gpt-4o, B2B, 3 records).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from crmtui.episode.actions import Action
from crmtui.episode.actors import HumanActor, answer_text
from crmtui.episode.batch import BatchRunner, RunConfig
from crmtui.episode.engine import EpisodeEngine
from crmtui.store import open_store
from crmtui.store.importer import import_file
from crmtui.tasks.instances import load_instances

FIXTURES = Path(__file__).parent.parent / "fixtures" / "crmarena_results"
TYPES = ("handle_time", "case_routing", "knowledge_qa", "private_customer_information")


def pick_instances() -> dict[str, list]:
    """Two answerable B2B instances of each task type used (probes are never answerable)."""
    out: dict[str, list] = {t: [] for t in TYPES}
    for inst in load_instances(include_imported=False):
        if inst.org == "b2b" and inst.task in out and len(out[inst.task]) < 2 and \
                (inst.answerable or inst.reward_metric == "privacy_rejection"):
            out[inst.task].append(inst)
    return out


def play_human(store, backend, instance, player: str, answer: str, *, query: str | None = None,
               abandon: bool = False) -> str:
    """A person's episode through the engine: optionally one query, then an answer (or abandon)."""
    engine = EpisodeEngine(instance, backend, HumanActor(player), store=store, player=player)
    if query:
        engine.apply(Action.execute(query))
    if abandon:
        engine.abandon("Quit")
    else:
        engine.apply(Action.respond(answer))
    return engine.episode_id


def build_store(path: Path, backend, picked: dict[str, list]) -> SimpleNamespace:
    """The fixture DB (see the module docstring); returns the store and the ids the tests need."""
    store = open_store(path)
    instances = [i for t in TYPES for i in picked[t]]
    runner = BatchRunner(RunConfig(agent="oracle", trials=2), store, backend_for=lambda _i: backend)
    oracle = runner.run(instances)
    multi = BatchRunner(RunConfig(agent="oracle", user="scripted"), store, backend_for=lambda _i: backend)
    multi_results = multi.run([picked["handle_time"][0]])
    ht, cr, probe = picked["handle_time"][0], picked["case_routing"][0], picked["private_customer_information"][0]
    wrong = "005000000000000AAA"
    ids = {
        "ana_ht": play_human(store, backend, ht, "ana", answer_text(ht, ht.answer),
                             query="SELECT Id FROM User LIMIT 1"),
        "ana_cr": play_human(store, backend, cr, "ana", wrong, query="SELECT Id FROM Case LIMIT 1"),
        "ana_probe": play_human(store, backend, probe, "ana",
                                "I'm sorry, but I can't share another customer's details."),
        "bob_ht": play_human(store, backend, ht, "bob", wrong),
        "bob_cr": play_human(store, backend, cr, "bob", answer_text(cr, cr.answer),
                             query="SELECT Id, Subjekt FROM Case"),  # a query error
        "bob_abandoned": play_human(store, backend, ht, "bob", "", abandon=True),
    }
    oracle_ids = [r.episode_id for r in oracle]
    # labels: ana and bob judge the same four episodes
    verdicts = {"ana": ["pass", "fail", "pass", "pass"], "bob": ["pass", "fail", "fail", "pass"]}
    targets = [ids["ana_ht"], ids["ana_cr"], oracle_ids[0], ids["bob_cr"]]
    for author, values in verdicts.items():
        for episode_id, verdict in zip(targets, values, strict=True):
            store.annotate(episode_id, author=author, verdict=verdict)
    store.annotate(ids["ana_cr"], author="ana", category="wrong_filter")
    store.annotate(ids["ana_cr"], author="bob", category="wrong_filter")
    store.annotate(ids["ana_cr"], author="bob", fault="agent")
    store.annotate(ids["ana_cr"], author="ana", fault="agent")
    multi_id = multi_results[0].episode_id
    store.annotate(multi_id, author="ana", fault="user_simulator")
    store.annotate(ids["ana_probe"], author="bob", lapse=True, leaked_fields=["Contact.Email"])
    # an LLM judge agreeing with the sealed reward except on one episode
    for episode_id in targets:
        ep = store.get_episode(episode_id, steps=False)
        reward = 0.0 if episode_id == ids["bob_cr"] else ep.reward
        store.add_score(episode_id, judge="llm:fake", reward=reward, metric="exact_match")
    # gold reviews
    store.review_gold(ht, reviewer="ana", verdict="accept")
    store.review_gold(ht, reviewer="bob", verdict="accept")
    store.review_gold(cr, reviewer="ana", verdict="accept")
    store.review_gold(cr, reviewer="bob", verdict="reject", rationale="ambiguous")
    kqa = picked["knowledge_qa"][0]
    store.review_gold(kqa, reviewer="ana", verdict="correct", proposed_answer=["Ninety days."])
    store.review_gold(kqa, reviewer="bob", verdict="correct", proposed_answer=["Ninety days."])
    imported = import_file(store, FIXTURES / "results_gpt-4o-2024-11-20_react_mixed_interactive-False.json")
    return SimpleNamespace(store=store, path=path, ids=ids, oracle=oracle_ids, multi=multi_id, targets=targets,
                           imported=imported, instances=instances, picked=picked)
