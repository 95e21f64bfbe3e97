"""Settings, word lists and number words: the data the coach's rules read."""

from __future__ import annotations

import re


def _word_list(block: str) -> list[str]:
    return block.split()


def _words(block: str) -> frozenset[str]:
    return frozenset(_word_list(block))


# --- settings (named so the docs and the UI can say which convention was used) ------------------------------

MEASURE_KINDS = (
    "rating_0_10",
    "count_per_day",
    "count_per_week",
    "count_per_month",
    "minutes",
    "yes_no_per_day",
    "standard_score",
)
COUNT_KINDS = ("count_per_day", "count_per_week", "count_per_month")

# Readiness ruler convention (CLINICAL.md): below 7/10 confidence, make the step smaller.
MIN_CONFIDENCE = 7
# GAS importance is 0–3; 2 ("moderately") or more counts as mattering to the client.
MIN_RELEVANT_IMPORTANCE = 2

# Plausible weekly change, per kind of measure. These are coaching heuristics, not clinical facts: they flag
# plans that would need unusually fast change so the pair can talk about milestones. Conservative on purpose.
# A 0–10 self-rating moving more than 1.5 points a week, every week, is faster than goal-based outcome data
# usually show (reliable change on GBO is ~2.5 points over a whole course).
MAX_RATING_POINTS_PER_WEEK = 1.5
# Standard scores: about 2 points a week on PHQ-9's 0–27 range (a reliable improvement of 6 points in three
# weeks), scaled by range for other instruments.
MAX_SCALE_FRACTION_PER_WEEK = 2 / 27
# Counts and minutes: doubling (or halving) every week, sustained, is about as fast as habits tend to move.
MAX_GROWTH_FACTOR_PER_WEEK = 2.0
# Counts start from at least 1 and minutes from at least 15, so that 0 → 1 walk, or 0 → 20 minutes in one
# week, is not called implausible (any growth from zero is infinite).
COUNT_FLOOR = 1.0
MINUTES_FLOOR = 15.0
# Yes/no per day, as days per week: two more (or fewer) days each week.
MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK = 2.0
MINUTES_PER_DAY = 24 * 60

# Minutes in each unit of time.
UNIT_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "fortnight": 20160}
UNIT_MINUTES |= {"month": 43830, "year": 525960}  # a month is 30.44 days, a year 365.25

# Instrument ranges the coach knows by name (CLINICAL.md); others need scale_min / scale_max.
KNOWN_SCALES = {"phq9": (0.0, 27.0), "gad7": (0.0, 21.0)}

# Goal statements are sentences; longer text is cut here so the coach stays fast on anything pasted in.
MAX_TEXT_CHARS = 5000

# --- lexicons -----------------------------------------------------------------------------------------------

# Verbs whose doing someone else could see. Lemmas; _lemma() maps walks/walking/walked to walk.
ACTION_VERBS = _words(
    """
    walk run jog swim cycle bike hike dance sing paint draw knit garden climb stretch exercise
    train lift call ring phone text message email write read speak talk chat ask tell say reply
    respond answer shout go attend visit meet see join volunteer leave arrive apply submit book
    schedule register enrol enroll sleep nap wake eat cook bake drink smoke vape quit gamble
    meditate practise practice breathe pray study revise finish send post share invite hug thank
    listen tidy clean wash shower brush floss shop buy pay save spend budget sell take put turn
    switch open sign plan check limit count log record track sit stand stay lose weigh play drive
    ride travel move cut skip avoid find pass argue fight cry binge purge cancel complete use hold
    hand wear feed help prepare start shed clear miss
    """
)

# Acts done once, on something definite ("call my sister", "book a GP appointment", "submit my tax return"):
# with an object they are specific without saying how often. Habits (walk, read, go to the gym) need how much,
# how often or when as well.
ONE_OFF_VERBS = _words(
    """
    call ring phone text message email write ask tell say book submit send apply attend visit sign register
    enrol enroll pay cancel complete finish join buy sell move talk speak see hand quit take pass
    """
)

# A wish for more, less or different, with no amount: "call my friends more", "find a new job".
WISH_WORDS = re.compile(
    r"\b(?:more|less|fewer|better|healthier|a new|new|a better|get over|fear of|get back into|get into|"
    r"more often|take up|earlier|later|learn to)\b"
)

# A recurring occasion or a trigger that says when: "before each deadline", "after dinner", "when I feel …".
OCCASION_WORDS = (
    r"(?:deadlines?|exams?|essays?|assignments?|seminars?|lectures?|lessons?|classes|class|meetings?|sessions?|"
    r"shifts?|paydays?|appointments?|tests?|visits?|calls?|workouts?|meals?|family meals?|breakfast|lunch|"
    r"dinner|tea|work|school|college|bed|bedtime|sleep)"
)
EACH_OCCASION = re.compile(rf"\b(?:each|every)\s+(?:[a-z]+\s+)?{OCCASION_WORDS}\b")
OCCASION = re.compile(
    rf"\b(?:before|after|at|during|with|by)\s+(?:each\s+|every\s+|my\s+|the\s+|a\s+|an\s+|our\s+)?"
    rf"{OCCASION_WORDS}\b|\b(?:when|whenever|as soon as|if)\s+i\b|\beach\s+(?:time|one)\b|"
    r"\bthrough\s+(?:the\s+night|a\s+film|a\s+meal|the\s+meeting|a\s+class)\b|"
    r"\bwithout\s+(?:a|any)\s+(?:drink|cigarette|bet|drinks|cigarettes)\b|" + EACH_OCCASION.pattern
)
# One-off events one goes to: "go to my cousin's wedding", "attend the parents' evening".
EVENT_PHRASE = re.compile(
    r"\b(?:go|going|get|attend|attending|be)\s+(?:to\s+)?(?:my|the|a|an|our|his|her|their)\s+"
    r"(?:[a-z']+\s+){0,2}?(?:wedding|party|funeral|reunion|interview|appointment|parents' evening|"
    r"graduation|christening|match|concert|hearing)\b|"
    r"\bgo(?:ing)?\s+to\s+(?:the|my|a)\s+(?:doctor|dentist|gp|optician|pharmacy|chemist|bank|council|jobcentre|"
    r"surgery|hospital|clinic)\s+(?:about|for|to|on)\b|"
    r"\bgo(?:ing)?\s+(?:back\s+to\s+(?:work|school|college|uni|university)|on\s+a\s+(?:date|trip|holiday))\b"
)

# Medicines and the words for changing them: a change is planned with the prescriber (CLINICAL.md).
MEDICATION = (
    r"(?:antidepressants?|anti-depressants?|antipsychotics?|anti-psychotics?|medication|medications|medicines?|"
    r"meds|tablets|pills|dose|dosage|sertraline|fluoxetine|citalopram|escitalopram|mirtazapine|venlafaxine|"
    r"duloxetine|paroxetine|amitriptyline|lithium|quetiapine|olanzapine|aripiprazole|risperidone|diazepam|"
    r"lorazepam|pregabalin|gabapentin|propranolol|zopiclone|lamotrigine|valproate|methadone|buprenorphine)"
)
MEDICATION_STOP = (
    r"(?:stop|stopping|quit|quitting|come off|coming off|get off|getting off|be off|give up|cut out)"
)
MEDICATION_CHANGE = re.compile(
    rf"\b(?P<verb>{MEDICATION_STOP}|cut down|cutting down|cut back|reduce|reducing|lower|lowering|taper|"
    rf"tapering|wean|weaning|drop|halve|change|changing|switch|switching|increase|increasing)\b"
    rf"(?:\s+(?:taking|using|on|from|the|my|all|of|off|me|down))*\s+(?:[a-z-]+\s+)?{MEDICATION}\b"
)
PRESCRIBER = re.compile(
    r"\b(?:gp|gp's|doctor|doctor's|psychiatrist|psychiatrist's|prescriber|pharmacist|consultant|nurse|"
    r"prescribing)\b"
)

# Feelings that are part of life for everyone: a goal to stop them altogether can't be met.
DIFFICULT_FEELINGS = (
    r"(?:sad|sadness|anxious|anxiety|stressed|stress|worried|worry|worrying|lonely|depressed|low|angry|anger|"
    r"guilty|guilt|scared|afraid|fear|upset|nervous|panicky|ashamed|hopeless|jealous|down|tense|frightened|"
    r"overwhelmed|irritable|miserable|unhappy)"
)
ELIMINATE_FEELING = re.compile(
    rf"\b(?:stop|quit|never|no longer|not ever|get rid of(?: my)?)\s+(?:being\s+|feeling\s+|feel\s+|be\s+|"
    rf"getting\s+|get\s+)?(?:\w+\s+)?{DIFFICULT_FEELINGS}\b"
)
# A goal put as what to stop or avoid: "stop overthinking", "don't let work get to me", "never feel sad".
NEGATED_START = re.compile(
    r"^(?:i\s+(?:want|would like|need|will|'d like|wish)\s+to\s+|i'll\s+|i\s+(?:will\s+)?|to\s+)?"
    r"(?:stop|quit|never|no longer|not|don't|do not|avoid)\b"
)

# Topics that get a gentle safety note rather than praise (CLINICAL.md: risk is the therapist's to judge).
SENSITIVE_TOPICS = {
    "self_harm": re.compile(
        r"\bself[- ]?harm\w*|\b(?:harm|hurt|cut|cutting|harming|hurting)\s+myself\b|\bsuicid\w*|"
        r"\bkill(?:ing)? myself\b|\bend my life\b|\boverdos\w*"
    ),
    "weight": re.compile(
        r"\bweigh\w*|\bweight\b|\b\d+\s*(?:kg|kgs|kilos?|lbs?|stones?)\b|\b(?:lose|drop|shed)\s+\w+\s+"
        r"(?:pounds|stones?)\b|\bcalories?\b|\bdiet(?:ing)?\b|\bbmi\b"
    ),
    "eating": re.compile(
        r"\b(?:eat|eats|eating|ate|meals?|snacks?|binge\w*|purg\w*|food|appetite|vomit\w*)\b|"
        r"\bskip(?:ping)?\s+(?:breakfast|lunch|dinner|tea|meals?)\b"
    ),
}


IRREGULAR_FORMS = {
    "went": "go",
    "gone": "go",
    "goes": "go",
    "ran": "run",
    "swam": "swim",
    "slept": "sleep",
    "ate": "eat",
    "eaten": "eat",
    "drank": "drink",
    "drunk": "drink",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "told": "tell",
    "said": "say",
    "left": "leave",
    "spent": "spend",
    "took": "take",
    "taken": "take",
    "met": "meet",
    "saw": "see",
    "seen": "see",
    "woke": "wake",
    "rode": "ride",
    "drove": "drive",
    "sold": "sell",
    "bought": "buy",
    "paid": "pay",
    "sat": "sit",
    "stood": "stand",
    "found": "find",
    "lost": "lose",
    "felt": "feel",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "been": "be",
    "being": "be",
}

# Feelings and traits: fine to name, but on their own nobody can see them happen.
FEELING_WORDS = _words(
    """
    happy happier happiness sad calm calmer relaxed positive negative confident confidence anxious
    anxiety stressed stress worried worry lonely connected motivated motivation productive
    assertive better good strong stronger focused safe okay ok fine free healthy healthier fit
    fitter organised organized mindful grateful content peaceful peace balanced balance irritable
    angry anger depressed low hopeful self-esteem esteem mood emotions emotional worthy secure
    comfortable energetic lazy patient kind guilty scared afraid upset nervous ashamed hopeless
    """
)

# Verbs and phrases that name a wish, not an action: they drive the "say what you'll do" feedback.
VAGUE_PHRASES = (
    "work on",
    "get better",
    "deal with",
    "cope with",
    "cope",
    "improve",
    "understand",
    "try to",
    "manage",
    "handle",
    "learn to",
    "sort out",
    "get over",
    "reconnect",
    "let go",
    "focus on",
    "become",
    "be more",
    "be less",
    "be a",
    "be the",
    "feel",
    "be",
)

# Phrases in which an action verb is only a figure of speech ("take care of myself", "go easy on myself").
FIGURATIVE_PHRASES = re.compile(
    r"\b(?:take (?:care|it easy|time|things|a break from life)|go (?:easy|with the flow)|let go|"
    r"see (?:if|how|whether)|find (?:peace|happiness|myself|balance|meaning|purpose)|"
    r"pass (?:the time)|move on|clear (?:my|the) (?:head|mind|air)|"
    r"driving (?:test|lessons?|licen[cs]e|theory))\b"
)

POSSESSIVES = frozenset({"my", "your", "his", "her", "our", "their"})

# Things that happen, or places one goes, which make a statement concrete even without an action verb.
OBSERVABLE_PHRASES = re.compile(
    r"\b(?:in bed|out of bed|get up|wake up|panic attacks?|arguments?|rows with|conversations?|"
    r"screen time|social media|self[- ]?harm\w*|harm(?:ing)? myself|hurt(?:ing)? myself|be late|on time|"
    r"cigarettes?|smoking|alcohol|diary|journal|the gym|the supermarket|the pool|the library|the park|"
    r"blood pressure|blood sugar|out of the house|get out|get dressed|look(?:ing)? for|search(?:ing)? for|"
    r"get (?:a|an) (?!\d)[a-z]{3,}\b|asleep|(?:get|score)\s+\d+\s?%|"
    r"ha(?:ve|s|ving)\s+(?:a\s+|an\s+|my\s+)?(?:breakfast|lunch|dinner|tea|meals?|snacks?|shower|bath|coffee|"
    r"drink|chat|conversation|cigarettes?|day off|break)\b|"
    r"(?:do|doing|play|playing)\s+(?:some\s+|more\s+)?(?:yoga|pilates|tai chi|football|tennis|golf|squash|"
    r"badminton|netball|basketball|cricket|rugby|press-ups|push-ups|sit-ups|squats))|"
    + MEDICATION_CHANGE.pattern
)

# Named standard measures: a score on one of these is an observable event and a measure.
NAMED_SCORE = re.compile(
    r"\b(?:phq[- ]?9|phq|gad[- ]?7|gad|core[- ]?10|core[- ]?om|wemwbs|pcl[- ]?5|k[- ]?10|dass[- ]?21)\b"
)

# --- number words -------------------------------------------------------------------------------------------

_NUMBER_NAMES = _word_list(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty
    """
)
_SMALL_NUMBERS = {word: n for n, word in enumerate(_NUMBER_NAMES)}
_TENS = {
    word: 10 * n
    for n, word in enumerate(_word_list("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_SPECIAL_NUMBERS = {
    "a": 1.0,
    "an": 1.0,
    "once": 1.0,
    "twice": 2.0,
    "thrice": 3.0,
    "half": 0.5,
    "a half": 0.5,
    "a couple": 2.0,
    "couple": 2.0,
    "a dozen": 12.0,
    "dozen": 12.0,
    "hundred": 100.0,
    "a hundred": 100.0,
    "a thousand": 1000.0,
    "thousand": 1000.0,
}

_UNIT_WORDS = "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
NUMBER_WORD = (
    rf"(?:(?:{_TEN_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNIT_WORDS}|"
    r"(?:a |one )?hundred|a dozen|dozen|a couple(?: of)?|couple of)"
)
NUMBER = rf"(?:\d+(?:\.\d+)?|{NUMBER_WORD})"
# Vague amounts ("a few weeks") still name a period, but no end date can be estimated from them.
VAGUE_AMOUNT = r"(?:a few|few|several|some)"


def parse_number(word_or_digits: str) -> float | None:
    """'20' → 20, 'twenty-one' → 21, 'a couple of' → 2, 'half' → 0.5, 'twice' → 2, 'three times' → 3."""
    text = re.sub(r"\s+", " ", word_or_digits.strip().lower().replace("-", " "))
    text = re.sub(r" of$", "", text)
    times = re.fullmatch(r"(.+?) ?times?|(\d+(?:\.\d+)?) ?x", text)  # "three times", "3x"
    if times and (times.group(1) or "") not in ("a", "an"):
        return parse_number(times.group(1) or times.group(2))
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if text in _SPECIAL_NUMBERS:
        return _SPECIAL_NUMBERS[text]
    if text in _SMALL_NUMBERS or text in _TENS:
        return float(_SMALL_NUMBERS.get(text, _TENS.get(text, 0)))
    return _parse_compound(text)


def _parse_compound(text: str) -> float | None:
    """'twenty one' → 21, 'three hundred' → 300; anything else → None."""
    parts = text.split(" ")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _SMALL_NUMBERS and _SMALL_NUMBERS[parts[1]] < 10:
        return float(_TENS[parts[0]] + _SMALL_NUMBERS[parts[1]])
    if len(parts) == 2 and parts[1] == "hundred":
        head = parse_number(parts[0])
        return head * 100 if head is not None else None
    return None
