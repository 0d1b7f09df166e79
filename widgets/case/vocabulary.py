"""Fixed vocabularies that every case file draws from.

They are code, not case data, because widgets, diagrams and the trainers' reports compare
answers across cases and students: a stage of the cycle or a motive system must mean the
same thing in every file. Each enum value is the spelling used in YAML; LABELS give the text
shown to readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .pronouns import Pronouns, render


class TimePoint(StrEnum):
    INTAKE = "intake"
    MID_THERAPY = "mid-therapy"
    END = "end"
    FOLLOW_UP = "follow-up"


TIME_POINT_LABELS = {
    TimePoint.INTAKE: "Intake",
    TimePoint.MID_THERAPY: "Mid-therapy",
    TimePoint.END: "End of therapy",
    TimePoint.FOLLOW_UP: "Follow-up",
}


class MotiveSystem(StrEnum):
    """Evolved motivational systems MIT uses to name what a wish is about."""

    ATTACHMENT = "attachment"
    CAREGIVING = "caregiving"
    SOCIAL_RANK = "social-rank"
    GROUP_INCLUSION = "group-inclusion"
    COOPERATION = "cooperation"
    AUTONOMY_EXPLORATION = "autonomy-exploration"
    SEXUALITY = "sexuality"


MOTIVE_LABELS = {
    MotiveSystem.ATTACHMENT: "Attachment (to be comforted, protected, loved)",
    MotiveSystem.CAREGIVING: "Caregiving (to look after someone)",
    MotiveSystem.SOCIAL_RANK: "Social rank (to be esteemed, not put down)",
    MotiveSystem.GROUP_INCLUSION: "Group inclusion (to belong)",
    MotiveSystem.COOPERATION: "Cooperation (to share a goal with peers)",
    MotiveSystem.AUTONOMY_EXPLORATION: "Autonomy / exploration (to follow one's own interests)",
    MotiveSystem.SEXUALITY: "Sexuality (to be desired, to seduce)",
}


class Domain(StrEnum):
    """The four BPD domains of the MIT formulation (the case paper's §1 and §6)."""

    SENSE_OF_SELF = "sense-of-self"
    INTERPERSONAL_SCHEMAS = "interpersonal-schemas"
    METACOGNITION = "metacognition"
    EMOTION_DYSREGULATION = "emotion-dysregulation"


DOMAIN_LABELS = {
    Domain.SENSE_OF_SELF: "Impaired sense of self",
    Domain.INTERPERSONAL_SCHEMAS: "Maladaptive interpersonal schemas",
    Domain.METACOGNITION: "Impaired metacognition",
    Domain.EMOTION_DYSREGULATION: "Emotion dysregulation and impulsivity",
}


class Subfunction(StrEnum):
    """MIT's metacognitive subfunctions, as the case paper uses them."""

    MONITORING = "monitoring"
    DIFFERENTIATION = "differentiation"
    INTEGRATION = "integration"
    DECENTERING = "decentering"
    MASTERY = "mastery"


SUBFUNCTION_LABELS = {
    Subfunction.MONITORING: "Monitoring (naming one's own thoughts and feelings)",
    Subfunction.DIFFERENTIATION: "Differentiation (telling ideas from reality)",
    Subfunction.INTEGRATION: "Integration (a coherent picture of self and others)",
    Subfunction.DECENTERING: "Decentering (others' minds from their point of view)",
    Subfunction.MASTERY: "Mastery (using this knowledge to handle distress)",
}


class Level(StrEnum):
    """A coarse, ordered judgement of a metacognitive subfunction in a formulation."""

    POOR = "poor"
    LIMITED = "limited"
    PARTIAL = "partial"
    ADEQUATE = "adequate"


@dataclass(frozen=True)
class RatingScale:
    """A scale of the simplified MAS-A teaching rubric (Lysaker et al. 2005)."""

    id: str
    label: str
    minimum: int
    maximum: int


MASA_SCALES = (
    RatingScale("self_reflectivity", "Self-reflectivity", 0, 9),
    RatingScale("understanding_others", "Understanding others' minds", 0, 7),
    RatingScale("decentration", "Decentration", 0, 3),
    RatingScale("mastery", "Mastery", 0, 9),
)
MASA_SCALE_IDS = tuple(scale.id for scale in MASA_SCALES)
SCALE_BY_ID = {scale.id: scale for scale in MASA_SCALES}


class Stage(StrEnum):
    """Stages of the interacting-domains cycle (Figure 1 of the case paper), in cycle order.

    REFLECTION is not in the figure: it marks the steps of an episode where metacognitive
    work in or after therapy interrupts the cycle.
    """

    EVENT = "event"
    WISH = "wish"
    SELF_IMAGE = "self-image"
    PREDICTED_RESPONSE = "predicted-response"
    EMOTION = "emotion"
    BLOCKED_METACOGNITION = "blocked-metacognition"
    BLACK_HOLE = "black-hole"
    DISSOCIATION = "dissociation"
    COPING_INTRAPSYCHIC = "coping-intrapsychic"
    COPING_INTERPERSONAL = "coping-interpersonal"
    MOMENTARY_RELIEF = "momentary-relief"
    OTHERS_REACT = "others-react"
    REFLECTION = "reflection"


STAGE_LABELS = {
    Stage.EVENT: "Interpersonal event",
    Stage.WISH: "Wish activated",
    Stage.SELF_IMAGE: "Painful self-image",
    Stage.PREDICTED_RESPONSE: "Predicted response of the other",
    Stage.EMOTION: "Dysregulated emotion",
    Stage.BLOCKED_METACOGNITION: "Inhibited metacognition",
    Stage.BLACK_HOLE: "“Black hole”: fragmentation and psychic pain",
    Stage.DISSOCIATION: "Dissociation",
    Stage.COPING_INTRAPSYCHIC: "Maladaptive mastery, personal",
    Stage.COPING_INTERPERSONAL: "Maladaptive mastery, interpersonal",
    Stage.MOMENTARY_RELIEF: "Momentary relief",
    Stage.OTHERS_REACT: "Others react; the cycle is maintained",
    Stage.REFLECTION: "Reflection (outside the cycle)",
}
CYCLE_STAGES = tuple(stage for stage in Stage if stage is not Stage.REFLECTION)

# What each stage is, for the feedback on a learner's chain: the reason a step belongs there.
# Written for any case: `{they}`, `{their}`, `{sees|see}`… are rendered with the person's
# pronouns (case.pronouns; `stage_explanation`).
STAGE_EXPLANATIONS = {
    Stage.EVENT: "Something happens between {them} and another person, or a sign of it: the "
                 "trigger the rest of the chain answers.",
    Stage.WISH: "What {they} {wants|want} from the other at that moment: the motive the event "
                "stirs.",
    Stage.SELF_IMAGE: "How {they} {sees|see} {themselves} once the wish seems bound to fail.",
    Stage.PREDICTED_RESPONSE: "What {they} {expects|expect}, or {believes|believe}, the other "
                              "will do or is doing with {their} wish: the schema's prediction, "
                              "taken as a fact.",
    Stage.EMOTION: "The feeling that floods in: sadness, shame, fear, anger.",
    Stage.BLOCKED_METACOGNITION: "{They} cannot name what {they} {feels|feel}, tell an idea from "
                                 "a fact, or see the other's point of view.",
    Stage.BLACK_HOLE: "A state of unbearable pain and fragmentation, often tied to old "
                      "relational experiences not remembered as such.",
    Stage.DISSOCIATION: "Detachment that turns down the flood of feeling: it happens to {them} "
                        "rather than being chosen.",
    Stage.COPING_INTRAPSYCHIC: "What {they} {does|do} within {themselves} or to {themselves} to "
                               "soothe the pain (for example drinking or binge eating): a "
                               "maladaptive mastery strategy, mastery failing because "
                               "metacognition fails, pushed on by impulsivity.",
    Stage.COPING_INTERPERSONAL: "What {they} {does|do} towards others to handle the wish or the "
                                "pain (for example angry demands or clinging): a maladaptive "
                                "mastery strategy, pushed on by impulsivity and by a poor "
                                "understanding of the other's mind.",
    Stage.MOMENTARY_RELIEF: "The coping works for a moment, which is why it is repeated.",
    Stage.OTHERS_REACT: "How the others respond to {their} coping; often the response {they} "
                        "feared, which keeps the cycle going.",
    Stage.REFLECTION: "Outside the cycle: {they} {steps|step} back from it, alone or with "
                      "{their} therapist, and {sees|see} it as a pattern.",
}


def stage_explanation(stage: Stage, pronouns: Pronouns | None = None) -> str:
    """Why a step belongs to a stage, for a person with these pronouns."""
    return render(STAGE_EXPLANATIONS[stage], pronouns)


# Which domain of the formulation each stage expresses: how one domain feeds the next. The
# assignment is the workbook's (Figure 1 names no domains). Maladaptive mastery goes under
# metacognition, where the case paper introduces it (§1: "mastery is poor"), although
# impulsivity co-determines it (Figure 1).
STAGE_DOMAINS = {
    Stage.EVENT: Domain.INTERPERSONAL_SCHEMAS,
    Stage.WISH: Domain.INTERPERSONAL_SCHEMAS,
    Stage.SELF_IMAGE: Domain.INTERPERSONAL_SCHEMAS,
    Stage.PREDICTED_RESPONSE: Domain.INTERPERSONAL_SCHEMAS,
    Stage.EMOTION: Domain.EMOTION_DYSREGULATION,
    Stage.BLOCKED_METACOGNITION: Domain.METACOGNITION,
    Stage.BLACK_HOLE: Domain.SENSE_OF_SELF,
    Stage.DISSOCIATION: Domain.SENSE_OF_SELF,
    Stage.COPING_INTRAPSYCHIC: Domain.METACOGNITION,
    Stage.COPING_INTERPERSONAL: Domain.METACOGNITION,
    Stage.MOMENTARY_RELIEF: Domain.EMOTION_DYSREGULATION,
    Stage.OTHERS_REACT: Domain.INTERPERSONAL_SCHEMAS,
}


@dataclass(frozen=True)
class Intervention:
    """Where in the cycle an MIT procedure works. `ref` is a § of a case's source when the
    case file says where its therapy did this (`treatment.interventions`); the generic list
    below cites nothing, because it describes MIT, not any one case."""

    stage: Stage
    procedure: str
    ref: str | None = None


# MIT's procedures by stage of the cycle, in the workbook's words, shown for a case whose file
# does not list its own; `{their}`, `{has|have}` are rendered with the person's pronouns.
INTERVENTIONS = (
    Intervention(Stage.EVENT, "Ask for specific, detailed episodes, not general statements"),
    Intervention(Stage.WISH, "Reach the wishes {they} {has|have} suppressed and help the "
                 "healthy part pursue them"),
    Intervention(Stage.PREDICTED_RESPONSE, "Differentiation: {their} ideas about others are "
                 "schema-driven ideas, not facts"),
    Intervention(Stage.EMOTION, "Regulate through the relationship (a compassionate, calm "
                 "tone) and the body (breathing)"),
    Intervention(Stage.BLOCKED_METACOGNITION, "Monitoring questions: when did it start, "
                 "where, with whom"),
    Intervention(Stage.COPING_INTRAPSYCHIC, "Validate harmful coping as a human, costly way to "
                 "manage pain; build a menu of safer strategies"),
    Intervention(Stage.OTHERS_REACT, "Metacommunication and repair in the therapy "
                 "relationship; later, {their} own part in interpersonal cycles"),
)


class ContractAim(StrEnum):
    """The kinds of goal an MIT contract sets out from a schema (the case paper's §7): the
    contract drafter words a goal of one of these kinds from the learner's own schema."""

    REGULATE_PAIN = "regulate-pain"
    UNDERSTAND_SELF_IMAGE = "understand-self-image"
    PURSUE_HEALTHY_WISHES = "pursue-healthy-wishes"


class ContentTopic(StrEnum):
    """Topics that call for a content note (see the book's content note page)."""

    SELF_HARM = "self-harm"
    SUICIDAL_IDEATION = "suicidal-ideation"
    CHILDHOOD_ABUSE = "childhood-abuse"
    SEXUAL_COERCION = "sexual-coercion"
    SUBSTANCE_USE = "substance-use"
    DISORDERED_EATING = "disordered-eating"
    VIOLENCE = "violence"
    NEGLECT = "neglect"


CONTENT_TOPIC_LABELS = {
    ContentTopic.SELF_HARM: "self-harm",
    ContentTopic.SUICIDAL_IDEATION: "suicidal thoughts",
    ContentTopic.CHILDHOOD_ABUSE: "childhood abuse",
    ContentTopic.SEXUAL_COERCION: "sexual coercion",
    ContentTopic.SUBSTANCE_USE: "alcohol misuse",
    ContentTopic.DISORDERED_EATING: "binge eating",
    ContentTopic.VIOLENCE: "family violence",
    ContentTopic.NEGLECT: "emotional neglect",
}


class TieKind(StrEnum):
    PARTNER = "partner"
    FAMILY = "family"
    FRIEND = "friend"
    GROUP = "group"
    WORK = "work"
    CLINICIAN = "clinician"


class TreatmentStrand(StrEnum):
    """MIT's two families of procedures; the course is iterative, not a sequence of phases."""

    FORMULATION_AND_REGULATION = "formulation-and-regulation"
    CHANGE_PROMOTING = "change-promoting"
    FOLLOW_UP = "follow-up"


# A general vocabulary for the parts of an interpersonal schema, across cases: common answers,
# right for some cases and wrong for others, that the schema exercise offers as suggestions.
# Not drawn from any one case; the exercise removes a case's own published wordings from it,
# so the list never hands a learner the answer (see work.suggestions). Behaviours are named in
# general terms only.
SCHEMA_VOCABULARY: dict[str, tuple[str, ...]] = {
    "negative_self_image": (
        "A burden", "Alone", "Bad", "Boring", "Defective", "Different from others", "Dirty",
        "Excluded", "Guilty", "Helpless", "Inadequate", "Incompetent", "Inferior",
        "Invisible", "Stupid", "Unlovable", "Unwanted", "Unworthy", "Vulnerable", "Weak",
        "Worthless"),
    "expected_response_of_other": (
        "Abandoning", "Abusive", "Belittling", "Controlling", "Critical", "Demanding",
        "Dismissive", "Distant", "Excluding", "Exploiting", "Humiliating", "Indifferent",
        "Intrusive", "Judgemental", "Neglecting", "Punishing", "Rejecting", "Unpredictable"),
    "reactions_of_self": (
        "Anger", "Anxiety", "Confusion", "Despair", "Disgust", "Emptiness", "Envy", "Fear",
        "Guilt", "Helplessness", "Humiliation", "Jealousy", "Loneliness", "Numbness", "Rage",
        "Rumination", "Sadness", "Shame"),
    "coping_interpersonal": (
        "Accusing others", "Angry requests for attention", "Avoiding social events",
        "Clinging", "Controlling others", "Counter-attack", "People-pleasing", "Placating",
        "Seeking reassurance", "Seduction", "Shutting down", "Submission", "Testing others",
        "Withdrawal"),
    "coping_intrapsychic": (
        "Binge eating", "Compulsive shopping", "Daydreaming", "Dissociation", "Drinking",
        "Drinking alcohol", "Drug use", "Emotional numbing", "Excessive exercise",
        "Overworking", "Perseverative thinking", "Restrictive eating", "Self-criticism",
        "Self-harm", "Suppressing feelings"),
    "alternative_self_image": (
        "Accepted", "Capable", "Competent", "Confident", "Deserving of care", "Equal to others",
        "Good enough", "Included", "Likeable", "Loveable", "Respected", "Strong", "Valuable",
        "Worthy"),
    "hoped_response_of_other": (
        "Accepting", "Admiring", "Appreciative", "Attentive", "Caring", "Encouraging",
        "Including", "Protective", "Reliable", "Respectful", "Supportive", "Understanding",
        "Warm", "Welcoming"),
}
