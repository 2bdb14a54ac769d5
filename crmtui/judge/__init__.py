"""Scoring: exact match with typed extraction, fuzzy token F1, privacy refusal + disclosure, optional LLM checks.

    from crmtui.judge import score
    result = score(instance, reply, retrieved_records, schema)   # Score(reward, metric, detail)
"""

from crmtui.judge.scoring import JUDGE_VERSION, Score, score

__all__ = ["JUDGE_VERSION", "Score", "score"]
