"""Kinds: whether a claim alleges, denies, counter-claims, corroborates or only states."""

import re

from app.ingest.figures import parse_figures
from app.ingest.suggest.cues import (
    ACCUSE_WORDS,
    ANSWER_BACK,
    ANSWER_PHRASE,
    BACKED,
    CLAIM_NOUN,
    DENY_WORDS,
    LABEL_WORDS,
    PUT_TOLL,
    STOOD_BY,
    word_list,
)
from app.ingest.suggest.model import Context, Dispute, Unit
from app.ingest.suggest.sentences import until
from app.ingest.suggest.speakers import mentions_from
from app.services.denial_types import classify
from app.vocabulary import ClaimKind, DenialType, FigureCounts

# The words before a harm word that make it a named event are within this many characters.
_CUE_WINDOW = 200


# "called the Russian claim “a fabrication”", "described reports to the contrary as …"
PEJORATIVE = re.compile(
    rf"\b(?:called|calls|described|describes|dismissed|dismissing|branded|labelled|labeled|"
    rf"termed)\s+(?:[\w’'-]+\s+){{0,3}}?{CLAIM_NOUN}\b",
    re.IGNORECASE,
)
DENIAL_WORDS = re.compile(
    r"\b(?:false|falsely|untrue|fake|fabricat\w*|baseless|groundless|unfounded|lies|lying|"
    r"(?:a|the|big|blatant|outright)\s++lie|"
    r"misleading|misinformation|disinformation|propaganda|nonsense|absurd\w*|slander\w*|smear\w*|"
    # Having no trace of what is alleged: "has no record of any such call".
    r"no\s++record|"
    r"charlatans?|categorically|"
    # Saying the account is wrong, or other than the side's own: "that is not correct", "a
    # fiction", "our information is different", "would not characterise it that way".
    r"(?:not|hardly)\s++(?:\w++\s++)?(?:correct|true|accurate)|incorrect|inaccurate|"
    r"fiction(?:al)?|(?:is|are|was|were)\s++different|"
    r"(?:not|n['’]t)\s++(?:\w++\s++)?(?:characteri[sz]e|describe)\s++(?:it|this|that)\s++"
    r"(?:that|this)\s++way|"
    r"no\s+(?:\w+\s+)?evidence|not\s+(?:\w+\s+){0,3}evidence|"
    r"nothing\s+to\s+do\s+with|nothing\s+to\s+hide|no\s+basis|not\s+supported|"
    r"not\s+been\s+confirmed|insult|invented|not\s+(?:be\s+)?regarded|"
    # Disputing the size of what is alleged, or correcting what it was ("a camp, not a school").
    r"exaggerat\w*|inflated|overstated|smokescreen|"
    # Discrediting the source or the size: "pure invention", "of dubious origin", "not neutral".
    r"invention|dubious|biased|not\s+neutral|no\s+indication|"
    r"(?:far|much|significantly|considerably)\s+(?:lower|smaller|fewer)|"
    # Justifying the target: "all targets were legitimate military objects".
    r"legitimate\s+(?:military\s+)?(?:targets?|objects?|objectives?)|"
    r"lower\s+than\s+(?:reported|claimed|stated))\b"
    r"|,\s++not\s++(?:a|an|the)\s++[\w-]++(?:\s++[\w-]++)?\W*+$",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"(?<!\bbut )\b(?:no|not|never|none|nobody|nothing|neither|nor)\b|n['’]t\b", re.IGNORECASE
)
# "only targeted fighters": a restriction that denies the rest.
_ONLY = re.compile(r"\b(?:only|exclusively|solely)\s+(?:\w+\s+)?(?=\w)", re.IGNORECASE)
# "the attack", "these deaths": naming the event under discussion is not asserting harm.
_DETERMINED = re.compile(r"\b(?:the|this|these|those)\s+(?:[\w’'-]+\s+)?$", re.IGNORECASE)
# A harm word that says what was done ("hit", "killed"), not what happened ("the attack").
_HARM_DONE = re.compile(r"\w+ed|hit|struck|shot", re.IGNORECASE)
_CONFIRM = re.compile(
    r"\b(?:confirmed|confirms|corroborated|corroborates|verified|consistent\s+with|backed\s+up|"
    r"bears?\s+out|in\s+line\s+with|support(?:s|ed)|(?<!-)back(?:s|ed))\b",
    re.IGNORECASE,
)
# Harm and wrongdoing: what an allegation says someone did.
HARM = re.compile(
    r"\b(?:kill\w*|dead|died|deaths?|death\s+toll|toll|bodies|casualt\w+|massacre\w*|wound\w*|"
    r"injur\w*|bomb\w*|shell(?:s|ed|ing)|airstrikes?|air\s+strikes?|strikes?|struck|raids?|"
    r"attack\w*|target\w*|destroy\w*|destruction|beat(?:en|ing|ings)?|tortur\w*|abus\w*|"
    r"ill-treat\w*|rap(?:e|ed|es)|loot\w*|execut(?:ed|ions?|ing)|ethnic(?:ally)?\s+cleans\w*|"
    r"genocide|war\s+crimes?|crimes?|violations?|forced|forcibly|use\s+of\s+force|starv\w*|"
    r"siege|besieg\w*|"
    r"indiscriminate|brutal\w*|mortars?|artillery|rockets?|missiles?|munitions?|chained|locked|"
    r"contaminat\w*|pollut\w*|poison\w*|spill\w*|leak\w*|seepage|withh[eo]ld\w*|cover[- ]?up|"
    r"fraud\w*|brib\w*|kickbacks?|launder\w*|corrupt\w*|embezzl\w*|negligen\w*|overcrowd\w*|"
    r"endanger\w*|"
    r"theft|thefts|stole|stolen|steal(?:s|ing)?|divert(?:ed|ing)|diversion|misappropriat\w*|"
    r"hostile\s+act|cyberattacks?|hack\w*|intru\w*|breach\w*|provocations?|responsib\w+|"
    r"escalat\w*|cleanse|hit|exceed\w*|ruptur\w*|firearms?|weapons?|guns?|gunfire|gunshots?|"
    r"live\s+ammunition|shot|shooting|(?<!non-)lethal|"
    # Acts an answering side blames on someone else: who fired, planted, staged or hid what.
    r"fir(?:ed|ing)\s+(?:on|at|upon)|opened\s+fire|blasts?|explosions?|explosives?|planted|"
    r"sabotag\w*|saboteurs?|staged?|staging|caused\s+by|(?:human\s+)?shields|"
    r"hid(?:e|es|ing)\s+(?:behind|among)|smuggl\w*|drown\w*|buried|"
    # Wrongdoing without violence: in business, sport, elections and institutions.
    r"fined|penalt\w*|dop(?:ed|ing)|rigg(?:ed|ing)|ballot[- ]stuffing|intimidat\w*|harass\w*|"
    r"bull(?:y|ied|ying)|misconduct|mis-?sold|mis-?selling|failings?|failed\s+to|illegal\w*|"
    r"unlawful\w*|cheat\w*|manipulat\w*|falsif\w*|tamper\w*|without\s+charge|"
    r"ignored|"
    # Violence and abuse named otherwise: hostages, fires set, threats, abandonment, reprisals.
    r"hostages?|set\s+fire|arson|burn(?:ed|t)|broken|broke\s+into|assault\w*|threaten\w*|"
    r"retaliat\w*|abandon\w*|coerc\w*|extort\w*|exploit(?:ed|ation))\b",
    re.IGNORECASE,
)


def claim_signal(text: str) -> bool:
    """An unattributed sentence in a statement is a claim when it denies, accuses or
    reports harm."""
    return bool(
        DENIAL_WORDS.search(text)
        or re.search(r"\b(?:" + "|".join(DENY_WORDS | ACCUSE_WORDS) + r")\b", text)
        or HARM.search(text)
    )


def _harm(text: str) -> list[re.Match[str]]:
    # "the attack": the determiner is within a few words before (a window, not all the text
    # before each harm word, which was quadratic).
    harms = list(HARM.finditer(text))
    return [
        m
        for previous, m in zip([None, *harms], harms, strict=False)
        if not _DETERMINED.search(text, max(0, m.start() - _CUE_WINDOW), m.start())
        # "the strike hit the courtyard": what the named event did is asserted harm ("the
        # missile strike" only names it).
        or (
            previous is not None
            and text[previous.end() : m.start()].isspace()
            and _HARM_DONE.fullmatch(m.group())
        )
    ]


# Being there at all: "no army unit had been within 50 kilometres", "none of its members
# had been at the gathering".
_PRESENCE = re.compile(r"\bbeen\s+(?:at|in|near|within|present|involved)\b|\binvolved\b")
_CLAUSE_END = re.compile(r"[,;.:!?]|\s(?:but|although|though)\s")
_TWELVE_WORDS = re.compile(r"(?:\s*+\S++){0,12}")


def _negated_harm(text: str) -> bool:
    """Harm under a negation in the same clause: "no Russian planes were within 12 miles …
    when it was bombed", "do not strike residential districts", "only targeted fighters"."""
    for negation in [*NEGATION.finditer(text), *_ONLY.finditer(text)]:
        # The clause's first twelve words, read no further than them: splitting all the rest
        # of the text at every negation was quadratic.
        start = negation.end()
        twelve_words = _TWELVE_WORDS.match(text, start)
        assert twelve_words is not None  # it matches zero words too
        twelve = twelve_words.end()
        clause = text[start : until(_CLAUSE_END, text, start, twelve + 1 - start)]
        window = " ".join(clause.split()[:12])
        if negation.re is _ONLY:
            window = " ".join(clause.split()[:1])
        if _harm(window) or _PRESENCE.search(window):
            return True
    return False


# The reported words answer in a denial verb of their own ("said it accepted the fine but
# disputed parts of the findings", "said he had denied the charge") or decline to answer
# ("said it did not comment on claims", "said he had no information").
_ANSWERED = re.compile(
    r"\b(?:it|he|she|they|we|I|but|and)\s++(?:had\s++|has\s++|have\s++|also\s++|\w+ly\s++){0,2}"
    r"(?:" + "|".join(sorted(DENY_WORDS, key=len, reverse=True)) + r")\b"
    r"|\b(?:had|has|have)\s++no\s++(?:information|knowledge)\b|\bnot\s++aware\b",
    re.IGNORECASE,
)


def reported_words(unit: Unit) -> str:
    """The words after the cue: what the speaker is reported to have said."""
    if unit.cue and unit.cue_at >= 0:
        return unit.text[unit.cue_at + len(unit.cue) :]
    return unit.text


def _said_span(unit: Unit) -> tuple[int, int]:
    """Where the reported words stand in the unit, whichever side of the cue: after it ("said
    the toll was lower"), or before the speaker and the cue when they close the sentence
    ("… lower," the bank said)."""
    if not unit.cue or unit.cue_at < 0:
        return 0, len(unit.text)
    after = unit.cue_at + len(unit.cue)
    speaker_at = unit.speaker.start - unit.start if unit.speaker else -1
    if speaker_at >= after:
        return 0, unit.cue_at  # "…," said the minister
    if len(unit.text[after:].split()) >= 3 or speaker_at <= 0:
        return after, len(unit.text)
    return 0, speaker_at  # "…," the minister said


def words_said(unit: Unit) -> str:
    start, end = _said_span(unit)
    return unit.text[start:end]


# What ought to happen, or would if something were true, asserts nothing that happened:
# "those responsible must be held accountable", "if this is confirmed, … must be banned";
# nor does claiming an act as one's own ("claimed responsibility for").
_PRESCRIPTIVE = re.compile(
    r"\b(?:must|should|ought\s+to)\s++(?:not\s++)?(?:be\s++)?\w+|^\W*if\b|"
    r"\bclaim(?:ed|s|ing)?\s+responsibility\b|"
    # The answer to a question about what will be done ("Asked whether the army would
    # investigate, …").
    r"\b(?-i:Asked)\s++whether\s++(?:[\w’'-]++\s++){1,6}?(?:would|will|could|can)\b",
    re.IGNORECASE,
)


# A toll that may still grow, without a figure or a harm of its own ("the toll could rise").
_FORECAST = re.compile(
    r"\b(?:could|may|might|is\s++likely\s++to|is\s++expected\s++to)\s++(?:still\s++|further\s++)?"
    r"(?:rise|climb|increase|grow)\b",
    re.IGNORECASE,
)


# A call on someone in the unit's own words ("We call on the authorities to …", "urged both
# sides to …", "invites the United Nations to send experts"): what follows it is what is called
# for, not harm the speaker asserts.
_CALL = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s++(?:on|upon|for)|urg(?:e|es|ed|ing)|"
    r"appeal(?:s|ed|ing)?\s++(?:to|for)|invit(?:e|es|ed|ing))\b(?=\s++\w)",
    re.IGNORECASE,
)
# A feeling about an event ("said it was "deeply concerned" by the findings", "We condemn this
# attack", "expressed its condolences"): a reaction to what others report, not an account of it.
_REACTION = re.compile(
    r"\b(?:(?:is|was|are|were|am|be|been)\s++[\"“]?(?:(?:deeply|gravely|very|extremely)\s++)?"
    r"(?:concerned|alarmed|shocked|saddened|heartbroken|appalled|horrified|dismayed|troubled|"
    r"outraged|disturbed)|"
    r"condemn(?:s|ed)?\s++(?:in\s++the\s++strongest\s++terms\s++)?(?:the|this|these|that|those)|"
    r"(?:expressed|expresses|offered|offers|sent|sends)\s++(?:(?:its|his|her|their|our)\s++)?"
    r"(?:(?:deep|deepest|sincere)\s++)?(?:condolences|sympath(?:y|ies)))\b",
    re.IGNORECASE,
)


def _calls_or_reacts(unit: Unit) -> bool:
    """A call on someone with no harm asserted before it, or a reaction to an event that
    denies nothing (a negation beside it answers: "condemns any damage but none of its members
    was involved")."""
    call = _CALL.search(unit.text)
    if call is not None and not _harm(unit.text[: call.start()]):
        return True
    return bool(_REACTION.search(unit.text)) and not NEGATION.search(unit.text)


def prescribes(unit: Unit) -> bool:
    """The unit calls for something, is conditional, forecasts, reacts to an event with a
    feeling or claims an act as the speaker's own, instead of asserting what someone else did."""
    return (
        unit.cue == "called for"
        or bool(_PRESCRIPTIVE.search(unit.text))
        or _calls_or_reacts(unit)
        or (
            bool(_FORECAST.search(unit.text))
            and not _NUMBER.search(unit.text)
            and not any(m.group().casefold() != "toll" for m in _harm(unit.text))
        )
    )


# Declining to comment on a claim answers it without denying it ("declined to comment on the
# separatists' account"); declining to comment on anything else ("on whether it would
# investigate") says nothing about what happened.
_DECLINED_ON_CLAIM = re.compile(
    r"\s*+to\s++(?:comment|respond|reply|answer)\b(?:\s++on|\s++to)?"
    rf"(?:\s++[\w’'-]++){{0,3}}?\s++{CLAIM_NOUN}\b",
    re.IGNORECASE,
)


def classify_kind(unit: Unit) -> str:
    text, cue = unit.text, unit.cue
    unit.strong = True
    if cue in DENY_WORDS or ANSWER_PHRASE.fullmatch(cue) or ANSWER_BACK.fullmatch(cue):
        return ClaimKind.denial
    if BACKED.fullmatch(cue):
        # "backed the workers' accounts": bearing out another side's account.
        unit.strong = False
        return ClaimKind.corroboration
    if STOOD_BY.fullmatch(cue):
        # Standing by its own figures or account restates the side's claim: an allegation
        # from the accusing side, a denial from the answering one (mark_answers).
        unit.strong = False
        return ClaimKind.statement
    if cue in _CONCEDING_CUES:
        # Granting part of what is alleged answers it: a partial denial (type_answers).
        unit.strong = False
        return ClaimKind.denial
    reported = reported_words(unit)
    said = words_said(unit)
    if _ANSWERED.search(said) or ANSWER_PHRASE.search(said):
        return ClaimKind.denial
    if cue in ("declined", "refused") and _DECLINED_ON_CLAIM.match(reported):
        # Not in so many words: declining to comment does not make a side the accused one.
        unit.strong = False
        return ClaimKind.denial
    if prescribes(unit):
        # A call for an inquiry or for accountability asserts no one's wrongdoing.
        unit.strong = False
        return ClaimKind.statement
    if PEJORATIVE.search(text):
        return ClaimKind.denial
    if cue in ACCUSE_WORDS:
        return ClaimKind.allegation
    if DENIAL_WORDS.search(text):
        return ClaimKind.denial
    unit.strong = False
    if _negated_harm(text):
        return ClaimKind.denial
    if cue in ("claimed", "claims", "claiming"):
        return ClaimKind.allegation
    confirm = _CONFIRM.search(text)
    if (
        confirm
        and not NEGATION.search(" ".join(text[: confirm.start()].split()[-3:]))
        and (_harm(text[confirm.end() :]) or _CLAIM.search(text, confirm.end()))
    ):
        # Confirming harm or an account bears an allegation out; confirming a procedure
        # ("confirmed it had opened an investigation", "confirmed receipt") does not.
        return ClaimKind.corroboration
    if _harm(text) or re.search(r"\b(?:accus\w+|alleg\w+|blam\w+)\b", text, re.IGNORECASE):
        return ClaimKind.allegation
    return ClaimKind.statement


def mark_answers(units: list[Unit], context: Context, dispute: Dispute) -> None:
    """Kinds from the sides of the dispute (their roles: app/ingest/suggest/sides.py). What the
    accused side says answers the accusation: its accusation of someone else is a
    counter-claim, its own account ("the target was a training camp") a denial. What the
    accusing side goes on to say adds to its allegation; what a side of neither camp says the
    accused side did adds to it too, and what it says once the accused side's answer has named
    it answers that answer. In a transcript, an accused side's plain statement answers where it
    opens a turn after a claim others put to it, or says what an answer says (`_answers_on`);
    a speaker who is the accused side by those turns alone spoke as an accuser before the
    first."""
    sides, role = dispute.sides, dispute.roles
    accusers = {side for side, kind in role.items() if kind == ClaimKind.allegation}
    accused = {side for side, kind in role.items() if kind == ClaimKind.denial}
    answered_at = _answered_at(units, sides, role, context)
    # Where the accused side first answered: what the accusing side says after it may answer
    # that answer in turn.
    first_answer = next(
        (
            index
            for index, (unit, side) in enumerate(zip(units, sides, strict=True))
            if role.get(side) == ClaimKind.denial and unit.kind == ClaimKind.denial
        ),
        len(units),
    )
    for index, (unit, side) in enumerate(zip(units, sides, strict=True)):
        said = words_said(unit)
        if prescribes(unit):
            continue  # a call or a condition, whoever says it
        if unit.kind == ClaimKind.allegation and not unit.strong and tends_the_harmed(said):
            # A count of those the side rescued or treated and the dead it recovered ("its
            # teams had pulled 23 bodies from the rubble") tells what it did, blaming no one:
            # a rescue service's or a hospital's statement, whichever side it is on. The sides
            # still read it as harm alleged.
            unit.kind = ClaimKind.statement
            continue
        if unit.kind in (ClaimKind.denial, ClaimKind.statement) and _waits_for_a_procedure(unit):
            # "would not comment while the trial was ongoing": no more said until a procedure
            # ends answers no claim, whoever says it.
            unit.kind = ClaimKind.statement
            continue
        if unit.kind == ClaimKind.statement and _takes_steps(reported_words(unit)):
            continue  # what a side does about the matter, not what it says happened
        if PUT_TOLL.fullmatch(unit.cue) and accusers - {side}:
            # A toll of its own after another side's accusation disputes its size.
            unit.kind = ClaimKind.denial
            continue
        # A side that is the accused one by its answers, in a transcript, to what others'
        # claims put to it spoke as an accuser before the first (a briefing's opening statement).
        turns = dispute.answer_turns.get(side, [])
        side_role = (
            ClaimKind.allegation
            if side in dispute.accused_by_answers and index < turns[0]
            else role.get(side)
        )
        if side_role == ClaimKind.denial:
            if unit.kind == ClaimKind.allegation and accusers - {side}:
                # Its own toll or outcome, told without a doer ("four detainees died", "120
                # tonnes were spilled") or put down to a cause no one is to blame for, is its
                # account of the harm; blaming someone else counter-accuses.
                unit.kind = (
                    ClaimKind.denial
                    if _toll_only(said) or _NO_CULPRIT.search(said)
                    else ClaimKind.counter_claim
                )
            elif (
                unit.kind == ClaimKind.statement
                and not _intends(words_said(unit))
                # In a transcript, what opens its turn answers the claim put to it, and what
                # follows only as an answer does ("We have the testimony of the drivers" goes
                # on with its account).
                and (not turns or index in turns or _answers_on(unit))
            ):
                unit.kind = ClaimKind.denial
        elif (
            side_role == ClaimKind.allegation
            and unit.kind == ClaimKind.statement
            and index > first_answer
            and _rejoins(unit)
        ):
            # The accusing side's rejoinder to the answer denies it ("The defence says they
            # were not.", "said the company's reply was a list of excuses"); it adds nothing
            # to the allegation.
            unit.kind = ClaimKind.denial
        elif (
            side_role == ClaimKind.allegation
            and unit.kind == ClaimKind.statement
            and not _REFUSAL.search(unit.text)
            and (
                HARM.search(unit.text)
                or _NUMBER.search(unit.text)
                or STOOD_BY.fullmatch(unit.cue)
                or _says_what_did_not_happen(unit)
            )
        ):
            # ("the attack", "the toll": harm named with "the" still adds to the allegation, as
            # does what it says did not happen: "nobody told the families".)
            unit.kind = ClaimKind.allegation
        elif (
            side not in role
            and accusers
            and unit.kind == ClaimKind.statement
            and _names_side(unit, context, accused - {side})
        ):
            # A side of neither camp that says what the accused side did adds to the
            # accusation ("said the company had postponed the work twice").
            unit.kind = ClaimKind.allegation
        elif (
            side not in role
            and accusers
            and unit.kind == ClaimKind.statement
            and _EVIDENCE.search(unit.text)
            and not _UNSURE.search(unit.text)
        ):
            # A side of neither camp that reports what it saw, found or recorded bears the
            # allegation out.
            unit.kind = ClaimKind.corroboration
        elif side not in role and unit.kind == ClaimKind.statement and _declines_when_asked(unit):
            # A side of neither camp that declines when asked about the matter ("Asked about
            # the leak, the district administration declined to comment", "The supplier
            # declined to comment.") was asked because the accusation touches it: its
            # non-answer answers. A refusal on a matter of its own stays a statement.
            unit.kind = ClaimKind.denial
        elif (
            side not in role
            and unit.kind == ClaimKind.statement
            and (
                index > answered_at.get(side, len(units))
                or bool(_OTHERS_CLAIM.search(words_said(unit)))
            )
            and not _REFUSAL.search(unit.text)
        ):
            # A side of neither camp that the accused side's answer blames or discredits answers
            # in turn ("the laboratory said it holds accreditation" after "saying the laboratory
            # was not accredited"), as does one that names another side's claim ("said the
            # ministry's statement changes nothing").
            unit.kind = ClaimKind.denial
        elif (
            side not in role
            and accusers
            and unit.kind == ClaimKind.statement
            and unit.cue not in ("declined", "refused")
            and _reports_harm(words_said(unit))
        ):
            # A witness, a relative or an official of neither camp who tells of the harm once
            # it is alleged ("the dead included the bride's father", "among those who
            # drowned") adds to the accusation.
            unit.kind = ClaimKind.allegation
    turn_openings = {at for turns in dispute.answer_turns.values() for at in turns}
    _answered_claims(units, sides, role, bool(accusers), turn_openings)


def _rejoins(unit: Unit) -> bool:
    """The words name another side's claim or say what is not so: an answer to the answer
    (standing by its own account still adds to the allegation)."""
    said = words_said(unit)
    return bool(_OTHERS_CLAIM.search(said) or negates(unit))


# "But the radio warnings went out every hour.": answering what was put, after a concession.
_CONTRAST = re.compile(r"^\W*+(?:but|yet|however)\b", re.IGNORECASE)


def _answers_on(unit: Unit) -> bool:
    """A sentence after an answer, in the same turn, answers too when it says what is not so,
    calls the account false, discredits its source, refers the question elsewhere, gives a
    figure of the side's own or sets a "but" against what was put."""
    said = words_said(unit)
    return bool(
        negates(unit)
        or DENIAL_WORDS.search(unit.text)
        or _NUMBER.search(said)
        or _DISCREDITING.search(said)
        or _NO_ANSWER.search(unit.text)
        or _CONTRAST.search(said)
    )


def _answered_claims(
    units: list[Unit],
    sides: list[str],
    role: dict[str, str],
    accusation_before: bool,
    turn_openings: set[int],
) -> None:
    """The claims a side of neither camp makes just before the accused side answers are an
    accusation, whatever their words: the answer says so ("the club cut the number of
    stewards", "We had eleven of us for that whole stand", then "The club called the claim
    simply untrue"). Once another side has accused, only an answer in so many words says so:
    the accused side's plain account may answer the accusation made before. So are the claims
    a transcript's question puts to the accused side when its answer opens the next turn
    (`turn_openings`), whatever the answer's words. Not a call, a step, a plan, a refusal or
    what the side cannot tell, which no one answers as an accusation."""
    answered = False
    for index in range(len(units) - 1, -1, -1):
        unit, side = units[index], sides[index]
        if index + 1 < len(units) and sides[index + 1] != side:
            # The claims of one side in a row before the answer, back to another side's.
            answered = (
                role.get(sides[index + 1]) == ClaimKind.denial
                and units[index + 1].kind == ClaimKind.denial
                and (units[index + 1].strong or not accusation_before)
            ) or index + 1 in turn_openings
        if (
            answered
            and side not in role
            and unit.kind == ClaimKind.statement
            and not prescribes(unit)
            and not _REFUSAL.search(unit.text)
            and not _UNSURE.search(unit.text)
            and not _takes_steps(reported_words(unit))
            and not _intends(words_said(unit))
        ):
            unit.kind = ClaimKind.allegation


# What a toll tells: who died and how much was spilled, not who did it. Its own people hurt
# ("eleven officers were injured") tells of an assault on them, a counter-claim.
_TOLL_WORD = re.compile(
    r"die[sd]?|dying|dead|deaths?|killed|toll|casualt\w+|bodies|spill\w*|drown\w*",
    re.IGNORECASE,
)
_BY = re.compile(r"\bby\b", re.IGNORECASE)


# A cause no one is to blame for: nature, illness, an accident, a fault of the machine ("died
# of natural causes", "caused by exceptional rainfall", "a sudden and severe squall").
_NO_CULPRIT = re.compile(
    r"\b(?:natural\s++causes?|(?:an?|the)\s++(?:\w++\s++)?accident|accidental\w*|"
    r"heart\s++(?:failure|attack)|illness|disease|own\s++hand|suicide|rain\w*|weather|storms?|"
    r"squall|floods?|malfunction\w*|technical\s++(?:fault|failure))\b",
    re.IGNORECASE,
)


def _toll_only(said: str) -> bool:
    """The harm the words tell is a toll, with no doer named by "by"."""
    harms = _harm(said)
    return (
        bool(harms) and all(_TOLL_WORD.fullmatch(m.group()) for m in harms) and not _BY.search(said)
    )


def _answered_at(
    units: list[Unit], sides: list[str], role: dict[str, str], context: Context
) -> dict[str, int]:
    """Where each side of neither camp is first named by what the accused side says (its
    denials and counter-claims, and its own account, which answers too), by its name or by
    the description its name ends in: the index of that claim."""
    answered_at: dict[str, int] = {}
    # "the laboratory" names the Aldermoor Crash Laboratory as well as its full name does.
    heads = {
        side: f"the {side.split()[-1]}"
        for side in set(sides) - role.keys()
        if len(side.split()) > 1
    }
    for index, (unit, side) in enumerate(zip(units, sides, strict=True)):
        if role.get(side) != ClaimKind.denial or prescribes(unit):
            continue
        start, end = _said_span(unit)
        named = {
            context.actors.root(actor).name.casefold()
            for _, _, actor in mentions_from(context, unit.start + start, unit.start + end)
        }
        said = " ".join(unit.text[start:end].casefold().split())
        named |= {
            other for other, head in heads.items() if re.search(rf"\b{re.escape(head)}\b", said)
        }
        for other in sorted(named - role.keys() - {side}):
            answered_at.setdefault(other, index)
    return answered_at


# A named event as the object of a preposition is what the speaker reacts to, not harm they
# tell of: "appalled by the attack", "reports of the strike".
_EVENT_REACTED_TO = re.compile(
    r"\b(?:by|of|about|over|into|on|for|after|since|from)\s++(?:the|this|these|those)\s++"
    r"(?:[\w’'-]++\s++)?$",
    re.IGNORECASE,
)


def _reports_harm(said: str) -> bool:
    """The reported words tell of harm: a harm word that is not only an event reacted to."""
    return any(
        not _EVENT_REACTED_TO.search(said, max(0, m.start() - _CUE_WINDOW), m.start())
        for m in HARM.finditer(said)
    )


# Another side's claim named as such: "the ministry's statement", "the board's preliminary
# report".
_OTHERS_CLAIM = re.compile(
    rf"\b\w[\w-]*+['’]s\s++(?:[\w-]++\s++)?(?:{CLAIM_NOUN}|statement|response|version|"
    r"explanation|figures?)\b",
    re.IGNORECASE,
)


# The speaker on what they know or will say ("I don't have the details", "it is not for me to
# say"), not on what happened.
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y)\b")


def _says_what_did_not_happen(unit: Unit) -> bool:
    """The reported words negate what happened ("nobody asked the hospital for a ransom", "had
    received no answer"): not the speaker's own knowledge or intent ("I don't have the
    details"), and not only a correction ("at the start of this, not the end")."""
    said = words_said(unit)
    return (
        negates(unit)
        and not _FIRST_PERSON.search(said)
        and bool(NEGATION.search(_CORRECTION.sub(",", said)))
    )


# Refusing to talk about something ("would not discuss operational details", "declined to say
# when the footage would be released") adds nothing to what a side alleges.
_REFUSAL = re.compile(
    r"\b(?:will|would|could|did)\s++not\s++(?:discuss|comment|say|speculate)\b"
    r"|\b(?:declined|refused)\s++to\s++(?:discuss|comment|say|speculate)\b",
    re.IGNORECASE,
)


# A question put to the speaker, opening the sentence ("Asked about the leak, …", "Asked by a
# deputy whether …"), and a refusal with nothing after it ("declined to comment.").
_ASKED = re.compile(r"^\W*+Asked\s++(?:about|whether|if|why|how|who|what|by)\b")
_BARE_REFUSAL = re.compile(
    r"\b(?:declined|refused)\s++to\s++(?:comment|respond|reply)\W*+$", re.IGNORECASE
)

_ASKED_WHAT_WILL_BE_DONE = re.compile(
    r"\b(?:whether|when|if)\s++(?:[\w’'-]++\s++){1,6}?(?:would|will)\b", re.IGNORECASE
)


def _refusal(text: str) -> re.Match[str] | None:
    """Where the words decline to answer, with a verb of refusing or "no comment"."""
    return _REFUSAL.search(text) or _NO_ANSWER.search(text)


def _declines_when_asked(unit: Unit) -> bool:
    """A refusal to answer (or a "no comment") put after a question on the matter, or with
    nothing after it: not one on when or whether something will be done."""
    return (
        _refusal(unit.text) is not None
        and bool(_ASKED.match(unit.text) or _BARE_REFUSAL.search(unit.text))
        and not _ASKED_WHAT_WILL_BE_DONE.search(unit.text)
    )


# Saying no more while a procedure runs ("would not comment while the trial was ongoing",
# "will not comment further while its investigation is under way").
_PENDING = re.compile(
    r"\b(?:while|until|before)\s++(?:(?:the|its|an?|this|that)\s++)?(?:[\w-]++\s++){0,2}?"
    r"(?:investigations?|inquiry|inquest|trial|proceedings|review|hearing|case)\b",
    re.IGNORECASE,
)


def _waits_for_a_procedure(unit: Unit) -> bool:
    """A refusal that says only that a procedure must run first: a statement, whoever makes
    it, unless it says what is not so beside it."""
    said = words_said(unit)
    refusal = _refusal(unit.text)
    return (
        refusal is not None
        and bool(_PENDING.search(unit.text, refusal.end()))
        and not NEGATION.search(_REFUSAL.sub(" ", said))
        and not _CONTRAST.search(said)
    )


def _names_side(unit: Unit, context: Context, sides: set[str]) -> bool:
    """The unit's reported words name one of these sides."""
    start, end = _said_span(unit)
    return any(
        context.actors.root(actor).name.casefold() in sides
        for _, _, actor in mentions_from(context, unit.start + start, unit.start + end)
    )


# What a witness, an analyst or an investigator reports having seen or established.
_EVIDENCE = re.compile(
    r"\b(?:show(?:s|ed|n|ing)?|saw|seen|see|images?|photo(?:graph)?s?|footage|videos?|"
    r"satellite|verified|recorded|consistent\s+with|samples?|evidence|same|identified|"
    r"hear(?:d|ing)|witnessed|counted|examined|analysis|appeared\s+to)\b",
    re.IGNORECASE,
)


_NUMBER = re.compile(r"\d")
_COUNT_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|scores|hundreds)"
)
# What a side will do, not what happened: "would write to every affected customer", "will
# fight this", "would ask for a hearing" ("would not comment" still declines to answer).
_INTENT = re.compile(
    r"\b(?:would|will|shall)\s++(?!not\b|never\b|have\b)\w",
    re.IGNORECASE,
)


# What has been done: "the investigation has established the facts", "it had set aside".
_DONE = re.compile(
    r"\b(?:has|have|had)\s++(?:\w+ly\s++)?(?!been\b)\w+(?:ed|en|wn|ne|t)\b", re.IGNORECASE
)


def _intends(said: str) -> bool:
    """The words say what the side will do and deny nothing (no negation, no "only")."""
    return (
        bool(_INTENT.search(said))
        and not NEGATION.search(said)
        and not _ONLY.search(said)
        and not _DONE.search(said)
    )


def negates(unit: Unit) -> bool:
    """The reported words say what did not happen or is not so: a negation that is not part of
    a call, a condition, a plan, a witness's uncertainty ("could not tell") or a refusal to
    talk ("would not speculate on the cause")."""
    said = words_said(unit)
    return (
        bool(NEGATION.search(said))
        and not prescribes(unit)
        and not _intends(said)
        and not _UNSURE.search(said)
        and not _REFUSAL.search(said)
    )


# Steps a side takes or will take (an inquiry, a suspension, a refund, regret), which neither
# allege nor deny what happened.
_PROCEDURE = re.compile(
    r"\b(?:open(?:ed|s|ing)?|order(?:ed|s)?|launch(?:ed|es)?|start(?:ed|s)?|will\s++be|"
    r"carr(?:y|ied|ying)\s++out)\s++(?:(?:a|an|the|its|their|his|her)\s++)?(?:\w++\s++){0,2}?"
    r"(?:investigation|inquiry|review|recount|audit|case)\b"
    r"|\b(?:co-?operat\w*|suspend\w*|placed\s++on\s++(?:\w++\s++)?leave|refund\w*|regrett?\w*|"
    r"sorrow|sorry|apologi[sz]\w*|condolences|publish|evacuat\w*)\b",
    re.IGNORECASE,
)
# Steps a side has taken or is taking: hiring or commissioning a check, setting money aside, a
# recall, asking for or offering material, examining the matter, welcoming or taking it seriously.
_STEP = re.compile(
    r"\b(?:hired|commissioned|set\s++aside|wrote\s++to|recall(?:ed|s|ing)|offered\s++to|"
    r"welcomed|tightened|seriously|full\s++confidence|"
    r"(?:is|are|was|were)\s++asking|(?:had|has|have)\s++asked|"
    r"(?:is|are|was|were)\s++(?:investigating|looking\s++at|examining|reviewing))\b",
    re.IGNORECASE,
)


def _takes_steps(said: str) -> bool:
    """The words tell of a step the side takes about the matter, not after a negation that
    answers first ("there is no record of it, but we have asked the group to share it")."""
    if _PROCEDURE.search(said) or tends_the_harmed(said):
        return True
    step = _STEP.search(said)
    return step is not None and not NEGATION.search(said, 0, step.start())


# A body's own work for the harmed, with a count: the people it rescued or treated, the dead
# and the wounded it recovered or received ("its teams had pulled 23 bodies from the rubble",
# "said it had received 31 bodies and treated 86 wounded"). A rescue service's or a hospital's
# count tells what it did, not who did the harm nor that it was not done.
_TENDED = re.compile(
    r"\b(?:(?:rescued|treated)\s++(?:[\w-]++\s++){0,2}?(?:\d|" + _COUNT_WORD + r"\b)"
    r"|(?:recovered|retrieved|pulled|received|admitted)\s++(?:[\w-]++\s++){0,2}?"
    r"(?:\d[\d,]*+|" + _COUNT_WORD + r")\s++(?:[\w-]++\s++){0,2}?"
    r"(?:bodies|dead|wounded|injured|people|survivors|patients|casualties|victims)\b)",
    re.IGNORECASE,
)
# Harm a count of the tended names without blaming anyone: the dead and the hurt.
_TENDED_HARM = re.compile(r"wound\w*|injur\w*|burn\w*|hurt", re.IGNORECASE)
# "By" naming a doer, not a time ("by midday", "by Sunday evening").
_BY_A_DOER = re.compile(
    r"\bby\s++(?!(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|midday|noon|midnight|dawn|dusk|"
    r"nightfall|evening|morning|afternoon|then|now|the\s++(?:end|time|evening|morning|afternoon))"
    r"\b)",
    re.IGNORECASE,
)


def tends_the_harmed(said: str) -> bool:
    """The words count those the side itself rescued, recovered or treated, and name no doer
    of the harm (no "by", no harm beyond the dead and the hurt)."""
    return (
        bool(_TENDED.search(said))
        and not _BY_A_DOER.search(said)
        and all(
            _TOLL_WORD.fullmatch(m.group()) or _TENDED_HARM.fullmatch(m.group())
            for m in _harm(said)
        )
    )


_CLAIM = re.compile(rf"\b{CLAIM_NOUN}\b", re.IGNORECASE)
# What a witness could not tell bears nothing out: "saw something black but could not tell
# what it was".
_UNSURE = re.compile(
    r"\b(?:could|can|did)\s*+(?:not|n['’]t)\s++(?:say|tell|confirm|determine|establish|see)\b"
    r"|\bcannot\s++(?:say|tell|confirm|determine|establish|see)\b|\bunable\s++to\b",
    re.IGNORECASE,
)


# Beyond the words analysts' rules read, the reporting verb tells how an answer answers:
# "rubbished", "slammed" wave the report away; "expressed doubt", "declined to comment"
# neither confirm nor deny; "disputed parts of", "only" deny some of it.
_DISMISSING_CUES = set(
    word_list(
        "dismissed dismisses dismissing rubbished rubbishes slammed slams denounced denounces"
    )
)
_DISMISSIVE = re.compile(
    r"\b(?:invented|invention|false|lies?|lying|baseless|groundless|unfounded|smokescreen|absurd|"
    r"fairy[\s-]tales?|vendetta|insult\w*|hysteria|smear\w*|slander\w*|distort\w*|"
    # Waving it away as beside the point: "changes nothing", "does not alter what happened".
    r"changes\s++nothing|(?:does|do|did)\s++not\s++(?:alter|change)|not\s++worth|"
    r"damage\s++limitation)\b",
    re.IGNORECASE,
)
# Calling it a show or a ploy, or saying it proves nothing ("theatre", "a provocation", "the
# images prove nothing"): kept apart from the words above, which the kind model reads.
_A_SHOW = re.compile(
    r"\b(?:theatre|scaremongering|provocation|proves?\s++nothing|"
    r"(?:does|do|did)\s*+(?:not|n['’]t)\s++prove)\b",
    re.IGNORECASE,
)
# Giving a label of one's own ("called the report "a fairy tale"", "rejected it as
# "one-sided"", "branded the claims …"): a label on the account waves it away rather than
# denying it; a label on someone, the source ("dismissed the monitors as "tourists …"",
# "calls the union "a front …""), discredits the source.
_LABELLED = re.compile(
    r"\b(?:(?:called|calls|branded|brands|labell?ed|termed)\s++((?:[\w’'-]++\s++){1,5}?)|"
    r"(?:rejected|rejects|dismissed|dismisses|described|describes|characteri[sz]ed)\s++"
    r"((?:[\w’'-]++\s++){1,5}?)as\s++)[\"“‘]",
    re.IGNORECASE,
)
_UNTRUE = re.compile(
    r"(?:(?:simply|completely|totally|entirely|wholly)\s++)?"
    r"(?:untrue|not\s++true|inaccurate|incorrect)\b",
    re.IGNORECASE,
)
_A_CLAUSE = re.compile(r"\s(?:that|when|who|which|after|before)\b", re.IGNORECASE)
# What was said, shown or decided is the account too ("called her remarks …", "called the
# ruling …", "called the recording …"), not its source.
_THE_ACCOUNT = re.compile(
    rf"\b(?:{CLAIM_NOUN}|it|that|this|these|those|them|statements?|remarks?|comments?|words|"
    r"ruling|verdict|decision|case|sanctions|recordings?|videos?|footage|images?|photo(?:graph)?s?|"
    r"figures?|data|evidence|intercepts|broadcasts?|articles?)\b",
    re.IGNORECASE,
)


def _label_on(unit: Unit) -> DenialType | None:
    """What a label given in the answer types it as: dismissal for a label on the account (or a
    labelling cue whose object stands outside the unit), discrediting for one on the source."""
    labelled = _LABELLED.search(unit.text)
    if labelled is None:
        return DenialType.dismissal if unit.cue in LABEL_WORDS else None
    # "called the claim "simply untrue"": a label that says no more than false denies it outright.
    if _UNTRUE.match(unit.text, labelled.end()):
        return None
    labelled_object = labelled.group(1) or labelled.group(2)
    # "said when I called him that the soldiers had "acted …"": a clause, not an object.
    if _A_CLAUSE.search(labelled_object):
        return None
    if _THE_ACCOUNT.search(labelled_object):
        return DenialType.dismissal
    return DenialType.discrediting


# Answers about the source instead of the claim: its motives, its funding, what it rests on;
# questioning it ("questioned the samples", "the agency's method") is about the source too.
_DISCREDITING = re.compile(
    r"\bso-called\b|\bbased\s++(?:\w++\s++)?on\s++(?:what|samples|testimony|material|"
    r"information|claims?|accounts?)\b|\brel(?:y|ies|ied)\s++on\b|\blong\s++record\s++of\b|"
    r"\bdubious\b|\bnot\s++(?:a\s++)?neutral\b|\bnobody\s++can\s++(?:verify|identify|confirm)\b|"
    r"\bfunded\s++by\b|\bevery\s++reason\s++to\b|\bwho\s++wants?\s++(?:to|the)\b|"
    r"\bdisappointed\b|\bbitter\b|\bno\s++value\b|\bpolitical\s++organi[sz]ation\b|"
    r"\bcampaign(?:ed|s|ing)?\s++against\b",
    re.IGNORECASE,
)
# Answers that neither confirm nor deny: no comment in other words, or nothing known.
_NO_ANSWER = re.compile(
    r"\b(?:cannot|can\s*+not|can['’]t)\s++comment\b|\bnothing\s++(?:more\s++|further\s++)?to\s++add\b|"
    r"\brefer\s++you\s++to\b|\bconfirm\s++or\s++deny\b|\bno\s++(?:record|recollection)\b|"
    r"\bnot\s++been\s++(?:given|told|shown|informed)\b|"
    # Not knowing, or leaving it to someone else: "does not comment on individual cases", "not
    # in a position to name", "could not say how", "under review", "a matter for the police".
    r"\b(?:does|do)\s++not\s++comment\b|\bnot\s++in\s++a\s++position\s++to\b|"
    r"\b(?:could|can)\s*+not\s++say\b|\bcannot\s++say\b|\bwould\s++not\s++speculate\b|"
    # "I'm not going to discuss the details", "I am not ruling anything in or out".
    r"\bnot\s++going\s++to\s++(?:comment|discuss|speculate|answer)\b|\bruling\s++(?:\w++\s++)?in\s++or\s++out\b|"
    r"\bunder\s++review\b|\ba\s++matter\s++for\b",
    re.IGNORECASE,
)
# Granting part of the account denies only the rest: "conceded that …" makes an answer of
# what it reports; "acknowledged that a batch … had a weak spring" types an answer so.
_CONCEDING_CUES = set(word_list("conceded concedes"))
_GRANTING_CUES = set(word_list("acknowledged acknowledges admitted admits"))
# Correcting a detail: "in his jacket pocket, not in his hand", "64 complaints, not 1,100".
_CORRECTION = re.compile(r",\s*+[\"“]?not\s++(?!only\b|just\b|least\b)\w", re.IGNORECASE)
# Granting something in its own words: "we accept the overtime findings", "that is true of the
# texts", "eight midwives had in fact been on the unit", "his own count of the dead".
_CONCEDED = re.compile(
    r"(?<!not )(?<!n't )(?<!n’t )\baccept(?:s|ed)?\b|\b(?:is|was|are|were)\s++true\b|"
    r"\bin\s++fact\b|\bown\s++count\b",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"\b(?:only|parts?\s+of|some\s+of|(?:vast\s+)?majority|lower|fewer|smaller|figures?|"
    r"no\s++more\s++than)\b",
    re.IGNORECASE,
)


# "only", but not before a figure ("could link only two of the 41 incidents" grants two).
_ONLY_WORD = re.compile(
    r"\bonly\b(?!\s++(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a\s++few)\b)",
    re.IGNORECASE,
)


# Putting the harm on someone else: correcting who did it ("fired by an armed group, not by
# the army", "came from outside the base, not from our personnel") or naming whose doing it
# was ("was the fault of the officers who came to the wrong address").
_BLAME_ELSEWHERE = re.compile(
    r",\s*+[\"“]?not\s++(?:by|from|of)\b|\b(?:work|fault|responsibility)\s++of\b",
    re.IGNORECASE,
)
# "Not" said over and over ("not a single document, not a single recording", "bullets, not
# rubber, not pellets") presses a denial home rather than correcting a detail.
_EMPHATIC_NOT = re.compile(
    r"\bnot\s++a\s++single\b|,\s*+not\s++(?:a\s++|one\s++)?[\w’'-]++,\s*+not\b", re.IGNORECASE
)
# Granting the most of it, or putting another thing in its place: "most of them clerical",
# "found that most concerned minor issues", "fighters rather than patients".
_MOST_OR_RATHER = re.compile(r"\bmost\s++(?:of|\w+ed)\b|\brather\s++than\b", re.IGNORECASE)
_THE_ONLY = re.compile(r"\bthe\s++only\b", re.IGNORECASE)


# Answers that attack the source rather than the account: its method and standing ("the
# laboratory was not accredited", "the institute's test method", "could not tell where the
# first rounds had come from"), its interest ("had been paid by a campaign group", "is owned
# by", "written before its research began", "designed to make"), its people's competence
# ("have never worked in a combat zone", "the benefit of hindsight", "disgruntled").
_THE_SOURCE_ATTACKED = re.compile(
    r"\bmethod(?:s|ology)?\b|\bnot\s++accredited\b|\bguess(?:es|work)\b|"
    r"\b(?:been|was|were)\s++edited\b|\bnobody\s++has\s++(?:checked|verified)\b|"
    r"\bcannot\s++(?:establish|be\s++attributed)\b|\bcould\s++not\s++(?:tell|show)\b|"
    r"\bpaid\s++by\b|\bcampaigned\b|\b(?:is|are)\s++owned\s++by\b|\bno\s++coincidence\b|"
    r"\bwritten\s++(?:before|to\s++a\s++conclusion)\b|\bmade\s++up\s++(?:\w++\s++)?mind\b|"
    r"\bworked\s++backwards\b|\bdesigned\s++to\b|\bscript\b|\bdisgruntled\b|\bhindsight\b|"
    r"\bnever\s++worked\s++in\b|\b(?:do|does)\s++not\s++understand\b|"
    # How the source counted or checked ("counts only the complaints …", "never been verified",
    # "without checking them"), whom it answers to ("financed by"), whether to believe it
    # ("cannot be trusted", "every interest in the highest number").
    r"\bcount(?:s|ed|ing)?\s++only\b|\b(?:not|never)\s++(?:been\s++)?(?:verified|checked)\b|"
    r"\bwithout\s++checking\b|\bfinanced\s++by\b|\bfunding\s++from\b|"
    r"\b(?:not|never)\s++be\s++trusted\b|\bon\s++trust\b|\bevery\s++interest\b|"
    # Its motive ("settling a score", "a grievance"), whose word it repeats ("say what they are
    # told", "saw what they wanted him to see", "takes the word of"), what it is not ("a review
    # by the same department is not a review", "a video … is not evidence").
    r"\bsettl(?:e|es|ed|ing)\s++(?:a\s++|old\s++)?scores?\b|\bgrievances?\b|\bgrudges?\b|"
    r"\bwhat\s++(?:they|he|she|it)\s++(?:are|is|was|were)\s++told\b|"
    r"\bwanted\s++(?:him|her|them|us|you)\s++to\s++see\b|\bthe\s++word\s++of\b|"
    r"\bis\s++not\s++(?:evidence|proof|independen(?:t|ce)|a\s++review)\b",
    re.IGNORECASE,
)


# Answers that leave the question open in other words: declining to discuss or to say, not
# remembering or not having seen it, knowing of nothing, leaving it to others or to the record
# (after the words that dispute part of it: "a question for customs, not for us" corrects).
_NOT_ANSWERING = re.compile(
    r"\b(?:not|n['’]t)\s++(?:\w++\s++)?discuss(?:ed)?\b|\bnot\s++be\s++drawn\b|"
    r"\bwould\s++not\s++say\b|\bspeaks\s++for\s++itself\b|\ba\s++question\s++for\b|"
    r"\bconfidential\b|\b(?:not|n['’]t|never)\s++(?:remember|recall)\b|"
    r"\b(?:have|has|had)\s*+(?:not|n['’]t)\s++seen\s++(?:the|that|this|such|any)\b|"
    r"\bnever\s++been\s++told\b|\bfound\s++no\s++indication\b",
    re.IGNORECASE,
)


def type_answers(units: list[Unit]) -> None:
    """Each denial and counter-claim gets its denial type by the rules analysts' claims get
    theirs by (app/services/denial_types.py), read from its own words; a categorical one is
    refined by its reporting verb and by words that dismiss it, attack its source, leave it
    open or deny only part (a toll of its own)."""
    for unit in units:
        denial_type = classify(unit.kind, unit.text)
        if denial_type == DenialType.categorical:
            denial_type = _refined(unit)
        elif denial_type == DenialType.dismissal and _label_on(unit) == DenialType.discrediting:
            # "dismissed the monitors as "a propaganda office"": the word that waves a report
            # away is a label on its source here.
            denial_type = DenialType.discrediting
        unit.denial_type = str(denial_type) if denial_type is not None else None


def _refined(unit: Unit) -> DenialType:
    # Calling the account false after denying it in so many words ("No officer aimed at anyone's
    # head. That is a lie …") denies it outright; calling it false alone waves it away.
    dismissive = _DISMISSIVE.search(unit.text)
    if dismissive and not NEGATION.search(unit.text, 0, dismissive.start()):
        return DenialType.dismissal
    shown = _A_SHOW.search(unit.text)
    if shown and not NEGATION.search(unit.text, 0, shown.start()):
        return DenialType.dismissal
    if (
        unit.cue == "questioned"
        or _DISCREDITING.search(words_said(unit))
        or _THE_SOURCE_ATTACKED.search(words_said(unit))
    ):
        return DenialType.discrediting
    labelled = _label_on(unit)
    if labelled is not None:
        return labelled
    if unit.cue in _DISMISSING_CUES:
        return DenialType.dismissal
    if (
        ANSWER_PHRASE.fullmatch(unit.cue)
        or unit.cue in ("declined", "refused")
        or _NO_ANSWER.search(unit.text)
        or ANSWER_PHRASE.search(words_said(unit))
    ):
        return DenialType.non_denial
    if _BLAME_ELSEWHERE.search(words_said(unit)):
        return DenialType.counter_accusation
    if (
        unit.cue in _CONCEDING_CUES | _GRANTING_CUES
        or PUT_TOLL.fullmatch(unit.cue)
        or _in_part(words_said(unit))
        or _CONCEDED.search(words_said(unit))
        or (_CORRECTION.search(unit.text) and not _EMPHATIC_NOT.search(unit.text))
        or _MOST_OR_RATHER.search(words_said(unit))
        or _gives_a_toll(words_said(unit))
    ):
        return DenialType.partial
    if _NOT_ANSWERING.search(words_said(unit)):
        return DenialType.non_denial
    return DenialType.categorical


def _in_part(said: str) -> bool:
    """Whether the words said deny only part: "only" beside a negation restricts to deny the
    rest outright ("There was no warning. … There was only shooting.", "acts only on the
    authority of a court, and no court has authorised …"), so it is no word of part there."""
    if NEGATION.search(said):
        said = _ONLY_WORD.sub("", said)
    # "The only people in the ward were patients": an exclusive account leaves nothing else
    # standing, so it denies the rest outright.
    said = _THE_ONLY.sub("", said)
    return bool(_PARTIAL.search(said))


def _gives_a_toll(said: str) -> bool:
    """Whether a denial gives a count of the harmed or of what was hit ("Nine detainees died
    in that period", "It said one person had been killed"): a toll of its own grants some of
    the harm and disputes how much."""
    return any(figure.counts != FigureCounts.other for figure in parse_figures(said))


def claim_signals(unit: Unit) -> list[str]:
    """The names of what a claim's words carry, by the tests this stage decides kinds with (a
    negation, harm, a correction, a hedge, a figure …): what the learned kind model
    (kind_model.py) reads of them."""
    text = unit.text
    said = words_said(unit)
    tests = (
        ("denial_words", DENIAL_WORDS.search(text)),
        ("pejorative", PEJORATIVE.search(text)),
        ("negation", NEGATION.search(said)),
        ("negated_harm", _negated_harm(text)),
        ("harm", _harm(said)),
        ("confirm", _CONFIRM.search(text)),
        ("prescribes", prescribes(unit)),
        ("correction", _CORRECTION.search(text)),
        ("steps", _takes_steps(said)),
        ("intends", _intends(said)),
        ("refusal", _REFUSAL.search(text)),
        ("unsure", _UNSURE.search(text)),
        ("no_answer", _NO_ANSWER.search(text)),
        ("evidence", _EVIDENCE.search(text)),
        ("others_claim", _OTHERS_CLAIM.search(said)),
        ("figure", any(c.isdigit() for c in said)),
        ("quoted", any(c in text for c in '“”"')),
        ("answered", _ANSWERED.search(reported_words(unit))),
        ("toll_only", _toll_only(said)),
        ("reports_harm", _reports_harm(said)),
        ("harm_named", HARM.search(text)),
        ("not_happened", _says_what_did_not_happen(unit)),
        ("first_person", _FIRST_PERSON.search(said)),
        ("dismissive", _DISMISSIVE.search(text)),
        ("discrediting", _DISCREDITING.search(said)),
        ("partial", _PARTIAL.search(said)),
        ("conceded", _CONCEDED.search(said)),
        ("only", _ONLY.search(said)),
        ("claim_noun", _CLAIM.search(text)),
        ("question", text.rstrip().endswith("?")),
    )
    return [name for name, found in tests if found]
