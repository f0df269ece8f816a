"""Sides: who accuses, who is accused and who is neither, per article, from the claims' first
kinds; the kinds stage then reads each claim by its side's role (kinds.mark_answers)."""

import re
from collections import Counter

from app.ingest.figures import parse_figures
from app.ingest.suggest.kinds import negates, reported_words, tends_the_harmed, words_said
from app.ingest.suggest.link_features import described_owner, side_words, speaks_for
from app.ingest.suggest.model import Context, Dispute, Speaker, Unit, camp
from app.ingest.suggest.speakers import mentions_from
from app.vocabulary import ActorKind, ClaimKind, FigureCounts


def assign_roles(units: list[Unit], context: Context) -> Dispute:
    """Each side's role in the dispute, set on its claims too (`Unit.role`). A side most of
    whose claims accuse (or deny) is an accusing (or accused) side; otherwise a side that denies
    in so many words is the accused side, unless it is an accuser rejecting the answer, and
    failing that its first allegation or denial sets its role; a side that says neither but
    that an allegation names (a known actor, or an organisation by the name it speaks under)
    is accused too, as is a side whose toll of the dead is lower than the one an accusing side
    gave before; a speaker with no role of their own, or one whose role is accusing, takes the
    role of the side they speak for (the latter only from a side that denied in so many
    words); a side of neither camp that answers by saying what did not
    happen is accused too, as is an organisation that came in after another side's accusation,
    or a transcript's speaker whose turns answer claims put to them, that accuses by harm words
    alone while saying, twice or more, what did not happen."""
    actors = context.actors
    sides = [camp(u.speaker, actors) for u in units]
    role: dict[str, str] = {}
    named: set[str] = set()
    balance: dict[str, int] = {}
    firm: set[str] = set()  # sides that denied in so many words
    tolls: dict[str, int] = {}  # the highest toll of the dead each accusing side gave
    organisations = _names_of_organisations(units, sides)
    for unit, side in zip(units, sides, strict=True):
        if _lowers_a_toll(unit, side, role, tolls):
            # A side that does not accuse giving a toll of the dead lower than an accusing
            # side's ("Nine detainees died in that period" after "Twenty-three men died in
            # custody", "one driver died, not three people") disputes its size: an answer.
            unit.kind = ClaimKind.denial
            unit.strong = False
        if (
            unit.kind == ClaimKind.allegation
            and side not in role.keys() | named
            and any(kind == ClaimKind.allegation for kind in role.values())
            and not unit.strong
            and FIRST_HAND.search(reported_words(unit))
        ):
            # A side new to the dispute that reports what it treated, counted or found once
            # someone has alleged the harm bears the allegation out: a hospital, a rescue
            # service, an inspector.
            unit.kind = ClaimKind.corroboration
        elif (
            unit.kind == ClaimKind.allegation
            and not unit.strong
            and OWN_ACT.search(words_said(unit))
        ):
            # A side telling of what it did itself ("said it had destroyed a meeting of
            # commanders", "its drones had carried out a strike") is the doer of the harm, the
            # accused side, giving its own account.
            unit.kind = ClaimKind.statement
            role.setdefault(side, ClaimKind.denial)
        elif unit.kind == ClaimKind.allegation:
            role.setdefault(side, ClaimKind.allegation)
            named |= {
                actors.root(actor).name.casefold()
                for _, _, actor in mentions_from(context, unit.start, unit.end)
            }
            # An organisation the directory does not know is named as it speaks ("accused
            # Korra Engineering of …", "Korra Engineering's dam").
            named |= _sides_named(words_said(unit), organisations) - {side}
        elif (
            unit.kind == ClaimKind.denial
            and unit.strong
            and not (
                role.get(side) == ClaimKind.allegation and REJOINDER.match(reported_words(unit))
            )
        ):
            # A side that denies in so many words is the accused one, whatever it said before,
            # unless it is an accusing side rejecting the answer ("rubbished the ministry's
            # account", "rejected that").
            role[side] = ClaimKind.denial
            firm.add(side)
        elif unit.kind == ClaimKind.denial:
            role.setdefault(side, ClaimKind.denial)
        if unit.kind == ClaimKind.allegation and role.get(side) == ClaimKind.allegation:
            toll = _toll(unit)
            if toll is not None:
                tolls[side] = max(toll, tolls.get(side, 0))
        if unit.kind in (ClaimKind.allegation, ClaimKind.denial):
            balance[side] = balance.get(side, 0) + (1 if unit.kind == ClaimKind.allegation else -1)
    for side, weight in balance.items():
        # A side most of whose claims (by two or more) accuse, or deny, has that role,
        # whatever its first or its firmest one said.
        if weight >= 2:
            role[side] = ClaimKind.allegation
        elif weight <= -2:
            role[side] = ClaimKind.denial
    for side in named - role.keys():
        role[side] = ClaimKind.denial
    answered_as_accuser = _answers_read_as_accusations(units, sides, role)
    role.pop("", None)
    firm = {side for side in firm if role.get(side) == ClaimKind.denial}
    settled = firm | {side for side, weight in balance.items() if abs(weight) >= 2}
    _speakers_for_sides(units, sides, role, firm, settled)
    _answering_sides(units, sides, role)
    for unit, side in zip(units, sides, strict=True):
        unit.role = role.get(side, "")
    # Any accused side that answers in turns what others' claims put to it.
    turns = {
        side: at
        for side, at in _turns_after_others(units, sides).items()
        if role.get(side) == ClaimKind.denial and len(at) >= 2
    }
    return Dispute(
        sides=sides, roles=role, answer_turns=turns, accused_by_answers=set(answered_as_accuser)
    )


def _answers_read_as_accusations(
    units: list[Unit], sides: list[str], role: dict[str, str]
) -> set[str]:
    """An organisation (or one speaking for it) whose accusing role rests on harm words alone,
    no verb of accusing, that came in after another side's accusation and says in two of its
    claims or more what did not happen is answering it: the accused side giving its own
    account ("It said one person had been killed. … The army said no such order existed. …
    said it had not seen the video"). A person who speaks for no one, a witness or a relative,
    tells of the harm in the same words ("They never slowed down"). So is a transcript's
    speaker, a person too, two or more of whose turns open right after a claim of another side
    (the claim a question puts to them: "Q: His family says he was beaten …", "REYL: Private
    Meck died of heart failure"): those sides are returned."""
    first: dict[str, int] = {}
    speaker_of: dict[str, Speaker | None] = {}
    accused_at: dict[str, int] = {}  # each side's first allegation
    accusing: set[str] = set()  # the sides that accused in so many words
    for index, (unit, side) in enumerate(zip(units, sides, strict=True)):
        first.setdefault(side, index)
        speaker_of.setdefault(side, unit.speaker)
        if unit.kind == ClaimKind.allegation:
            accused_at.setdefault(side, index)
            if unit.strong:
                accusing.add(side)
    accusers = {
        side: at
        for side, at in accused_at.items()
        if side and role.get(side) == ClaimKind.allegation
    }
    turns = _turns_after_others(units, sides)
    candidates = {
        side
        for side in accusers.keys() - accusing
        if (
            any(at < first[side] for other, at in accusers.items() if other != side)
            and _for_an_organisation(speaker_of[side])
        )
        or len(turns.get(side, ())) >= 2
    }
    negations = Counter(
        side
        for unit, side in zip(units, sides, strict=True)
        if side in candidates and negates(unit)
    )
    answering = {side for side in candidates if negations[side] >= 2}
    for side in answering:
        role[side] = ClaimKind.denial
    return {side for side in answering if len(turns.get(side, ())) >= 2}


def _turns_after_others(units: list[Unit], sides: list[str]) -> dict[str, list[int]]:
    """Where each side's transcript turns open right after another side's claim (the claim a
    question puts): a labelled speaker answering what others said."""
    turns: dict[str, list[int]] = {}
    for index in range(1, len(units)):
        unit, side, before = units[index], sides[index], sides[index - 1]
        label_before = units[index - 1].label
        if unit.label and label_before and unit.label != label_before and before not in ("", side):
            turns.setdefault(side, []).append(index)
    return turns


def _toll(unit: Unit) -> int | None:
    """The highest toll of the dead the reported words give, if any."""
    tolls = [f.low for f in parse_figures(words_said(unit)) if f.counts == FigureCounts.killed]
    return max(tolls) if tolls else None


def _lowers_a_toll(unit: Unit, side: str, role: dict[str, str], tolls: dict[str, int]) -> bool:
    """The unit, from a side of neither camp or the accused one, gives a toll of the dead lower
    than another side's accusation gave; not what the side counted or treated itself (a
    hospital, a doctor), which bears the accusation out."""
    given = [toll for other, toll in tolls.items() if other != side]
    if (
        not given
        or unit.kind not in (ClaimKind.allegation, ClaimKind.statement)
        or role.get(side, ClaimKind.denial) != ClaimKind.denial
        or FIRST_HAND.search(reported_words(unit))
        or tends_the_harmed(words_said(unit))
    ):
        return False
    toll = _toll(unit)
    return toll is not None and toll < max(given)


_NAME_WORD = re.compile(r"\w+")


def _names_of_organisations(units: list[Unit], sides: list[str]) -> dict[tuple[str, ...], str]:
    """The words of the names the article's organisations speak under (a person named in an
    accusation is as often its victim or a witness), and the side each names."""
    return {
        tuple(_NAME_WORD.findall(side)): side
        for unit, side in zip(units, sides, strict=True)
        if len(side) >= 4 and not _a_person(unit.speaker)
    }


def _sides_named(text: str, names: dict[tuple[str, ...], str]) -> set[str]:
    """The sides whose names the text gives in full, in any case, possessive or not."""
    words = _NAME_WORD.findall(text.casefold())
    lengths = {len(name) for name in names}
    return {
        names[key]
        for at in range(len(words))
        for length in lengths
        if (key := tuple(words[at : at + length])) in names
    }


def _a_person(speaker: Speaker | None) -> bool:
    if speaker is None or speaker.actor is None:
        return speaker is None or speaker.kind == ActorKind.person
    return speaker.actor.kind == ActorKind.person


def _answering_sides(units: list[Unit], sides: list[str], role: dict[str, str]) -> None:
    """Once a side accuses, an organisation of neither camp so far (or a person speaking for
    one) whose first claim, after the accusation, says what did not happen or is not so
    ("said it had not been informed of any problem", "had no record of any radio call") is
    answering the accusation: the accused side, even with no verb of denying. One that came in
    before, or first told of something else, is not; nor is a person who speaks for no one, a
    witness: their "the doors would not open" tells of the harm. A side of neither camp, a
    person too, most of whose claims after the accusation, two or more, say what did not happen
    answers it by their weight ("said she had not been told of any change", "did not remember
    speaking to the father"); a witness tells mostly of what did happen. With no accusation
    the engine reads as one (an accusation told in the accused side's own words, a report that
    names no source), the weight of all a side's claims answers it ("found no irregularity in
    the award", "has no say in editorial decisions")."""
    accusations = (
        index
        for index, (unit, side) in enumerate(zip(units, sides, strict=True))
        if unit.kind == ClaimKind.allegation and role.get(side) == ClaimKind.allegation
    )
    accused_at = next(accusations, None)
    first: dict[str, int] = {}
    for index, side in enumerate(sides):
        first.setdefault(side, index)
    answering = {
        side
        for index, (unit, side) in enumerate(zip(units, sides, strict=True))
        if accused_at is not None
        and index > accused_at
        and first[side] == index
        and side
        and side not in role
        and unit.kind == ClaimKind.statement
        and _for_an_organisation(unit.speaker)
        and negates(unit)
    }
    said: dict[str, int] = {}
    negations: dict[str, int] = {}
    weighed_from = -1 if accused_at is None else accused_at
    for index, (unit, side) in enumerate(zip(units, sides, strict=True)):
        if index > weighed_from and side and side not in role:
            said[side] = said.get(side, 0) + 1
            if unit.kind == ClaimKind.statement and negates(unit):
                negations[side] = negations.get(side, 0) + 1
    answering |= {
        side for side, count in negations.items() if count >= 2 and 2 * count > said[side]
    }
    for side in answering:
        role[side] = ClaimKind.denial


def _for_an_organisation(speaker: Speaker | None) -> bool:
    return speaker is not None and (
        speaker.kind != ActorKind.person
        or bool(described_owner(speaker)[0])
        or _SPOKESPERSON.search(speaker.text) is not None
    )


_SPOKESPERSON = re.compile(r"\bspokes(?:man|woman|person|people)\b", re.IGNORECASE)


# "Its spokesman, Commander Tavis Rell", "A spokesman", "a spokeswoman, Claire Dumont": a
# description that speaks for whoever came just before.
_ITS = re.compile(
    r"(?:its|their)\s++(?!(?:famil(?:y|ies)|relatives|parents|children|mothers?|fathers?|sons?|"
    r"daughters?|wi(?:fe|ves)|husbands?|sisters?|brothers?)\b)"
    r"|(?:an?|the)\s++spokes(?:man|woman|person)\b(?!\s++(?:for|of|at)\b)",
    re.IGNORECASE,
)


def _speakers_for_sides(
    units: list[Unit], sides: list[str], role: dict[str, str], firm: set[str], settled: set[str]
) -> None:
    """A speaker whose own claims give them no role takes the role of the side they speak
    for: the one their description names ("the prison service's spokesman", "ministry
    spokesman Pavel Dorn"), or, for "its spokesman" and a spokesperson who names no one ("a
    spokesman", "a spokeswoman, Claire Dumont"), the side of the claim just before. So does a
    speaker whose role is accusing, by a first allegation or by the weight of two or more
    (not one who denied in so many words), when the side they speak for denied in so many
    words: the organisation's firm answer outweighs its spokesman's counter-accusations
    ("accused the monitors of inventing the beatings")."""
    names_of = {side: side_words(side) for side in sides if side}
    joined: dict[str, str] = {}
    for index, (unit, side) in enumerate(zip(units, sides, strict=True)):
        if not side or side in joined or unit.speaker is None:
            continue
        described_as, owner_is_a_name = described_owner(unit.speaker)
        target = speaks_for(side, described_as, owner_is_a_name, names_of)
        if target is None and index > 0 and _ITS.match(unit.speaker.text):
            target = sides[index - 1]
        if (
            target is not None
            and target != side
            and target in role
            and (
                (side not in settled and (side not in role or target in firm))
                # Its spokesman's accusations, however many, counter-accuse for it ("Army
                # spokesman Colonel X accused the rebels of …" after the army's denial).
                or (target in firm and role.get(side) == ClaimKind.allegation)
            )
        ):
            joined[side] = target
    for side, target in joined.items():
        role[side] = role[target]


# The object of a denial that is the other side's answer, not the accusation.
REJOINDER = re.compile(
    r"\W*+(?:(?:the|that|this|its|their|his|her|[\w-]+['’]s?)\s++){0,3}?"
    r"(?:account|explanation|version|story|denials?|reply|response|answer)\b|\s*+(?:that|this)\W*+$",
    re.IGNORECASE,
)


# What a side new to the dispute reports having done or seen itself.
FIRST_HAND = re.compile(
    r"\b(?:treat(?:ed|ing)|received|counted|observed|examined|witnessed|saw|found|verified)\b",
    re.IGNORECASE,
)


# The speaker as the doer of a harm it tells of: "it had destroyed", "its drones had carried
# out", "we struck"; what it received, recorded or rescued, or a passive ("it had been hit"),
# is not its own act of harm.
OWN_ACT = re.compile(
    r"(?:^\W*+|\bthat\s++)(?:it|we|(?:its|our)\s++[\w-]++)\s++(?:(?:had|has|have)\s++)?"
    r"(?:destroyed|struck|hit|bombed|shelled|fired|shot|killed|targeted|carried\s++out|attacked"
    r"|launched|raided|neutrali[sz]ed|eliminated)\b",
    re.IGNORECASE,
)
