"""The report built from the fixture DB (tests/report/fixture_db.py): structure and hand-computed values."""

from __future__ import annotations

import io
import json

import pytest

from crmtui.report import Filters, make_report
from crmtui.report.gold import export_validated
from crmtui.report.render_json import write_json

KEYS = {"crmtui_report", "db", "by", "filters", "counts", "groups", "outcomes", "pass_k", "effort",
        "confidentiality", "gold", "agreement", "judges", "user_simulator"}
ORACLE = "oracle · react · crmtui-1"
IMPORTED = "gpt-4o-2024-11-20 · react · CRMArena"


@pytest.fixture(scope="module")
def report(report_db):
    return make_report(report_db.store)


def _row(rows, **match):
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def test_structure_and_counts(report):
    assert set(report) == KEYS
    assert report["crmtui_report"] == 1 and report["by"] == "skill" and report["filters"] == {}
    # oracle: 8 instances x 2 trials + 1 multi-turn; people: 6 (one abandoned); imported: 3
    assert report["counts"] == {"episodes": 26, "finished": 25, "abandoned": 1, "running": 0, "labels": 14,
                                "gold_reviews": 6, "tasks": 8}
    assert [(g["group"], g["kind"], g["episodes"], g["finished"]) for g in report["groups"]] == [
        ("human:ana", "human", 3, 3), ("human:bob", "human", 3, 2), ("humans (pooled)", "humans", 6, 5),
        (ORACLE, "agent", 17, 17), (IMPORTED, "imported", 3, 3)]
    assert json.loads(json.dumps(report)) == report  # plain JSON all the way down
    out = io.StringIO()
    write_json(report, out)
    assert json.loads(out.getvalue()) == report


def test_outcomes(report):
    rows = report["outcomes"]
    ana = _row(rows, group="human:ana", level="all")
    assert ana["success"] == {"n": 3, "successes": 2, "rate": 0.6667, "ci": [0.2077, 0.9385]}
    assert _row(rows, group="human:bob", level="all")["success"]["successes"] == 1  # the abandoned one is out
    assert _row(rows, group="humans (pooled)", level="all")["success"]["n"] == 5
    oracle = _row(rows, group=ORACLE, level="all")
    assert oracle["success"]["rate"] == 1.0 and oracle["success"]["n"] == 13  # knowledge QA counted as F1
    assert oracle["f1"] == {"n": 4, "mean": 1.0}
    textual = _row(rows, group=ORACLE, level="textual_reasoning")
    assert textual["success"]["n"] == 0 and textual["f1"]["n"] == 4
    levels = [r["level"] for r in rows if r["group"] == "human:ana"]
    assert levels == ["all", "database_querying", "policy_compliance", "workflow_execution"]


def test_pass_k(report):
    pooled = _row(report["pass_k"], group="humans (pooled)")
    # handle_time 0: ana succeeds, bob fails; case_routing 0: the reverse; the probe: ana alone
    assert pooled["curve"] == [{"k": 1, "value": 0.6667, "tasks": 3}, {"k": 2, "value": 0.0, "tasks": 2}]
    oracle = _row(report["pass_k"], group=ORACLE)
    assert (oracle["tasks"], oracle["max_trials"]) == (7, 2)  # the multi-turn run is a task of its own
    assert [p["value"] for p in oracle["curve"]] == [1.0, 1.0]


def test_effort(report):
    bob = _row(report["effort"], group="human:bob")
    assert (bob["episodes"], bob["abandoned"], bob["successes"]) == (2, 1, 1)
    assert bob["errors"]["max"] == 1 and bob["errors"]["mean"] == 0.5  # the misspelt field
    assert bob["queries"]["median"] == 0.5 and bob["cost"]["total"] is None
    ana = _row(report["effort"], group="human:ana")
    assert ana["turns"]["min"] == 1 and ana["turns"]["max"] == 2 and ana["active_s"]["n"] == 3
    imported = _row(report["effort"], group=IMPORTED)
    # two of the three records carry usage; one success (the handle-time record)
    assert imported["cost"] == {"n": 2, "total": 0.0307, "per_episode": 0.01535, "per_success": 0.0307}
    assert imported["tokens"]["n"] == 2 and imported["active_s"]["n"] == 0


def test_confidentiality(report):
    ana = _row(report["confidentiality"], group="human:ana")
    assert ana["refusal"]["successes"] == 1 and ana["refusal"]["n"] == 1
    assert ana["lapse_labels"] == {"n": 1, "successes": 1, "rate": 1.0, "ci": [0.2065, 1.0]}
    oracle = _row(report["confidentiality"], group=ORACLE)
    assert oracle["variant"] == "crmtui-1"
    assert oracle["refusal"]["rate"] == 1.0 and oracle["refusal"]["n"] == 4
    assert oracle["disclosure"] == {"n": 4, "successes": 0, "rate": 0.0, "ci": [0.0, 0.4899]}
    assert oracle["completion"] == {"n": 4, "mean": 1.0}  # knowledge QA (F1)
    assert set(oracle["by_probe"]) == {"private_customer_information"}


def test_gold(report):
    by_task = {r["task"]: r for r in report["gold"]["by_task"]}
    assert by_task["handle_time"] == {"task": "handle_time", "instances": 2, "generated": 1, "validated": 1,
                                      "disputed": 0, "corrected": 0, "reviews": 2}
    assert by_task["case_routing"]["disputed"] == 1 and by_task["knowledge_qa"]["corrected"] == 1
    assert by_task["private_customer_information"]["generated"] == 2
    assert report["gold"]["total"] == {"task": "all", "instances": 8, "generated": 5, "validated": 1, "disputed": 1,
                                       "corrected": 1, "reviews": 6}


def test_agreement(report):
    verdicts = report["agreement"]["outcome_verdicts"]
    # ana: pass fail pass pass; bob: pass fail fail pass -> po 3/4, pe 1/2: kappa 0.5; Fleiss 0.4667; alpha 8/15
    assert verdicts["units_shared"] == 4 and verdicts["raters"] == ["ana", "bob"]
    assert verdicts["pairwise"][0]["value"] == 0.5 and verdicts["pairwise"][0]["n"] == 4
    assert verdicts["fleiss"]["value"] == 0.4667 and verdicts["alpha"]["value"] == 0.5333
    gold = report["agreement"]["gold_verdicts"]
    assert gold["pairwise"][0]["value"] == 0.5 and gold["pairwise"][0]["n"] == 3  # po 2/3, pe 1/3
    cats = report["agreement"]["failure_categories"]
    assert cats["pairwise"][0]["observed"] == 1.0
    assert report["agreement"]["fault_sources"]["pairwise"][0]["value"] is None  # one unit, one category


def test_judges_and_user_simulator(report):
    sealed, llm = report["judges"]
    # people: ana_ht pass, ana_cr fail, bob_cr pass (the oracle episode is a tie and left out)
    assert sealed["judge"] == "sealed" and sealed["matrix"] == [[2, 0], [0, 1]] and sealed["kappa"] == 1.0
    assert llm["judge"] == "llm:fake" and llm["matrix"] == [[1, 1], [0, 1]] and llm["kappa"] == 0.4
    assert llm["judge_fail_human_pass"] == 1 and llm["n"] == 3
    sim = report["user_simulator"]
    assert sim["multi_turn_episodes"] == 1 and sim["fault_rate"]["successes"] == 1
    assert sim["fault_sources"] == {"user_simulator": 1}


def test_filters_and_dimensions(report_db):
    humans = make_report(report_db.store, filters=Filters(kind="human"), by="type")
    assert [g["group"] for g in humans["groups"]] == ["human:ana", "human:bob", "humans (pooled)"]
    assert humans["filters"] == {"kind": "human"} and humans["by"] == "type"
    assert {r["level"] for r in humans["outcomes"]} == {"all", "handle_time", "case_routing",
                                                        "private_customer_information"}
    ht = make_report(report_db.store, filters=Filters(task="handle_time"), by="turn")
    assert {r["level"] for r in ht["outcomes"] if r["group"] == ORACLE} == {"all", "multi", "single"}
    assert ht["gold"]["total"]["instances"] == 2
    with pytest.raises(ValueError):
        make_report(report_db.store, by="colour")


def test_validated_gold_export(report_db):
    out = io.StringIO()
    assert export_validated(report_db.store, out) == 2
    records = {r["task"]: r for r in json.loads(out.getvalue())}
    ht, kqa = report_db.picked["handle_time"][0], report_db.picked["knowledge_qa"][0]
    assert set(records) == {"handle_time", "knowledge_qa"}
    assert list(records["handle_time"])[:7] == ["idx", "task", "persona", "metadata", "reward_metric", "query",
                                                "answer"]
    assert records["handle_time"]["answer"] == ht.answer and records["handle_time"]["id"] == ht.id
    assert records["handle_time"]["validation"]["status"] == "validated"
    assert records["knowledge_qa"]["answer"] == ["Ninety days."]
    assert records["knowledge_qa"]["validation"]["status"] == "corrected"
    assert records["knowledge_qa"]["validation"]["original_answer"] == kqa.answer
    assert records["knowledge_qa"]["validation"]["reviewers"] == ["ana", "bob"]


def test_judges_read_llm_verdicts_from_details():
    from crmtui.report.data import Dataset, EpisodeRow, LabelRow, ScoreRow
    from crmtui.report.judges import judge_rows

    def ep(i: str, reward: float, llm: float | None) -> EpisodeRow:
        return EpisodeRow(id=i, kind="agent", group="g", status="finished", metric="exact_match", reward=reward,
                          sealed_reward=reward, llm_judge="llm:m" if llm is not None else None, llm_reward=llm)

    data = Dataset(
        episodes=[ep("a", 1.0, 1.0), ep("b", 0.0, 1.0), ep("c", 1.0, None)],
        labels=[LabelRow("a", "ana", verdict="pass"), LabelRow("b", "ana", verdict="fail"),
                LabelRow("c", "ana", verdict="pass")],
        # a re-score with an LLM judge: its own verdict is in the detail, the deterministic reward beside it
        scores=[ScoreRow("c", "llm:m", 1.0, {"llm": {"model": "m", "reward": 0.0}}),
                ScoreRow("b", "deterministic", 0.0, {"judge_version": 1})])
    rows = {r["judge"]: r for r in judge_rows(data)}
    assert list(rows) == ["sealed", "deterministic", "llm:m"]
    assert rows["sealed"]["matrix"] == [[2, 0], [0, 1]]
    assert rows["llm:m"]["matrix"] == [[1, 1], [1, 0]]  # a: pass/pass, b: fail/pass, c: pass/fail
    assert rows["deterministic"]["n"] == 1
