"""The instrument registry: shipped definitions, and clear refusals of malformed ones."""

import copy
import json

import pytest

from accord.assessments.registry import (
    BUILTIN_DIR,
    InstrumentDefinitionError,
    all_instruments,
    builtin_instruments,
    builtin_versions,
    load_directory,
    load_instrument,
    load_versions,
    parse_instrument,
)

PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
    "or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
GAD7_ITEMS = [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
]
FREQUENCY = [(0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day")]
# Each instrument's own stem, as printed on its published form (phqscreeners.com): the two differ.
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
GAD7_DIFFICULTY = (
    "If you checked any problems, how difficult have they made it for you to do your work, take care of "
    "things at home, or get along with other people?"
)
PHQ9_DIFFICULTY = (
    "If you checked off any problems, how difficult have these problems made it for you to do your work, "
    "take care of things at home, or get along with other people?"
)


@pytest.fixture
def phq9_data():
    return json.loads((BUILTIN_DIR / "phq9.json").read_text(encoding="utf-8"))


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def rejected(tmp_path, data, name="practice.json"):
    """Load a definition from a file and return the error, which must name that file."""
    with pytest.raises(InstrumentDefinitionError) as caught:
        load_instrument(write(tmp_path, name, data))
    assert name in str(caught.value)
    return caught.value


# --- what ships ---------------------------------------------------------------------------------------------


def test_exactly_the_expected_instruments_ship():
    assert set(builtin_instruments()) == {"phq9", "gad7", "readiness", "session_checkin", "intake"}
    assert sorted(path.name for path in BUILTIN_DIR.glob("*.json")) == [
        "gad7.json",
        "intake.json",
        "phq9.json",
        "readiness.json",
        "session_checkin.json",
    ]


@pytest.mark.parametrize("forbidden", ["srs", "ors", "wai", "wai_sr", "urica"])
def test_licensed_alliance_and_stage_measures_are_not_shipped(forbidden):
    for instrument in builtin_instruments().values():
        assert instrument.key != forbidden
        assert instrument.short_title.lower().replace("-", "_") != forbidden
    titles = " ".join(i.title for i in builtin_instruments().values())
    for name in ("Outcome Rating Scale", "Working Alliance Inventory", "Rhode Island Change Assessment"):
        assert name not in titles


def test_session_checkin_says_it_is_unvalidated_and_not_the_srs():
    checkin = builtin_instruments()["session_checkin"]
    assert checkin.validated is False
    for text in (checkin.title, checkin.description):
        assert "unvalidated" in text
        assert "Accord's own" in text
        assert "SRS" in text
    assert [item.key for item in checkin.items if item.kind == "scale"] == [
        "goals",
        "way_of_working",
        "understood",
    ]
    assert all((item.min, item.max) == (0, 10) for item in checkin.items if item.kind == "scale")


def test_phq9_wording_answers_and_bands():
    phq9 = builtin_instruments()["phq9"]
    assert phq9.stem == STEM
    assert phq9.recall_period == "the last 2 weeks"
    assert [item.text for item in phq9.scored_items] == PHQ9_ITEMS
    for item in phq9.scored_items:
        assert [(o.value, o.label) for o in item.options] == FREQUENCY
    difficulty = phq9.item("difficulty")
    assert not difficulty.scored and not difficulty.required
    assert difficulty.text == PHQ9_DIFFICULTY
    assert [o.label for o in difficulty.options] == [
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    ]
    assert [(b.min, b.max, b.key) for b in phq9.bands] == [
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 19, "moderately_severe"),
        (20, 27, "severe"),
    ]
    assert (phq9.scoring.min, phq9.scoring.max, phq9.validated) == (0, 27, True)
    assert "no permission is required" in phq9.licence.lower()


def test_phq9_item9_safety_flag_definition():
    (flag,) = builtin_instruments()["phq9"].flags
    assert (flag.item, flag.rule.op, flag.rule.value, flag.severity) == ("q9", ">", 0, "safety")
    assert "screen, not a risk assessment" in flag.note


def test_gad7_wording_answers_and_bands():
    gad7 = builtin_instruments()["gad7"]
    assert gad7.stem == GAD7_STEM
    assert gad7.recall_period == "the last 2 weeks"
    # The published form's own (unscored, optional) difficulty question, worded as the GAD-7 words it.
    difficulty = gad7.item("difficulty")
    assert not difficulty.scored and not difficulty.required
    assert difficulty.text == GAD7_DIFFICULTY
    assert [o.label for o in difficulty.options] == [
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    ]
    assert [item.text for item in gad7.scored_items] == GAD7_ITEMS
    for item in gad7.scored_items:
        assert [(o.value, o.label) for o in item.options] == FREQUENCY
    assert [(b.min, b.max, b.key) for b in gad7.bands] == [
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 21, "severe"),
    ]


@pytest.mark.django_db
def test_gad7_stem_is_shown_on_the_form_and_in_the_api(cast, as_cam):
    from django.urls import reverse

    from tests.assessments.support import Api, assign

    assign(cast.cam, "gad7", by=cast.tess)
    page = as_cam.get(reverse("take_measure", args=["gad7"])).content.decode()
    assert GAD7_STEM in page and STEM not in page
    listed = Api(cast.cam_user).get("/instruments").json()["items"]
    stems = {instrument["key"]: instrument["stem"] for instrument in listed}
    assert (stems["gad7"], stems["phq9"]) == (GAD7_STEM, STEM)


def test_loinc_codes_present():
    instruments = builtin_instruments()
    phq9, gad7 = instruments["phq9"].loinc, instruments["gad7"].loinc
    assert (phq9.panel, phq9.total, phq9.items["q9"]) == ("44249-1", "44261-6", "44260-8")
    assert (gad7.panel, gad7.total) == ("69737-5", "70274-6")
    assert set(phq9.items) >= {f"q{n}" for n in range(1, 10)}
    assert set(gad7.items) == {f"q{n}" for n in range(1, 8)}


def test_readiness_ruler_is_not_summed_and_keeps_its_bounds():
    readiness = builtin_instruments()["readiness"]
    assert readiness.scoring.method == "none" and readiness.bands == ()
    assert [(i.key, i.kind, i.min, i.max) for i in readiness.items] == [
        ("importance", "scale", 0, 10),
        ("confidence", "scale", 0, 10),
    ]
    assert all(len(item.anchors) == 2 for item in readiness.items)


def test_intake_covers_the_assessment_topics():
    intake = builtin_instruments()["intake"]
    kinds = {item.key: item.kind for item in intake.items}
    assert kinds == {
        "what_brings_you": "text",
        "hopes": "text",
        "strengths": "list",
        "challenges": "list",
        "values": "list",
        "supports": "text",
        "previous_therapy": "choice",
        "previous_therapy_details": "text",
        "importance": "scale",
        "confidence": "scale",
    }
    categories = {item.key: item.category for item in intake.items if item.category}
    assert categories == {"strengths": "strength", "challenges": "need", "values": "value"}
    assert not any(item.required or item.scored for item in intake.items)


def test_every_builtin_is_versioned_and_described():
    for (key, version), instrument in builtin_versions().items():
        assert instrument.key == key and version >= 1
        assert instrument.title and instrument.short_title and instrument.description and instrument.licence
        assert instrument.audience == "client"


# --- loading folders and versions --------------------------------------------------------------------------


def test_load_directory_keeps_the_newest_version(tmp_path, phq9_data):
    mine = {**phq9_data, "key": "my_measure", "title": "My measure"}
    write(tmp_path, "mine_v1.json", mine)
    write(tmp_path, "mine_v2.json", {**mine, "version": 2})
    assert load_directory(tmp_path)["my_measure"].version == 2
    assert set(load_versions(tmp_path)) == {("my_measure", 1), ("my_measure", 2)}


def test_duplicate_key_and_version_names_both_files(tmp_path, phq9_data):
    mine = {**phq9_data, "key": "my_measure"}
    write(tmp_path, "a.json", mine)
    write(tmp_path, "b.json", mine)
    with pytest.raises(InstrumentDefinitionError, match=r"b\.json: version: .*already defined in .*a\.json"):
        load_directory(tmp_path)


def test_practice_folder_adds_instruments(tmp_path, phq9_data):
    write(tmp_path, "licensed.json", {**phq9_data, "key": "licensed_measure"})
    instruments = all_instruments(tmp_path)
    assert "licensed_measure" in instruments and "phq9" in instruments
    assert all_instruments(None).keys() == builtin_instruments().keys()


def test_practice_folder_cannot_replace_a_builtin(tmp_path, phq9_data):
    write(tmp_path, "phq9_copy.json", {**phq9_data, "version": 9})
    with pytest.raises(InstrumentDefinitionError, match=r"phq9_copy\.json: key: 'phq9' is a built-in"):
        all_instruments(tmp_path)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InstrumentDefinitionError, match="is not a folder"):
        load_directory(tmp_path / "nowhere")


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"key": "x",\n  "version": }', encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=r"broken\.json: is not valid JSON \(line 2"):
        load_instrument(path)


def test_builtins_are_cached_but_callers_get_their_own_dict():
    first = builtin_instruments()
    first.pop("phq9")
    assert "phq9" in builtin_instruments()


# --- malformed definitions ----------------------------------------------------------------------------------


def mutate(data, change):
    data = copy.deepcopy(data)
    change(data)
    return data


MALFORMED = [
    ("missing title", lambda d: d.pop("title"), "title: is required"),
    ("version zero", lambda d: d.update(version=0), "version: must be 1 or more"),
    ("version text", lambda d: d.update(version="1"), "version: must be a whole number"),
    ("bad key", lambda d: d.update(key="PHQ 9"), "key: must be a key of lowercase letters"),
    ("unknown field", lambda d: d.update(band=[]), "unknown field(s) band"),
    ("bad audience", lambda d: d.update(audience="everyone"), "audience: must be one of client, therapist"),
    ("validated text", lambda d: d.update(validated="yes"), "validated: must be true or false"),
    ("no items", lambda d: d.update(items=[]), "items: must list at least one item"),
    (
        "duplicate item",
        lambda d: d["items"][1].update(key="q1"),
        "items[1]: item key 'q1' appears more than once",
    ),
    ("missing text", lambda d: d["items"][2].pop("text"), "items[2].text: is required"),
    (
        "bad kind",
        lambda d: d["items"][0].update(kind="slider"),
        "items[0].kind: must be one of choice, scale",
    ),
    (
        "text option value on scored item",
        lambda d: d["items"][3]["options"][1].update(value="1"),
        "items[3].options[1].value: must be a whole number on a scored item",
    ),
    (
        "duplicate option value",
        lambda d: d["items"][0]["options"][1].update(value=0),
        "items[0].options[1]: option value 0 appears more than once",
    ),
    (
        "scored item optional",
        lambda d: d["items"][0].update(required=False),
        "items[0].required: a scored item must be required",
    ),
    (
        "scale field on choice",
        lambda d: d["items"][0].update(min=0),
        "items[0].min: is only used by scale items",
    ),
    (
        "scoring lists an unscored item",
        lambda d: d["scoring"]["items"].append("difficulty"),
        'scoring.items: must list exactly the items marked "scored": true',
    ),
    (
        "scoring misses a scored item",
        lambda d: d["scoring"]["items"].remove("q9"),
        "marked but not listed: q9",
    ),
    (
        "scoring names unknown item",
        lambda d: d["scoring"]["items"].append("q10"),
        "scoring.items[9]: 'q10' is not an item of this instrument",
    ),
    (
        "wrong max",
        lambda d: d["scoring"].update(max=26),
        "scoring.max: is 26 but the scored items add up to at most 27",
    ),
    ("bad method", lambda d: d["scoring"].update(method="mean"), "scoring.method: must be one of sum, none"),
    ("band gap", lambda d: d["bands"][1].update(min=6), "bands[1].min: totals 5 to 5 are in no band"),
    ("band overlap", lambda d: d["bands"][2].update(min=9), "bands[2].min: band 'moderate' overlaps"),
    ("bands stop short", lambda d: d["bands"][4].update(max=26), "bands: the bands end at 26 but totals run"),
    ("bands too far", lambda d: d["bands"][4].update(max=30), "bands: the bands end at 30"),
    ("band below range", lambda d: d["bands"][0].update(min=-1), "bands[0].min: is -1, below the lowest"),
    ("band upside down", lambda d: d["bands"][1].update(max=4), "bands[1].max: must not be below min"),
    ("band missing label", lambda d: d["bands"][0].pop("label"), "bands[0].label: is required"),
    ("flag unknown item", lambda d: d["flags"][0].update(item="q99"), "flags[0].item: 'q99' is not an item"),
    ("flag bad op", lambda d: d["flags"][0]["rule"].update(op="=>"), "flags[0].rule.op: must be one of"),
    (
        "flag text value",
        lambda d: d["flags"][0]["rule"].update(value="0"),
        "flags[0].rule.value: must be a whole number",
    ),
    ("flag severity", lambda d: d["flags"][0].update(severity="urgent"), "flags[0].severity: must be one of"),
    (
        "loinc check digit",
        lambda d: d["loinc"].update(total="44261-5"),
        "loinc.total: '44261-5' is not a valid LOINC code: its check digit should be 6",
    ),
    ("loinc shape", lambda d: d["loinc"].update(panel="44249"), "loinc.panel: '44249' is not a LOINC code"),
    (
        "loinc unknown item",
        lambda d: d["loinc"]["items"].update(q11="44260-8"),
        "loinc.items.q11: 'q11' is not an item",
    ),
]


@pytest.mark.parametrize(("change", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_definition_is_rejected_with_file_and_field(tmp_path, phq9_data, change, message):
    error = rejected(tmp_path, mutate(phq9_data, change))
    assert message in str(error), str(error)


def test_method_none_cannot_have_scored_items_or_bands(phq9_data):
    data = mutate(phq9_data, lambda d: d.update(scoring={"method": "none"}))
    with pytest.raises(InstrumentDefinitionError, match="scoring.method: is 'none' but items q1, q2"):
        parse_instrument(data, source="mine.json")


def test_text_items_cannot_be_scored_or_flagged():
    base = {
        "key": "notes",
        "version": 1,
        "title": "Notes",
        "short_title": "Notes",
        "description": "Free text.",
        "licence": "Ours.",
        "audience": "client",
        "validated": False,
        "scoring": {"method": "none"},
    }
    scored = {**base, "items": [{"key": "a", "kind": "text", "text": "Say more", "scored": True}]}
    with pytest.raises(
        InstrumentDefinitionError, match=r"items\[0\]\.scored: text and list answers cannot be scored"
    ):
        parse_instrument(scored, source="notes.json")
    flagged = {
        **base,
        "items": [{"key": "a", "kind": "text", "text": "Say more"}],
        "flags": [
            {"key": "f", "item": "a", "rule": {"op": "==", "value": "x"}, "severity": "info", "message": "m"}
        ],
    }
    with pytest.raises(
        InstrumentDefinitionError, match=r"flags\[0\]\.rule: flags can only watch choice or scale"
    ):
        parse_instrument(flagged, source="notes.json")


def test_scale_anchor_outside_range_is_rejected():
    data = json.loads((BUILTIN_DIR / "readiness.json").read_text(encoding="utf-8"))
    data["items"][0]["anchors"][1]["value"] = 11
    with pytest.raises(
        InstrumentDefinitionError, match=r"items\[0\]\.anchors\[1\]\.value: must be a whole number"
    ):
        parse_instrument(data, source="readiness.json")


def test_comment_fields_are_allowed(phq9_data):
    data = {**phq9_data, "$comment": "Checked against the 2010 form."}
    assert parse_instrument(data).key == "phq9"


def test_error_carries_source_and_field(tmp_path, phq9_data):
    error = rejected(tmp_path, mutate(phq9_data, lambda d: d["bands"][1].update(min=6)), name="mine.json")
    assert error.source.endswith("mine.json")
    assert error.field == "bands[1].min"
