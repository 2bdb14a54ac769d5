"""Re-record tests/episode/data/react_cassette.json (needed whenever prompts, schemas or instances change).

    python -m tests.episode.record_cassette

A scripted "model" answers through litellm's mock_response (no network; usage and cost as litellm reports them
for gpt-4o): it runs the instance's first reference query, then responds with the gold answer. The recording is
then replayed offline by `crmtui run --agent react:gpt-4o --cassette ... --replay` (tests/episode/test_cli.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

CASSETTE = Path(__file__).parent / "data" / "react_cassette.json"
MODEL = "gpt-4o"
INSTANCES = ("b2b/best_region_identification/0000", "b2b/handle_time/0000", "b2b/knowledge_qa/0000")
TASK_FILTER = "id=" + "|".join(INSTANCES)


def scripted_completion(instances):
    from crmtui.episode.llm import import_litellm

    litellm = import_litellm()
    by_query = {i.query: i for i in instances}

    def completion(**kwargs):
        messages = kwargs["messages"]
        instance = by_query[messages[1]["content"]]
        if len(messages) == 2:
            text = (f"<thought> I will look this up. </thought>\n<execute> {instance.solution.queries[0]} "
                    "</execute>")
        else:
            answer = ", ".join("None" if a is None else a for a in instance.answer)
            text = f"<thought> The output answers the question. </thought>\n<respond> {answer} </respond>"
        return litellm.completion(**{**kwargs, "mock_response": text})

    return completion


def record(path: Path = CASSETTE) -> Path:
    from crmtui.episode.batch import BatchRunner, RunConfig
    from crmtui.episode.cassette import Cassette
    from crmtui.tasks.instances import filter_instances, load_instances

    instances = filter_instances(load_instances("b2b", include_imported=False), TASK_FILTER)
    assert len(instances) == len(INSTANCES)
    path.unlink(missing_ok=True)
    config = RunConfig(agent=f"react:{MODEL}", cassette=Cassette(path, "record"),
                       client_options={"completion": scripted_completion(instances)})
    results = BatchRunner(config).run(instances)
    assert all(r.status == "finished" and r.reward == 1.0 for r in results), results
    return path


if __name__ == "__main__":
    print(record(Path(sys.argv[1]) if len(sys.argv) > 1 else CASSETTE))
