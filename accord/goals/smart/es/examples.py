"""Worked examples for Spanish statements, in Spanish and in the goal's own words or life area.

These are built from the statement, so they can't come from the message catalogue: the sentence around them
("Say what you'll do instead — e.g. '…'") is translated as usual, the example is Spanish because the goal is.
Patterns are matched against folded text (es.readers.fold).
"""

from __future__ import annotations

import re

# The goal's activity, in its own words: "pintar más" → "Pintar 30 minutos tres veces por semana …".
ACTIVITY_EXAMPLES = {
    "camin": "salir a caminar 20 minutos",
    "pase": "salir a pasear 20 minutos",
    "corr": "salir a correr 15 minutos",
    "nad": "nadar 20 minutos",
    "bici": "montar en bici 20 minutos",
    "ejercicio": "hacer 20 minutos de ejercicio",
    "deporte": "hacer 20 minutos de deporte",
    "gimnasio": "ir al gimnasio 30 minutos",
    "gym": "ir al gimnasio 30 minutos",
    "yoga": "hacer 15 minutos de yoga",
    "pint": "pintar 30 minutos",
    "dibuj": "dibujar 20 minutos",
    "le": "leer 15 minutos",
    "cocin": "cocinar una comida en casa",
    "guitarra": "practicar la guitarra 20 minutos",
    "piano": "practicar el piano 20 minutos",
    "medit": "meditar 10 minutos",
    "tej": "tejer 20 minutos",
    "bail": "bailar 20 minutos",
    "cant": "cantar 20 minutos",
    "estudi": "estudiar 25 minutos",
    "ingles": "estudiar inglés 20 minutos",
}
_ACTIVITY_WORD = {
    "le": r"leer|lectura|libros?",
    "camin": r"camin\w*|andar",
    "pase": r"pase(?:ar|os?)",
    "corr": r"correr|running",
    "nad": r"nadar|natacion",
    "bici": r"bici\w*",
    "tej": r"tejer|punto",
    "cant": r"cantar",
}

# (area, pattern, short example, full example); the first area whose words appear wins, safety first.
EXAMPLES: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    (
        "self_harm",
        re.compile(r"autolesi|hacerme dano|cortarme|ganas de hacerme"),
        "cuando llegue la urgencia, usar primero un paso de mi plan de seguridad",
        "Cuando llegue la urgencia, usar primero un paso de mi plan de seguridad (como coger hielo o "
        "escribir a alguien de confianza), y repasar con mi terapeuta cómo fue cada semana durante las "
        "próximas seis semanas.",
    ),
    (
        "medication",
        re.compile(r"antidepresiv|medicacion|medicamento|pastillas|dosis|sertralina|lorazepam"),
        "hablar con mi médico de un plan para la medicación en la próxima cita",
        "Pedir cita con mi médico en las próximas dos semanas para hablar de un plan para mi medicación.",
    ),
    (
        "eating",
        re.compile(
            r"\bcom(?:er|ida)|desayun|cenar|cena\b|atracon|dulces|azucar|peso|pesarme|adelgaz|kilos|dieta"
        ),
        "hacer el desayuno, la comida y la cena a horas fijas",
        "Hacer el desayuno, la comida y la cena a horas fijas la mayoría de los días durante las próximas "
        "cuatro semanas, y comentar cada semana con mi terapeuta cómo va.",
    ),
    (
        "going_out",
        re.compile(r"salir de casa|en casa|encerrad|salir mas|agorafobia"),
        "salir de casa a dar un paseo de 20 minutos el sábado y el domingo",
        "Salir de casa a dar un paseo de 20 minutos el sábado y el domingo durante las próximas cuatro "
        "semanas.",
    ),
    (
        "mood",
        re.compile(
            r"ansi|preocup|triste|estres|panico|enfad|ira\b|rabia|deprim|sol[oa]\b|soledad|culpa|miedo|"
            r"agobi|nervios|feliz|animo|autoestima|confianza|verguenza|mejor"
        ),
        "cuando note que me estoy poniendo nervioso, respirar despacio cinco veces y escribir a un amigo",
        "Cuando note que me estoy poniendo nervioso, respirar despacio cinco veces y escribir a un amigo, la "
        "mayoría de los días durante las próximas cuatro semanas.",
    ),
    (
        "sleep",
        re.compile(r"dorm|sueno|cama|acostar|cansad|insomnio|despert|siesta|pesadillas"),
        "estar en la cama con la luz apagada a las 23:00 entre semana",
        "Estar en la cama con la luz apagada a las 23:00 cinco noches por semana durante las próximas cuatro "
        "semanas.",
    ),
    (
        "screen",
        re.compile(
            r"movil|pantalla|redes sociales|series|netflix|youtube|consola|videojuegos|instagram|tiktok"
        ),
        "dejar el móvil en la cocina a partir de las 22:00",
        "Dejar el móvil en la cocina a partir de las 22:00 entre semana durante las próximas cuatro semanas.",
    ),
    (
        "drinking",
        re.compile(r"beb|alcohol|cervez|vino|fum|tabaco|cigarr|porros|apuest|vapear"),
        "tener al menos tres días sin alcohol cada semana",
        "Tener al menos tres días sin alcohol cada semana durante las próximas seis semanas.",
    ),
    (
        "money",
        re.compile(r"deuda|prestamo|tarjeta|dinero|ahorr|gast|presupuesto|facturas|euros|€"),
        "apartar 20 euros para la tarjeta cada vez que cobre",
        "Apartar 20 euros para la tarjeta cada vez que cobre durante los próximos seis meses, y mirar el "
        "saldo una vez al mes.",
    ),
    (
        "job",
        re.compile(r"trabajo|empleo|curriculum|entrevista|paro"),
        "enviar dos solicitudes de empleo por semana",
        "Enviar dos solicitudes de empleo por semana y preguntar a una persona por ofertas, hasta finales "
        "del mes que viene.",
    ),
    (
        "work_study",
        re.compile(r"jefe|examen|estudi|universidad|clase|carrera|curso|colegio|instituto|tesis|apuntes"),
        "dedicar 25 minutos al siguiente trabajo antes de comer entre semana",
        "Dedicar 25 minutos al siguiente trabajo antes de comer entre semana hasta final de curso.",
    ),
    (
        "social",
        re.compile(
            r"amig|familia|herman|madre|padre|mama|papa|pareja|hij|gente|llamar|quedar|visitar|abuel|"
            r"companer|relacion"
        ),
        "escribir o llamar a un amigo dos veces por semana",
        "Escribir o llamar a un amigo dos veces por semana durante las próximas seis semanas.",
    ),
    (
        "home",
        re.compile(r"ordenad|ordenar|limpi|casa|cocina|lavadora|tareas|fregar|basura"),
        "ordenar la cocina 10 minutos después de cenar entre semana",
        "Ordenar la cocina 10 minutos después de cenar entre semana durante las próximas cuatro semanas.",
    ),
)
DEFAULT_EXAMPLE = (
    "salir a caminar 20 minutos",
    "Salir a caminar 20 minutos tres veces por semana durante las próximas seis semanas.",
)


def worked_example(folded: str) -> tuple[str, str]:
    """(a short example, a full example goal) in Spanish, in the goal's activity or life area."""
    for stem, short in ACTIVITY_EXAMPLES.items():
        words = _ACTIVITY_WORD.get(stem, stem + r"\w*")
        if re.search(rf"\b(?:{words})\b", folded):
            full = f"{short} tres veces por semana durante las próximas seis semanas."
            return short, full[:1].upper() + full[1:]
    for _area, pattern, short, full in EXAMPLES:
        if pattern.search(folded):
            return short, full
    return DEFAULT_EXAMPLE
