"""Fixed vocabularies that every case file draws from.

They are code, not case data, because widgets, diagrams and the trainers' reports compare
answers across cases and students: a stage of the cycle or a motive system must mean the
same thing in every file. Each enum value is the spelling used in YAML; LABELS give the text
shown to readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    Stage.COPING_INTRAPSYCHIC: "Maladaptive coping, personal",
    Stage.COPING_INTERPERSONAL: "Maladaptive coping, interpersonal",
    Stage.MOMENTARY_RELIEF: "Momentary relief",
    Stage.OTHERS_REACT: "Others react; the cycle is maintained",
    Stage.REFLECTION: "Reflection (outside the cycle)",
}
CYCLE_STAGES = tuple(stage for stage in Stage if stage is not Stage.REFLECTION)


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
