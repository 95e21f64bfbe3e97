"""Which lexicon reads a statement: the person's language, unless the statement is clearly in the other one.

The coach reads English and Spanish (SUPPORTED). The language asked for is, in order: the `language` argument
of analyse(), else Django's active language (`get_language()`, set per person by the i18n middleware) when
Django is set up, else English. A statement that is *clearly* in the other supported language is read with
that language's lexicon instead, so "Caminar 20 minutos cada día" is understood under an English interface and
"Walk 20 minutes a day" under a Spanish one.

"Clearly" (docs/smart-coach.md, "Spanish"): count the words that only one of the two languages uses
(MARKERS). Accented letters, ñ, ¿ and ¡ count for Spanish, and so do up to two words that end like an
infinitive (-ar/-er/-ir, with or without a pronoun: "acostarme", "controlarlo") and are not English words
(symspellpy's English list). A statement is clearly Spanish with at least 2 Spanish points and more than twice
the English points, and the other way round. Anything closer is read in the language asked for.
"""

from __future__ import annotations

import re

from accord.goals.smart.spelling import english_words

SUPPORTED = ("en", "es")
DEFAULT = "en"


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


MARKERS = {
    "es": _words(
        """
        de del la el los las y por para con mi mis que una veces vez semana semanas dia dias cada antes
        despues durante hasta mas menos ser estar tener hacer sentirme dejar al todos todas noche noches
        manana cuando sin nunca siempre tres dos cuatro cinco minutos horas hora mes meses ano anos mejor
        quiero me se lo le su sus muy tan tanto como hoy este esta proximo proximas proximos mucho poco
        ir salir dormir comer jamas es pero o a en un clase tarde quiero todo nada vida miedo volver
        """
    ),
    "en": _words(
        """
        the to my for and of with by every week weeks times i be more less in on day days get go feel better
        than at this next will want stop don't do a an it me from until each month months year minutes hours
        hour night nights morning walk run call time once twice three two four five never always have
        """
    ),
}
# Words both lists hold read as neither, so "a", "no" and "me" decide nothing.
_SHARED = MARKERS["es"] & MARKERS["en"]
_INFINITIVE = re.compile(r"^[a-z]+(?:ar|er|ir)(?:me|se|te|nos|le|les|lo|la|los|las)?$")
_SPANISH_LETTERS = re.compile(r"[ñáéíóú¿¡]")


def _scores(text: str) -> dict[str, int]:
    words = re.findall(r"[a-zñáéíóúü']+", text.lower()[:500])
    folded = [w.translate(str.maketrans("áéíóúüñ", "aeiouun")) for w in words]
    scores = {
        lang: sum(1 for w in folded if w in markers and w not in _SHARED) for lang, markers in MARKERS.items()
    }
    scores["es"] += len(_SPANISH_LETTERS.findall(text.lower()[:500]))
    english = english_words()
    infinitives = [w for w in folded if _INFINITIVE.match(w) and len(w) >= 4 and w not in english]
    scores["es"] += min(len(infinitives), 2)
    return scores


def detect(text: str) -> str | None:
    """'es' or 'en' when the statement is clearly in that language, otherwise None."""
    if not isinstance(text, str):
        return None
    scores = _scores(text)
    for lang, other in (("es", "en"), ("en", "es")):
        if scores[lang] >= 2 and scores[lang] > 2 * scores[other]:
            return lang
    return None


def active_language() -> str | None:
    """Django's active language, when Django is set up; the coach itself runs without Django."""
    try:
        from django.conf import settings
        from django.utils.translation import get_language
    except ImportError:  # pragma: no cover - Django is a dependency of the app, not of the rules
        return None
    if not settings.configured:
        return None
    return get_language()


def base_language(code: str | None) -> str | None:
    """'es-ES' → 'es'; None or an unsupported language → None."""
    if not isinstance(code, str) or not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED else None


def reading_language(text: str, language: str | None = None) -> str:
    """The lexicon that reads this statement (see the module docstring for the rule)."""
    asked = base_language(language) or base_language(active_language()) or DEFAULT
    return detect(text) or asked
