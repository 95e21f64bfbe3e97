"""The codes and URLs Accord's FHIR records use (CLINICAL.md, "FHIR mapping") and the value sets they bind.

No Django here: the exporter, the checker and the importer share these."""

from __future__ import annotations

LOINC = "http://loinc.org"

# HL7 Person-Centered Outcomes IG: the five GAS levels travel on the Goal in this extension.
GAS_EXTENSION = "http://hl7.org/fhir/us/pco/StructureDefinition/pco-goal-attainment-scaling"
# Each party's agreement with the goal (core R4 extension).
ACCEPTANCE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/goal-acceptance"
ACCEPTANCE_STATUSES = ("agree", "disagree", "pending")

# GAS level → LOINC answer code (answer list LL6900-6), and back.
GAS_ANSWER = {2: "LA34479-8", 1: "LA34480-6", 0: "LA34481-4", -1: "LA34483-0", -2: "LA34484-8"}
GAS_LEVEL_OF_ANSWER = {code: level for level, code in GAS_ANSWER.items()}
GAS_ANSWER_DISPLAY = {
    2: "Much more than expected",
    1: "Somewhat more than expected",
    0: "Expected outcome",
    -1: "Somewhat less than expected",
    -2: "Much less than expected",
}

# GAS score observations (PCO IG value set goal-attainment-scaling-score).
GAS_BASELINE = "112296-9"
GAS_FOLLOW_UP = {"client": "107334-5", "therapist": "107333-7"}
GAS_CAREGIVER_FOLLOW_UP = "107331-1"
GAS_PARTY_OF_CODE = {code: party for party, code in GAS_FOLLOW_UP.items()}
GAS_SCORE_CODES = (GAS_BASELINE, GAS_CAREGIVER_FOLLOW_UP, *GAS_FOLLOW_UP.values())

# FHIR R4 value sets Accord binds to (required bindings).
GOAL_LIFECYCLE = (
    "proposed",
    "planned",
    "accepted",
    "active",
    "on-hold",
    "completed",
    "cancelled",
    "entered-in-error",
    "rejected",
)
GOAL_ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
GOAL_ACHIEVEMENT = (
    "in-progress",
    "improving",
    "worsening",
    "no-change",
    "achieved",
    "sustaining",
    "not-achieved",
    "no-progress",
    "not-attainable",
)
OBSERVATION_STATUS = (
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
)
BUNDLE_TYPES = (
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
)
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

# Accord's own identifier and code systems (URNs: stable whatever the deployment's address).
ID_SYSTEM = "urn:accord:id:"  # + "client", "goal", "user", "gas-rating", …
ACCORD_CODES = "urn:accord:codes"  # observation codes with no LOINC equivalent
MEASURE_KIND_SYSTEM = "urn:accord:measure-kind"
GAS_WEIGHT_EXTENSION = "urn:accord:extension:gas-weight"  # client importance and therapist difficulty, 0–3
CLIENT_WORDS_EXTENSION = "urn:accord:extension:client-words"  # the goal in the client's own words
QUESTIONNAIRE_URL = "urn:accord:questionnaire:"  # + key + ":" + version

PROGRESS_VALUE = "goal-progress-value"
PROGRESS_RATING = "goal-progress-rating"
READINESS = "readiness-ruler"
READINESS_IMPORTANCE = "readiness-importance"
READINESS_CONFIDENCE = "readiness-confidence"
MEASURE_TOTAL = "measure-total"
