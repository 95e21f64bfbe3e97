"""The SMART coach reads Spanish goal statements with its Spanish lexicon (accord/goals/smart/es), chosen by
the person's language or by a clearly Spanish statement, and answers in the person's language."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import translation

from accord.goals import smart
from accord.goals.smart import GoalFields, analyse
from accord.goals.smart.es.readers import find_durations, find_frequencies, find_measures, find_time_frames
from accord.goals.smart.language import detect, reading_language

TODAY = date(2026, 1, 15)


def check(text: str, language: str | None = None) -> dict:
    return analyse(text, fields=GoalFields(today=TODAY), language=language).to_dict()


def met(result: dict, criterion: str) -> bool | None:
    return result["criteria"][criterion]["met"]


def codes(result: dict) -> set[str]:
    return {w["code"] for w in result["warnings"]}


# --- which lexicon reads the statement ----------------------------------------------------------------------


def test_the_active_django_language_chooses_the_spanish_lexicon():
    short = "Ir a terapia."  # too short to be clearly Spanish: read in the person's language
    assert detect(short) is None
    with translation.override("es"):
        assert reading_language(short) == "es"
    with translation.override("en"):
        assert reading_language(short) == "en"


def test_a_clearly_spanish_statement_is_read_in_spanish_under_english_and_the_other_way_round():
    with translation.override("en"):
        result = check("Caminar 20 minutos tres veces por semana durante las próximas seis semanas.")
    assert (met(result, "specific"), met(result, "measurable"), met(result, "time_bound")) == (
        True,
        True,
        True,
    )
    with translation.override("es"):
        result = check("Walk 20 minutes three times a week for the next six weeks.")
    assert (met(result, "specific"), met(result, "measurable"), met(result, "time_bound")) == (
        True,
        True,
        True,
    )


def test_the_language_argument_wins_over_the_active_language_and_unknown_ones_fall_back_to_english():
    with translation.override("es"):
        assert reading_language("Ir a terapia.", "en") == "en"
    assert reading_language("Go to therapy.", "fr") == "en"
    assert reading_language("Ir a terapia.", "es-ES") == "es"


def test_no_english_corpus_statement_is_taken_for_spanish_nor_a_spanish_one_for_english():
    from accord.goals.smart_report import CORPUS_PATHS, load_corpus

    assert all(detect(e["text"]) != "es" for e in load_corpus(CORPUS_PATHS["en"]))
    assert all(detect(e["text"]) != "en" for e in load_corpus(CORPUS_PATHS["es"]))


# --- the readers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "times", "per"),
    [
        ("3 veces por semana", 3, "week"),
        ("tres veces a la semana", 3, "week"),
        ("cada día", 1, "day"),
        ("todas las noches", 1, "day"),
        ("cinco días a la semana", 5, "week"),
        ("los martes y jueves", 2, "week"),
        ("de lunes a viernes", 5, "week"),
        ("de domingo a jueves", 5, "week"),
        ("entre semana", 5, "week"),
    ],
)
def test_frequencies(text, times, per):
    [found] = find_frequencies(text)
    assert (found.times, found.per) == (times, per)


def test_durations_are_minutes_and_hours_not_goal_periods():
    assert [d.minutes for d in find_durations("durante 10 minutos")] == [10]
    assert [d.minutes for d in find_durations("media hora")] == [30]
    assert [d.minutes for d in find_durations("hora y media")] == [90]
    assert [d.minutes for d in find_durations("2 horas y media")] == [150]
    assert find_durations("durante seis semanas") == []


@pytest.mark.parametrize(
    ("text", "ends_on"),
    [
        ("antes del 15 de marzo", date(2026, 3, 15)),
        ("para finales de abril", date(2026, 4, 30)),
        ("durante las próximas seis semanas", date(2026, 2, 26)),
        ("en 3 meses", date(2026, 4, 15)),
        ("hasta Navidad", date(2026, 12, 24)),
        ("la semana que viene", date(2026, 1, 25)),
        ("mañana", date(2026, 1, 16)),
    ],
)
def test_time_frames_with_their_end(text, ends_on):
    [frame] = find_time_frames(text, TODAY)
    assert frame.bounds_the_goal and frame.ends_on == ends_on


@pytest.mark.parametrize(
    "text", ["a las 23:00", "cada domingo", "hasta que encuentre trabajo", "por la mañana", "a la semana"]
)
def test_times_of_day_recurrences_and_open_ends_are_not_time_frames(text):
    assert [f for f in find_time_frames(text, TODAY) if f.bounds_the_goal] == []


def test_a_period_counts_from_the_start_named_before_it():
    start, period = find_time_frames("desde marzo durante seis semanas", TODAY)
    assert (start.kind, start.ends_on) == ("start", date(2026, 3, 1))
    assert (period.kind, period.ends_on) == ("period", date(2026, 4, 12))


def test_a_start_alone_does_not_bound_the_goal():
    assert not met(check("Salir a correr a partir del lunes tres veces por semana.", "es"), "time_bound")


def test_a_recurrence_is_quoted_as_saying_how_often_not_by_when():
    result = check("Meditar 10 minutos cada mañana.", "es")
    assert met(result, "time_bound") is False
    assert "“cada mañana”" in result["criteria"]["time_bound"]["feedback"][0]


def test_the_api_reads_a_spanish_statement_in_spanish(as_cam):
    text = "Caminar 20 minutos tres veces por semana durante las próximas seis semanas."
    response = as_cam.post("/api/v1/smart-check", {"text": text}, content_type="application/json")
    assert response.status_code == 200
    criteria = response.json()["criteria"]
    assert all(criteria[name]["met"] is True for name in ("specific", "measurable", "time_bound"))


def test_numbers_in_words_count_but_dates_do_not():
    assert find_measures("Llamar a tres amigos") == ["tres"]
    assert find_measures("Llamar a mi hermana antes del 15 de marzo") == []


def test_accents_are_optional():
    with_accents = check("Meditar 10 minutos cada día antes de la sesión de marzo", "es")
    without = check("meditar 10 minutos cada dia antes de la sesion de marzo", "es")
    assert with_accents["unrealistic"] == without["unrealistic"]
    for name in ("specific", "measurable", "time_bound"):
        assert met(with_accents, name) is met(without, name) is True


# --- verdicts and warnings ----------------------------------------------------------------------------------


def test_feelings_only_goals_are_not_specific_and_the_feeling_is_quoted_as_written():
    result = check("Ser más feliz.", "es")
    assert met(result, "specific") is False
    assert "Ser más feliz" in result["criteria"]["specific"]["feedback"][0]


def test_wishes_and_bare_activities_are_not_specific():
    assert met(check("Hacer más ejercicio.", "es"), "specific") is False
    assert met(check("Ir al gimnasio antes de verano.", "es"), "specific") is False


def test_avoidance_goals_get_turned_round_with_a_spanish_example():
    result = check("Dejar de pensar tanto.", "es")
    assert codes(result) == {"negated_goal"}
    assert not result["unrealistic"]
    assert any("cuando note que me estoy poniendo nervioso" in s for s in result["suggestions"])


def test_a_goal_to_stop_a_feeling_altogether_is_unrealistic_but_feeling_it_less_is_not():
    assert "eliminate_feeling" in codes(check("Dejar de estar triste.", "es"))
    assert "eliminate_feeling" not in codes(check("No enfadarme tanto.", "es"))


def test_absolute_wording_is_flagged_unless_negated_or_describing_the_past():
    assert check("No beber nunca jamás.", "es")["unrealistic"]
    assert not check("Entregar los trabajos aunque no estén perfectos, uno por semana.", "es")["unrealistic"]
    assert "absolute_wording" not in codes(check("Correr 5 km en doce semanas, nunca he corrido.", "es"))


def test_unsafe_paces_in_spanish():
    assert "unsafe_pace" in codes(check("Perder 10 kilos en dos semanas.", "es"))
    assert "unsafe_pace" in codes(check("Pagar los 12.000 euros de la tarjeta en tres semanas.", "es"))
    assert "unsafe_pace" in codes(check("Correr una maratón dentro de un mes sin haber corrido nunca.", "es"))
    assert "unsafe_pace" in codes(check("Dejar las pastillas la semana que viene.", "es"))
    assert "implausible_rate" in codes(check("Bajar mi ansiedad de 9 a 1 sobre 10 en una semana.", "es"))
    assert not check("Perder 4 kilos en los próximos tres meses.", "es")["unrealistic"]


def test_medication_changes_planned_with_the_prescriber_get_the_good_note():
    result = check("Dejar los antidepresivos en seis meses siguiendo el plan de mi psiquiatra.", "es")
    assert "medication_change" in codes(result)
    assert not result["unrealistic"]


def test_worked_examples_follow_the_spanish_goal_in_spanish():
    result = check("Pintar más.", "es")
    assert result["suggestions"][-1].endswith(
        "'Pintar 30 minutos tres veces por semana durante las próximas seis semanas.'"
    )


def test_spanish_is_read_without_spell_correction():
    # No Spanish word list ships, so no word is "read as" another (and never as an English word).
    result = check("Caminar 30 minutos cada dai.", "es")
    assert not any(line.startswith("I read") for line in result["criteria"]["specific"]["feedback"])


# --- the person's language ----------------------------------------------------------------------------------


def test_feedback_goes_through_djangos_gettext_in_the_active_language(monkeypatch):
    seen: list[str] = []

    def fake_gettext(message: str) -> str:
        seen.append(translation.get_language())
        return f"«{message}»"

    monkeypatch.setattr(translation, "gettext", fake_gettext)
    with translation.override("es"):
        result = check("Be happier")
    lines = [line for c in result["criteria"].values() for line in c["feedback"]] + result["suggestions"]
    assert lines and all(line.startswith("«") for line in lines)
    assert set(seen) == {"es"}


def test_spanish_statements_feedback_is_marked_for_translation_too(monkeypatch):
    monkeypatch.setattr(smart, "_", lambda message: f"⟦{message}⟧")
    result = check("Dejar de estar triste siempre", "es")
    lines = [line for c in result["criteria"].values() for line in c["feedback"]]
    lines += [w["message"] for w in result["warnings"]]
    assert all(line.startswith("⟦") and line.endswith("⟧") for line in lines), lines


def test_the_command_line_reads_spanish(capsys):
    from accord import cli

    cli.main(["smart-check", "Ir a terapia los lunes.", "--language", "es", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert (met(result, "specific"), met(result, "measurable")) == (True, True)


def test_odd_input_never_raises_in_spanish():
    for text in ["", "   ", "ñ" * 10_000, "de 5 a", "el día 99 de marzo", "31/02/2026", "cada cada cada"]:
        result = check(text, "es")
        assert set(result["criteria"]) == set(smart.CRITERIA)


def test_every_coach_message_uses_named_percent_placeholders_for_translators():
    import ast
    import re
    from pathlib import Path

    package = Path(smart.__file__).parent
    messages = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "gettext_noop"):
                messages += [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
    assert len(messages) > 100
    assert not [m for m in messages if re.search(r"\{\w*(?::[^}]*)?\}", m)]  # no str.format placeholders
    assert not [m for m in messages if re.search(r"%(?!\(\w+\)[-.,\d]*[sdfg]|%)", m)]  # only %(name)s and %%
