"""The Spanish lexicon: word lists, number words and the regular expressions' building blocks.

Everything here is matched against *folded* text (es.text.fold): lower case, with á é í ó ú ü ñ read as
a e i o u u n, so "sesión" and "sesion", "mañana" and "manana" are the same word. Write entries folded.
"""

from __future__ import annotations

import re


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Verbs whose doing someone else could see, as infinitives. es.readers.lemma() maps "caminando",
# "caminaré", "acostarme", "levantándome" to these.
ACTION_VERBS = _words(
    """
    caminar andar pasear correr trotar nadar montar pedalear entrenar estirar bailar cantar pintar dibujar
    tejer coser tocar jugar llamar telefonear escribir mandar enviar leer hablar contar decir preguntar
    pedir responder contestar gritar discutir ir venir asistir acudir visitar quedar salir entrar
    llegar dormir acostar levantar despertar comer desayunar almorzar cenar merendar cocinar beber tomar
    fumar apostar meditar practicar respirar rezar estudiar repasar trabajar ahorrar pagar liquidar saldar
    gastar comprar vender reservar entregar presentar apuntar anotar registrar matricular inscribir
    solicitar ordenar limpiar fregar barrer recoger tirar lavar planchar poner sacar usar apagar dejar
    esperar coger conducir pesar duchar vestir pasar dedicar ofrecer ver abrazar dar firmar mudar
    actualizar aprobar reducir perder adelgazar faltar planear preparar terminar acabar empezar comenzar
    descansar retomar consumir autoexcluir cancelar abrir cerrar hacer tomar subir bajar jugar enviar
    quitar regalar invitar pasear repartir llevar mirar elegir buscar saltar
    """
)

# Acts done once, on something definite: "llamar a mi hermana", "pedir cita", "firmar los papeles".
ONE_OFF_VERBS = _words(
    """
    llamar telefonear escribir mandar enviar pedir reservar entregar presentar matricular inscribir solicitar
    firmar mudar actualizar decir contar hablar preguntar visitar tirar abrir cancelar comprar vender
    autoexcluir terminar acabar aprobar planear ordenar coger elegir
    """
)

# Verbs that change a level: with a feeling after them they rate the feeling ("subir mi autoestima de 4 a 6").
CHANGE_VERBS = _words("bajar subir reducir pasar mejorar")
# Forms that look like actions but aren't one: "hacerlo todo perfecto", "controlarlo todo".
NOT_ACTIONS = _words("hacerlo hacerla hacerlos controlarlo")

# Clitic pronouns glued to an infinitive or gerund: "acostarme", "decirle", "leérsela".
CLITICS = (
    "selas",
    "selos",
    "sela",
    "selo",
    "melo",
    "mela",
    "me",
    "te",
    "se",
    "nos",
    "os",
    "le",
    "les",
    "lo",
    "la",
    "los",
    "las",
)

# After a verb, these make it a judgement rather than an act: "dormir mejor", "comer sano", "estar bien".
JUDGEMENT_WORDS = _words(
    """
    mejor peor bien mal sano sana sanos sanas tranquilo tranquila calma feliz positivo positiva
    """
)

# Feelings, traits and states: named alone they are hard for anyone else to see happen.
FEELING_WORDS = _words(
    """
    feliz felices contento contenta triste tristeza ansioso ansiosa ansiedad tranquilo tranquila calma
    estres estresado estresada nervioso nerviosa miedo culpa culpable solo sola soledad enfadado enfadada
    enfado ira rabia verguenza vergonzoso vergonzosa autoestima confianza seguro segura motivado motivada
    motivacion energia paz ilusion animo agobiado agobiada agobio preocupado preocupada preocupacion util
    vacio vacia positivo positiva paciencia cansado cansada irritable agradecido agradecida
    """
)

# Wording that names an area of life or a state, in the order the feedback prefers to quote it.
VAGUE_PHRASES = (
    "sentirme mejor",
    "ser mas feliz",
    "estar mejor",
    "estar bien",
    "ponerme en forma",
    "cuidarme",
    "mejorar",
    "superar",
    "gestionar",
    "controlar",
    "aceptar",
    "aprender a",
)

# A wish for more, less or different, with no amount: "salir más", "comer mejor", "un piso nuevo".
WISH_WORDS = re.compile(
    r"\b(?:mas|menos|mejor|mejores|peor|nuev[oa]s?|superar|miedo a|tanto|tanta|tantos|tantas|"
    r"mas a menudo|mas temprano|aprender a)\b"
)

# Observable things that aren't verbs: "ataques de pánico", "las redes sociales", "el gimnasio".
OBSERVABLE_PHRASES = re.compile(
    r"\b(?:en la cama|ataques? de (?:panico|ira|ansiedad)|atracon(?:es)?|discusion(?:es)?|redes sociales|"
    r"(?:el|mi) movil|cigarrillos?|porros?|autolesion\w*|tarde al trabajo|a tiempo|(?:el|al) gimnasio|"
    r"(?:el|al) gym|hacerme dano|tension arterial|(?:un|mi|el) diario|alcohol|cervezas?|pantallas|"
    r"videojuegos|consola)\b"
)

# A recurring occasion or a trigger that says when: "antes de dormir", "cuando me enfade", "cada vez que".
OCCASION = re.compile(
    r"\bcuando\b|\bcada vez\b|\bsiempre que\b|\bmientras\b|\baunque\b|\ben cada\b|"
    r"\b(?:antes|despues) de (?:cada |mi |la |el |las |los )?(?:dormir|acostarme|cenar|comer|desayunar|"
    r"salir|contestar|comprar|clase|sesion|examen|trabajar|llegar|ir)\b|"
    r"\bal (?:llegar|levantarme|despertarme|salir|acostarme|volver)\b|\bcomo me \w+ recet\w*|"
    r"\bsiguiendo (?:la|el) (?:pauta|plan)\b|\bsin (?:pantallas|el movil|alcohol)\b"
)

# One-off events one goes to: "ir a la boda de mi prima", "ir al cumpleaños de mi sobrino".
EVENT_PHRASE = re.compile(
    r"\b(?:ir|asistir|acudir|volver)\s+(?:a|al)\s+(?:la\s+|el\s+|mi\s+|una\s+|un\s+)?(?:\w+\s+){0,1}?"
    r"(?:boda|fiesta|funeral|entierro|cumpleanos|entrevista|cita|cena|comunion|graduacion|concierto|"
    r"juicio|reunion|dentista|medico|fisio|banco|trabajar|supermercado)\b|"
    r"\b(?:hacer|presentarme a|presentarme al)\s+(?:el\s+)?(?:examen|carnet)\b"
)

# Stopping something: "dejar de fumar", "dejar las apuestas".
CESSATION = re.compile(
    r"\b(?:dejar|dejare|dejo)(?: de\b| (?:el|la|los|las) (?:alcohol|tabaco|apuestas|porros|pastillas|"
    r"antidepresivos|medicacion|bebida))"
)

# --- numbers ------------------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "cero": 0,
    "uno": 1,
    "una": 1,
    "un": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veinticinco": 25,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
    "mil": 1000,
    "medio": 0.5,
    "media": 0.5,
}
# "un"/"una" are also articles, so they only count where a unit or a period follows (the rules say so).
COUNT_WORDS = "|".join(
    sorted(
        (w for w in NUMBER_WORDS if w not in ("un", "una", "uno", "medio", "media")), key=len, reverse=True
    )
)
NUMBER = rf"(?:\d+(?:[.,]\d+)?|{COUNT_WORDS}|una|un|uno|medio|media)"


def parse_number(text: str) -> float | None:
    """'20', '8.000' (Spanish thousands), '2,5', 'tres', 'media'; otherwise None."""
    word = text.strip()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", word):
        return float(word.replace(".", ""))
    try:
        return float(word.replace(",", "."))
    except ValueError:
        return None


# --- calendar -----------------------------------------------------------------------------------------------

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
MONTH = r"(?:" + "|".join(MONTHS) + r"|setiembre)"
WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
WEEKDAY = r"(?:lunes|martes|miercoles|jueves|viernes|sabados?|domingos?)"
# Periods a frequency is "per": "tres veces por semana", "al día", "a la semana".
PERIOD_UNITS = {
    "dia": "day",
    "noche": "day",
    "manana": "day",
    "tarde": "day",
    "semana": "week",
    "quincena": "fortnight",
    "mes": "month",
    "ano": "year",
}
SEASONS = {"primavera": "spring", "verano": "summer", "otono": "autumn", "invierno": "winter"}
EVENTS = (
    r"(?:cumpleanos|boda|examen(?:es)?|comunion|graduacion|vacaciones|viaje|entrevista|operacion|cita|"
    r"revision|juicio|mudanza|parto|sesion|consulta|selectividad|oposiciones)"
)

# --- absolutes, feelings, safety ----------------------------------------------------------------------------

ABSOLUTES = re.compile(
    r"\b(?:nunca|jamas|siempre|completamente|totalmente|por completo|del todo|perfect[oa]s?|perfectamente|"
    r"perfeccion|todo el tiempo|en todo momento|no volver a|sin falta|sin excepcion|pase lo que pase|a nada|"
    r"a todo el mundo|ni un[oa]?)\b|\b\w+lo todo\b|\b(?:100|cien)\s?(?:%|por ?cien(?:to)?\b)"
)
NEGATABLE = re.compile(r"siempre|complet|total|perfect|del todo|todo el tiempo|100|cien")
NEGATIONS = frozenset({"no", "sin", "ni", "menos"})
# "nunca he corrido", "sin haber corrido nunca": describing how things are, not the outcome wanted.
DESCRIBING = frozenset({"he", "has", "ha", "hemos", "haber", "habia", "habiamos", "yo", "suelo"})

DIFFICULT_FEELINGS = (
    r"(?:triste|tristeza|ansios[oa]|ansiedad|estresad[oa]|estres|estresarme|preocupad[oa]|preocuparme|"
    r"preocupacion|sol[oa]|soledad|deprimid[oa]|enfadad[oa]|enfadarme|enfado|ira|rabia|culpable|culpa|"
    r"miedo|asustad[oa]|nervios[oa]|nervios|verguenza|agobiad[oa]|irritable|celos[oa]?)"
)
ELIMINATE_FEELING = re.compile(
    rf"\b(?:dejar de|no volver a|no|nunca|nunca mas|no tener que)\s+(?:sentir(?:me)?\s+|estar\s+|tener\s+|"
    rf"ser\s+)?(?:nunca\s+(?:mas\s+)?)?{DIFFICULT_FEELINGS}\b(?!\s+(?:a|de)\s+(?!nada))(?!\s+(?:tanto|tan)\b)"
)
# "Dejar de preocuparme": "preocupar" is the feeling; "no agobiarme con el trabajo" is not a whole feeling.
NEGATED_START = re.compile(r"^(?:quiero\s+|me gustaria\s+)?(?:no|dejar de|evitar|nunca|que no)\b")

MEDICATION = (
    r"(?:antidepresivos?|antipsicoticos?|ansioliticos?|medicacion|medicamentos?|pastillas|dosis|sertralina|"
    r"fluoxetina|citalopram|escitalopram|paroxetina|venlafaxina|duloxetina|mirtazapina|lorazepam|diazepam|"
    r"alprazolam|pregabalina|quetiapina|olanzapina|litio|trankimazin|orfidal|lamotrigina)"
)
MEDICATION_STOP = r"(?:dejar(?: de tomar)?|quitarme|retirar|abandonar|suspender)"
MEDICATION_CHANGE = re.compile(
    rf"\b(?P<verb>{MEDICATION_STOP}|reducir|bajar|cambiar|aumentar|subir)\b"
    rf"(?:\s+(?:de|la|las|los|el|mis|mi|todas|todos|tomar))*\s+(?:\w+\s+)?{MEDICATION}\b"
)
PRESCRIBER = re.compile(
    r"\b(?:medic[oa]|doctor[a]?|psiquiatra|prescriptor|farmaceutic[oa]|enfermer[oa]|pauta|plan de mi)\b"
)

SENSITIVE_TOPICS = {
    "self_harm": re.compile(
        r"\bautolesi\w*|\bhacerme dano\b|\bcortarme\b|\bsuicid\w*|\bquitarme la vida\b|\bsobredosis\b"
    ),
    "weight": re.compile(
        r"\bpes(?:o|arme|arse)\b|\badelgaz\w*|\b\d+\s*(?:kg|kilos?)\b|\bkilos?\b|\bcalorias\b|\bdieta\b"
    ),
    "eating": re.compile(r"\b(?:comer|comidas?|atracon\w*|vomit\w*|purg\w*|saltarme comidas)\b"),
}
