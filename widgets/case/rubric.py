"""A simplified teaching rubric for rating metacognition in short excerpts.

Adapted, in this workbook's own words, from the Metacognition Assessment Scale-Abbreviated
(MAS-A; Lysaker et al., 2005) and the Metacognition Assessment Scale (Semerari et al., 2003).
It is NOT the published instrument: the real scales are rated on whole narratives, by trained
raters, with a manual. Within a scale each level presupposes the ones below it, so a rating is
the highest level reached; across scales, a few levels presuppose a level on another scale
(PREREQUISITES), which the rater widget flags.

Active but harmful strategies, such as drinking, bingeing or self-harm used to get through
distress (named only in general terms), are placed on the mastery scale at level 3, beside
avoidance (HARMFUL_STRATEGY_LEVEL). Like avoidance they escape or numb distress rather than
handle it; they are more than relying on others passively (level 2), and below containing
distress (level 4) and every strategy that does no harm (levels 5 and up). The placement is
the workbook's teaching choice, in line with MIT's view of such strategies as maladaptive
mastery: attempts to manage pain that cost more than they give.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pronouns import Pronouns, render
from .vocabulary import MASA_SCALES, SCALE_BY_ID

# Written once for any case: `{they}`, `{their}`, `{sees|see}`… are the person's pronouns and
# the verb agreeing with them (see case.pronouns); `levels` and `level_description` render them.
LEVELS: dict[str, tuple[str, ...]] = {
    "self_reflectivity": (
        "No sign that {they} {treats|treat} {their} own thoughts or feelings as mental states.",
        "Recognises that {they} {has|have} thoughts at all.",
        "Recognises {their} thoughts as {their} own, distinct from other people's.",
        "Tells different mental acts apart (remembering, imagining, wishing, deciding).",
        "Names and distinguishes {their} emotions.",
        "Recognises that {their} ideas are subjective and may be mistaken, not facts.",
        "Notices that {their} thoughts and feelings can differ or conflict, and can bear it.",
        "Links thoughts, feelings and actions into a plausible account of why {they} acted.",
        "Recognises recurring patterns in {their} mental life across situations and time.",
        "Holds a coherent, nuanced picture of {themselves} that changes over time.",
    ),
    "understanding_others": (
        "No sign that {they} {sees|see} others as having minds of their own.",
        "Recognises that others have thoughts and feelings.",
        "Tells apart different mental acts in others.",
        "Names others' emotions.",
        "Infers others' thoughts and feelings from cues, plausibly.",
        "Relates others' thoughts, feelings and actions to each other (why they acted).",
        "Recognises patterns in others' mental lives across situations.",
        "Holds a nuanced, integrated picture of another person's mind.",
    ),
    "decentration": (
        "Understands others' minds only in relation to {themselves}.",
        "Recognises that others' behaviour may have reasons that are not about {them}.",
        "Recognises that others have lives and goals independent of {them}.",
        "Holds several perspectives at once: sees events as others see them, beside {their} own.",
    ),
    "mastery": (
        "No strategy for psychological distress is described.",
        "Says {they} cannot cope, or {does|do} not see a problem to handle.",
        "Relies on others to solve the problem, passively.",
        "Avoids, escapes or numbs distress: withdraws, or turns to something that harms "
        "{them} in the end (e.g. drinking, bingeing, self-harm).",
        "Contains distress: holds back an impulse or bears a feeling long enough to think.",
        "Changes {their} behaviour or the situation on purpose, in ways that do not harm "
        "{them}, to feel better (e.g. breathing, exercise).",
        "Seeks others' support actively, knowing what {they} {needs|need} from them.",
        "Uses what {they} {knows|know} about {their} own mind to handle distress "
        "(e.g. questions a thought).",
        "Uses what {they} {knows|know} about others' minds to handle a problem with them.",
        "Accepts the limits of what {they} can change, and still acts well.",
    ),
}


# Where the mastery scale puts active but harmful strategies (see the module's docstring).
HARMFUL_STRATEGY_LEVEL = 3


@dataclass(frozen=True)
class Prerequisite:
    scale: str
    level: int
    needs_scale: str
    needs_level: int
    reason: str

    def because(self, pronouns: Pronouns | None = None) -> str:
        return render(self.reason, pronouns)

    def message(self, rating: int, other: int, pronouns: Pronouns | None = None) -> str:
        return (f"{SCALE_BY_ID[self.scale].label} {rating} presupposes "
                f"{SCALE_BY_ID[self.needs_scale].label} of at least {self.needs_level} "
                f"({self.because(pronouns)}); you rated it {other}.")


PREREQUISITES = (
    Prerequisite("decentration", 1, "understanding_others", 2,
                 "{they} must see that others have minds before seeing their reasons"),
    Prerequisite("decentration", 2, "understanding_others", 4,
                 "seeing others' independent lives needs inferences about their minds"),
    Prerequisite("decentration", 3, "understanding_others", 5,
                 "holding others' perspectives needs an account of why they act"),
    Prerequisite("mastery", 7, "self_reflectivity", 5,
                 "to question a thought {they} must see it as a thought"),
    Prerequisite("mastery", 8, "understanding_others", 4,
                 "using knowledge of others' minds needs that knowledge"),
    Prerequisite("mastery", 9, "self_reflectivity", 7,
                 "accepting limits wisely needs an account of {themselves}"),
)

# How the rubric's scales map onto the MIT subfunctions the case paper uses.
MIT_MAPPING = (
    ("self_reflectivity", "Monitoring, differentiation, integration",
     "Understanding one's own mind: naming states, seeing ideas as ideas, joining states up."),
    ("understanding_others", "Understanding others' minds",
     "Forming ideas about what others think and feel, and why."),
    ("decentration", "Decentering",
     "Seeing others' minds from their point of view, not only in relation to oneself."),
    ("mastery", "Mastery",
     "Using this knowledge to handle distress and problems with others."),
)


class RatingError(ValueError):
    """A rating that cannot be accepted; the message says what was expected."""


def check_rating(scale_id: str, value: object) -> int:
    if scale_id not in SCALE_BY_ID:
        raise RatingError(f"There is no scale '{scale_id}'; the scales are "
                          f"{', '.join(s.id for s in MASA_SCALES)}.")
    scale = SCALE_BY_ID[scale_id]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RatingError(f"{scale.label} needs a whole number from {scale.minimum} to "
                          f"{scale.maximum}; got {value!r}.")
    try:
        number = float(str(value).strip())
    except ValueError:
        raise RatingError(f"{scale.label} needs a whole number from {scale.minimum} to "
                          f"{scale.maximum}; '{value}' is not a number.") from None
    if not number.is_integer():
        raise RatingError(f"{scale.label} needs a whole number from {scale.minimum} to "
                          f"{scale.maximum}; {value} is not whole.")
    if not scale.minimum <= number <= scale.maximum:
        raise RatingError(f"{scale.label} is rated from {scale.minimum} to {scale.maximum}; "
                          f"{int(number)} is outside that range.")
    return int(number)


def levels(scale_id: str, pronouns: Pronouns | None = None) -> tuple[str, ...]:
    """A scale's levels, from its lowest, for a person with these pronouns."""
    return tuple(render(text, pronouns) for text in LEVELS[scale_id])


def level_description(scale_id: str, level: int, pronouns: Pronouns | None = None) -> str:
    return render(LEVELS[scale_id][level], pronouns)


def broken_prerequisites(ratings: dict[str, int | None]) -> list[tuple[Prerequisite, int, int]]:
    """(rule, rating, other rating) for each prerequisite a set of ratings breaks, keeping only
    the strongest broken rule for each pair of scales."""
    broken: dict[tuple[str, str], tuple[Prerequisite, int, int]] = {}
    for rule in PREREQUISITES:  # ordered by level within each pair, so later rules are stronger
        rating, other = ratings.get(rule.scale), ratings.get(rule.needs_scale)
        if rating is None or other is None:
            continue
        if rating >= rule.level and other < rule.needs_level:
            broken[(rule.scale, rule.needs_scale)] = (rule, rating, other)
    return list(broken.values())


def hierarchy_flags(ratings: dict[str, int | None],
                    pronouns: Pronouns | None = None) -> list[str]:
    """Messages for ratings whose level presupposes a level not reached on another scale."""
    return [rule.message(rating, other, pronouns)
            for rule, rating, other in broken_prerequisites(ratings)]
