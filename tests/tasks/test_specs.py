"""Task specs: a valid spec loads; every kind of mistake is one error naming the file and line."""

from __future__ import annotations

import pytest

from crmtui.errors import CrmtuiError
from crmtui.tasks.errors import SpecError, TaskError
from crmtui.tasks.personas import EXTERNAL_PERSONAS, INTERNAL_PERSONAS, PERSONA_POOLS
from crmtui.tasks.specs import load_spec, load_specs, parse_spec, template_slots
from tests.tasks.helpers import VALID_SPEC

pytestmark = pytest.mark.usefixtures("fake_oracles", "isolated")


def write(tmp_path, text, name="handle_time.yaml", folder="specs"):
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_spec_loads(tmp_path):
    path = write(tmp_path, VALID_SPEC)
    spec = load_spec(path)
    assert spec.name == "handle_time" and spec.suite == "crmarena_pro" and spec.orgs == ("b2b", "b2c")
    assert (spec.domain, spec.skill, spec.audience) == ("service", "database_querying", "internal")
    assert (spec.reward_metric, spec.answer_kind, spec.oracle) == ("exact_match", "user_id", "fake")
    assert spec.policy == "## Handle Time Policy\nToday's date: {today}\n"
    assert spec.queries == ("Which agent handled case {case_id} fastest? Return only the Id.",
                            "Literal {{braces}} are fine.\nCase: {case_id}")
    assert spec.personas == INTERNAL_PERSONAS
    assert spec.unanswerable_share == 0.2 and isinstance(spec.unanswerable_share, float)
    assert spec.optional == "" and spec.reveal == ("The case is {case_id}.",)
    assert spec.description == "A test spec." and spec.source == str(path)
    # templates fill with str.format: literal braces survive
    assert spec.queries[1].format(case_id="500X") == "Literal {braces} are fine.\nCase: 500X"


def test_optional_keys_default_and_persona_list(tmp_path):
    text = VALID_SPEC.replace("optional: ''\n", "").replace("description: A test spec.\n", "")
    text = text.replace("reveal:\n- The case is {case_id}.\n", "")
    text = text.replace("personas: internal", "personas:\n- You are terse.\n- You are chatty.")
    spec = load_spec(write(tmp_path, text))
    assert (spec.optional, spec.reveal, spec.description) == ("", (), "")
    assert spec.personas == ("You are terse.", "You are chatty.")
    assert load_spec(write(tmp_path, VALID_SPEC.replace("personas: internal", "personas: external"))).personas \
        == EXTERNAL_PERSONAS


def test_persona_pools():
    assert len(INTERNAL_PERSONAS) == 16 and len(set(INTERNAL_PERSONAS)) == 16
    assert len(EXTERNAL_PERSONAS) == 32 and len(set(EXTERNAL_PERSONAS)) == 32
    assert set(PERSONA_POOLS) == {"internal", "external"}
    assert all(p.startswith("You ") and p.endswith(".") for p in INTERNAL_PERSONAS + EXTERNAL_PERSONAS)


# (replace this, with that) in VALID_SPEC -> the line and the message of the one error
CASES = {
    "unknown key": ("oracle: fake\n", "oracle: fake\npolcy: x\n", 23, "unknown key 'polcy'; did you mean 'policy'?"),
    "unknown key, no suggestion": ("oracle: fake\n", "oracle: fake\nzzz: 1\n", 23,
                                   "unknown key 'zzz'; expected one of name, suite, orgs, domain, skill, audience, "
                                   "reward_metric, answer_kind, policy, queries, personas, unanswerable_share, "
                                   "oracle, optional, reveal, description"),
    "duplicate key": ("oracle: fake\n", "oracle: fake\nskill: database_querying\n", 23,
                      "duplicate key 'skill' (first at line 6)"),
    "missing key": ("oracle: fake\n", "", 2, "missing required key 'oracle'"),
    "missing keys": ("domain: service\nskill: database_querying\n", "", 2,
                     "missing required keys 'domain', 'skill'"),
    "bad enum": ("skill: database_querying", "skill: database_query", 6,
                 "skill: 'database_query' is not one of workflow_execution, policy_compliance, textual_reasoning, "
                 "database_querying; did you mean 'database_querying'?"),
    "bad enum in a list": ("orgs: [b2b, b2c]", "orgs: [b2b, b2bx]", 4,
                           "orgs[1]: 'b2bx' is not one of original, b2b, b2c; did you mean 'b2b'?"),
    "org outside the suite": ("suite: crmarena_pro", "suite: crmarena", 4,
                              "orgs: suite crmarena runs on original, not 'b2b'"),
    "wrong type: string for list": ("queries:\n- Which agent handled case {case_id} fastest? Return only the Id.\n"
                                    "- |-\n  Literal {{braces}} are fine.\n  Case: {case_id}\n",
                                    "queries: Which agent?\n", 15,
                                    "queries: expected a list of strings, got a string"),
    "wrong type: number for string": ("answer_kind: user_id", "answer_kind: 7", 9,
                                      "answer_kind: expected a string, got a number"),
    "wrong type: boolean": ("description: A test spec.", "description: yes", 10,
                            "description: expected a string, got a boolean"),
    "wrong type: date": ("description: A test spec.", "description: 2024-01-01", 10,
                         "description: expected a string, got a date"),
    "wrong type: list item": ("reveal:\n- The case is {case_id}.", "reveal:\n- [nested]", 24,
                              "reveal[0]: expected a string, got a list"),
    "empty list": ("orgs: [b2b, b2c]", "orgs: []", 4, "orgs: must list at least one entry"),
    "empty name": ("name: handle_time", "name: ''", 2, "name: must not be empty"),
    "share not a number": ("unanswerable_share: 0.2", "unanswerable_share: lots", 21,
                           "unanswerable_share: expected a number between 0 and 1, got a string"),
    "share is a boolean": ("unanswerable_share: 0.2", "unanswerable_share: true", 21,
                           "unanswerable_share: expected a number between 0 and 1, got a boolean"),
    "share above 1": ("unanswerable_share: 0.2", "unanswerable_share: 1.5", 21,
                      "unanswerable_share: 1.5 is outside [0, 1]"),
    "share below 0": ("unanswerable_share: 0.2", "unanswerable_share: -0.1", 21,
                      "unanswerable_share: -0.1 is outside [0, 1]"),
    "unknown persona pool": ("personas: internal", "personas: partners", 20,
                             "personas: unknown persona pool 'partners' (expected a list of personas or one of "
                             "internal, external)"),
    "unknown oracle": ("oracle: fake", "oracle: fak", 22, "oracle: unknown oracle 'fak'; did you mean 'fake'?"),
    "unknown oracle, far off": ("oracle: fake", "oracle: routing", 22,
                                "oracle: unknown oracle 'routing'; known: fake"),
    "slot not filled (query)": ("case {case_id} fastest", "case {case} fastest", 16,
                                "queries[0]: slot {case} is not filled by oracle 'fake' (it fills: case_id, today)"),
    "slot not filled (literal block, 2nd line)": ("Case: {case_id}", "Case: {cse}", 19,
                                                  "queries[1]: slot {cse} is not filled by oracle 'fake' "
                                                  "(it fills: case_id, today)"),
    "slot not filled (policy)": ("Today's date: {today}", "Today's date: {now}", 13,
                                 "policy: slot {now} is not filled by oracle 'fake' (it fills: case_id, today)"),
    "slot not filled (optional)": ("optional: ''", "optional: 'See {appendix}.'", 14,
                                   "optional: slot {appendix} is not filled by oracle 'fake' "
                                   "(it fills: case_id, today)"),
    "slot not filled (reveal)": ("The case is {case_id}.", "The case is {case_number}.", 24,
                                 "reveal[0]: slot {case_number} is not filled by oracle 'fake' "
                                 "(it fills: case_id, today)"),
    "single closing brace": ("Literal {{braces}} are fine.", "Literal braces} are fine.", 18,
                             "queries[1]: single '}' (write a literal brace as '}}')"),
    "unmatched opening brace": ("Literal {{braces}} are fine.", "Literal {braces are fine.", 18,
                                "queries[1]: unmatched '{' (write a literal brace as '{{')"),
    "positional slot": ("case {case_id} fastest", "case {} fastest", 16,
                        "queries[0]: empty slot '{}': a slot needs a name, e.g. '{case_id}'"),
    "format spec": ("case {case_id} fastest", "case {case_id!r} fastest", 16,
                    "queries[0]: slot '{case_id!r}': only plain slot names are allowed (no conversion, format spec, "
                    "attribute or index)"),
    "not a slot name": ("case {case_id} fastest", "case {case id} fastest", 16,
                        "queries[0]: '{case id}' is not a slot name (write literal braces as '{{' and '}}')"),
    "non-string key": ("oracle: fake\n", "oracle: fake\n3: x\n", 23, "keys must be field names, got a number"),
    "name not lower_snake_case": ("name: handle_time", "name: HandleTime", 2,
                                  "name: 'HandleTime' must be lower_snake_case (a-z, 0-9, _)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_one_error_naming_file_and_line(tmp_path, case):
    old, new, line, message = CASES[case]
    assert old in VALID_SPEC
    path = write(tmp_path, VALID_SPEC.replace(old, new, 1))
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    assert str(exc.value) == f"{path}:{line}: {message}"
    assert (exc.value.path, exc.value.line) == (str(path), line)
    assert isinstance(exc.value, CrmtuiError)


def test_slot_in_a_multiline_plain_scalar_names_its_line(tmp_path):
    text = VALID_SPEC.replace("- Which agent handled case {case_id} fastest? Return only the Id.",
                              "- Which agent handled\n  case {cse} fastest?")
    path = write(tmp_path, text)
    with pytest.raises(SpecError, match=r":17: queries\[0\]: slot \{cse\}"):
        load_spec(path)
    folded = VALID_SPEC.replace("- Which agent handled case {case_id} fastest? Return only the Id.",
                                "- >-\n  Which agent handled\n  case {case_id} in\n  {when}?")
    with pytest.raises(SpecError, match=r":19: queries\[0\]: slot \{when\}"):
        load_spec(write(tmp_path, folded))
    quoted = VALID_SPEC.replace("- Which agent handled case {case_id} fastest? Return only the Id.",
                                "- \"Which agent {{handled}}\n  case {case_id} in\n  {when}?\"")
    with pytest.raises(SpecError, match=r":18: queries\[0\]: slot \{when\}"):
        load_spec(write(tmp_path, quoted))


@pytest.mark.parametrize(("text", "line", "message"), [
    ("", 1, "empty spec: expected a mapping of task fields"),
    ("# only a comment\n", 1, "empty spec: expected a mapping of task fields"),
    ("- name: x\n", 1, "expected a mapping of task fields, got a list"),
    ("name: [unclosed\nsuite: x\n", 2, "invalid YAML: expected ',' or ']', but got ':'"),
    ("name: x\n  bad indent: y\n", 2, "invalid YAML: mapping values are not allowed here"),
    ("a: 1\n---\nb: 2\n", 2, "invalid YAML: expected a single document in the stream, but found another document"),
])
def test_not_a_spec(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    assert str(exc.value) == f"{path}:{line}: {message}"


def test_name_must_match_file_and_suite_its_directory(tmp_path):
    path = write(tmp_path, VALID_SPEC, name="transfer_count.yaml")
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    assert str(exc.value) == f"{path}:2: name: 'handle_time' differs from the file name 'transfer_count.yaml'"
    path = write(tmp_path, VALID_SPEC, folder="crmarena")
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    assert str(exc.value) == (f"{path}:3: suite: 'crmarena_pro' differs from the suite directory 'crmarena' "
                              "the spec is in")


def test_missing_file_and_bad_encoding(tmp_path):
    with pytest.raises(SpecError) as exc:
        load_spec(tmp_path / "nope.yaml")
    assert str(exc.value) == f"{tmp_path / 'nope.yaml'}: no such file"
    path = tmp_path / "handle_time.yaml"
    path.write_bytes(b"name: \xff\n")
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    assert str(exc.value) == f"{path}: not UTF-8 text (byte 6)"


def test_no_oracles_registered(tmp_path, fake_oracles):
    fake_oracles.clear()
    path = write(tmp_path, VALID_SPEC)
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    assert str(exc.value) == f"{path}:22: oracle: unknown oracle 'fake'; no oracles are registered"


def test_parse_spec_from_text():
    spec = parse_spec(VALID_SPEC)
    assert spec.source == "<string>" and spec.name == "handle_time"
    with pytest.raises(SpecError) as exc:
        parse_spec(VALID_SPEC.replace("domain: service", "domain: support"), "inline.yaml")
    assert str(exc.value).startswith("inline.yaml:5: domain: 'support' is not one of service, sales, cpq, ")


def test_load_specs_walks_suites(catalog):
    pro = VALID_SPEC
    original = VALID_SPEC.replace("suite: crmarena_pro", "suite: crmarena").replace("[b2b, b2c]", "[original]")
    write(catalog, pro, folder="crmarena_pro")
    write(catalog, pro.replace("name: handle_time", "name: transfer_count"), name="transfer_count.yaml",
          folder="crmarena_pro")
    write(catalog, original, folder="crmarena")
    (catalog / "instances").mkdir()
    (catalog / "instances" / "b2b.jsonl").write_text("")
    specs = load_specs()
    assert [(s.suite, s.name) for s in specs] == [("crmarena", "handle_time"), ("crmarena_pro", "handle_time"),
                                                  ("crmarena_pro", "transfer_count")]
    assert [s.name for s in load_specs(suite="crmarena_pro")] == ["handle_time", "transfer_count"]
    assert load_specs(root=catalog, suite="crmarena")[0].orgs == ("original",)
    with pytest.raises(TaskError, match="unknown suite 'pro'"):
        load_specs(suite="pro")
    (catalog / "crmarena-pro").mkdir()
    with pytest.raises(SpecError) as exc:
        load_specs()
    assert str(exc.value) == f"{catalog / 'crmarena-pro'}: not a suite directory (expected crmarena or crmarena_pro)"


def test_load_specs_without_catalog(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMTUI_TASKS", str(tmp_path / "absent"))
    assert load_specs() == []
    with pytest.raises(TaskError, match="no such task directory"):
        load_specs(root=tmp_path / "absent")


def test_template_slots():
    assert template_slots("{a} and {b}, {a} again, {{literal}}") == ["a", "b"]
    with pytest.raises(ValueError, match="single '}'"):
        template_slots("a } b")
