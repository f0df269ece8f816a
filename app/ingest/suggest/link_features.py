"""What the link stage reads from each claim and from a pair of claims: whose side says it,
whom it names, what it is about (content words and figures), and whether it refers back to
something said before ("rejected that account", "denied the allegation")."""

import gzip
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from app.ingest.suggest.actors import ActorDirectory, KnownActor, is_descriptive
from app.ingest.suggest.cues import CLAIM_NOUN, DENY_WORDS, word_list
from app.ingest.suggest.model import Speaker, Unit, camp
from app.ingest.suggest.sentences import lead_end
from app.ingest.suggest.speaker_words import strip_article
from app.vocabulary import ActorKind

_STOPWORDS = set(
    word_list(
        "the a an and or but of to in on at for from by with about into over after before "
        "since than that this these those there their they them its it his her he she we our "
        "you your was were is are be been being have has had will would could should may "
        "might must can did does do not no said says told also which who whom what when where "
        "while as if so such only more most some any all other its said according statement "
        "spokesman spokeswoman spokesperson official officials"
    )
)
# Words of a speaker's description that say what they are, not which one: they name no side.
_ROLE_WORDS = set(
    word_list(
        "former chief head senior spokesman spokeswoman spokesperson official officials "
        "director minister president chairman chairwoman leader commander member members "
        "group lawyer lawyers representative local regional national international "
        "independent news agency unnamed named anonymous told"
    )
)

_DENYING = "|".join(sorted(DENY_WORDS))
# What a report rests on, referred back to ("this number", "those images", "their data").
_EVIDENCE_NOUN = (
    r"(?:figures?|toll|numbers?|images?|pictures?|photos?|photographs?|videos?|footage|data|"
    r"evidence|samples?|results?|conclusions?|testimony|version)"
)
# An answer that points back at what it answers: "that account", "such accusations", "denied
# this", "that was untrue", "rejected the allegations". ("The report" or "the ministry's
# account" alone name what they answer without pointing back at it.)
REFERS_BACK = re.compile(
    # ("said that reports of abuse were invented": "that" opens the reported clause.)
    rf"\b(?<!said )(?<!says )(?<!denied )(?:such|these|those|that|this)\s+(?:\w+\s+)?"
    rf"(?:{CLAIM_NOUN}|{_EVIDENCE_NOUN})\b|"
    r"^(?:this|that|it)\s+is\b|"
    r"\b(?:denie[sd]|rejects?|rejected|dismisse[sd])\s+(?:this|that|it)(?=\s*[.,;:!?\"”]|\s*$)|"
    rf"\b(?:{_DENYING})\s+(?:the|all|any)\s+(?:\w+\s+)?{CLAIM_NOUN}\b|"
    r"\bthat\s+(?:was|is)\s+(?:untrue|false|wrong|not\s+true)\b",
    re.IGNORECASE,
)
# Whom a speaker's description says they speak for: the owner before a possessive and a role
# ("the prison service's spokesman"; not "Meravia's Coast Guard", a name), or the words
# before "spokesman" ("ministry spokesman Pavel Dorn").
_OWNER = re.compile(
    r"(?P<owner>[^'’]+?)(?:['’]s\s++(?=[a-z])|(?<!\s)\s++spokes(?:man|woman|person)\b)",
)
_OWNER_CHARS = 200
# An answer about a figure ("disputed both figures", "our figure is three", "the toll was
# lower"), and a claim that states one (in digits or words).
_SPEAKS_OF_FIGURE = re.compile(
    r"\b(?:figures?|numbers?|toll|counts?|estimates?|statistics)\b", re.IGNORECASE
)
_STATES_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|dozen)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w’']*|\d[\d,.]*\d|\d")
# A word that negates what follows it ("did not strike", "fired no shells", "never reached"),
# or a verb that denies it ("denied that any troops were there"), and a clause's end.
_NEGATION = re.compile(
    r"^(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)$|n[’']t$", re.IGNORECASE
)
_DENYING_WORDS = frozenset(word.lower() for word in DENY_WORDS)
_TOKEN = re.compile(r"[A-Za-z][\w’']*|\d[\d,.]*\d|\d|[,.;:!?]")
# The words after a negation that it negates (within its clause), and one word before it
# ("fired no shells").
_NEGATED_AFTER = 5


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's form for comparison: lower case, without a possessive or a common ending, cut
    to six letters so that "Russia" and "Russian", "shelled" and "shelling" meet."""
    lower = word.lower().replace("’", "'").removesuffix("'s").strip("'")
    if not lower[:1].isdigit():
        lower = re.sub(r"(?:ies|es|s|ed|ing)$", "", lower) or lower
    return lower[:6]


def _is_content(word: str) -> bool:
    lower = word.lower().strip("’'")
    return lower not in _STOPWORDS and (len(lower) >= 4 or lower[:1].isdigit())


def negated_words(text: str) -> set[str]:
    """The stemmed content words a text negates: those after a negation or a verb of denying
    within its clause, and the word just before it ("had not fired on the convoy", "fired
    no shells", "denied that its troops were in the town")."""
    tokens = _TOKEN.findall(text)
    words: set[str] = set()
    for at, token in enumerate(tokens):
        if not _negates(token):
            continue
        window = tokens[at - 1 : at] if at and tokens[at - 1][0].isalpha() else []
        for after in tokens[at + 1 : at + 1 + _NEGATED_AFTER]:
            if not after[0].isalnum():
                break
            window.append(after)
        words.update(stem(word) for word in window if _is_content(word) and not _negates(word))
    return words


def _negates(token: str) -> bool:
    return bool(_NEGATION.search(token)) or token.lower() in _DENYING_WORDS


def content_words(text: str) -> set[str]:
    """The words that say what a text is about, stemmed."""
    words = set()
    for word in _WORD.findall(text):
        lower = word.lower().strip("’'")
        if lower in _STOPWORDS or (len(lower) < 4 and not lower[0].isdigit()):
            continue
        words.add(stem(word))
    return words


@lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(
        stem(word)
        for word in _WORD.findall(name)
        if len(word) >= 3
        and not word[0].isdigit()
        and word.lower() not in _STOPWORDS
        and word.lower() not in _ROLE_WORDS
    )


@dataclass(slots=True)
class ClaimProfile:
    """One claim as the link stage compares it with others."""

    side: str  # the speaker's camp (the root of its actor's parent chain, else its name)
    side_names: set[str]  # stemmed words naming the speaker's side, its actor and its parents
    named_sides: set[str]  # the camps of the known actors the claim's text names
    mentioned: set[str]  # stemmed words of the text, the words naming its speaker left out
    words: set[str]  # stemmed content words, any word of the speaker's names left out
    refers_back: bool
    speaks_of_figure: bool  # it is about a figure: "disputed both figures"
    states_number: bool  # it states a number: "killed at least 27 civilians"
    # The stemmed first words of what the claim reports, up to a possessive: whom or what it is
    # about ("the collective was a political organisation", "Cellwatch has a long record").
    opening: tuple[str, ...] = ()
    # Stemmed words naming whom the speaker speaks for, when their description says so ("the
    # prison service" in "The prison service's spokesman, Piet Olander").
    described_as: frozenset[str] = frozenset()
    # Whether that owner is a proper name ("Kestrel's managing director"), not a common noun
    # ("the association's president").
    owner_is_a_name: bool = False
    norm: float = 0.0  # the length of its weighed words (set by word_weights)
    # The stemmed words of its text it negates ("had not fired on the convoy": fired, convoy).
    negated: frozenset[str] = frozenset()
    # Its words' WordNet keys (related_keys), each with the stemmed words that hold it.
    related: dict[str, set[str]] = field(default_factory=dict)
    # The stemmed words defining its words' commonest senses in WordNet (gloss_words).
    glossed: frozenset[str] = frozenset()
    # Whether its words are about a messenger, not a report (_MESSENGER_WORDS).
    messenger_words: bool = False
    # Whether its speaker is a messenger by kind: a monitor, an outlet (is_messenger).
    messenger: bool = False


# Words that speak of a messenger rather than of what it reported: who pays or backs it, what it
# relies on or repeats, what it is ("a mouthpiece", "so-called monitors", "funded from abroad",
# "no credibility"). An answer in such words discredits the source more often than it rebuts.
_MESSENGER_WORDS = re.compile(
    r"\b(?:financ|fund(?:s|ed|ing|ers?)?\b|paid\b|sponsor|rel(?:y|ies|ied|ying)\s++on\b|"
    r"sympathi[sz]|mouthpieces?\b|outlets?\b|publish|repeat|propaganda|so-called|self-styled|"
    r"activists?\b|observator|organi[sz]ations?\b|testimon|trust|untrustworthy|verif|"
    r"unverified|abroad\b|foreign\b|western\b|opposition\b|politic|agenda|bias|credib)",
    re.IGNORECASE,
)
# The kinds of actor whose claims are reports of others' deeds: an answer may discredit them.
_MESSENGER_KINDS = frozenset(
    {ActorKind.monitor, ActorKind.media, ActorKind.ngo, ActorKind.rescue_group, ActorKind.un_body}
)


def is_messenger(speaker: Speaker | None) -> bool:
    """Whether the speaker is a messenger by its actor's kind (or the kind guessed for it)."""
    if speaker is None:
        return False
    kind = speaker.actor.kind if speaker.actor is not None else speaker.kind
    return kind in _MESSENGER_KINDS


def profile(unit: Unit, actors: ActorDirectory) -> ClaimProfile:
    speaker = unit.speaker
    names: set[str] = set()
    described_as, owner_is_a_name = described_owner(speaker)
    if speaker is not None:
        names |= _name_words(speaker.name) | _name_words(speaker.text)
        actor = speaker.actor
        while actor is not None:
            names |= _actor_words(actor)
            parent = actors.get(actor.parent_id)
            actor = parent if parent is not None and parent is not actor else None
    text = unit.text
    if speaker is not None and unit.start <= speaker.start < unit.end:
        # The words naming the speaker name no one else.
        at = speaker.start - unit.start
        text = text[:at] + " " + text[at + len(speaker.text) :]
    named = {actors.root(actor).name.casefold() for _, _, actor in actors.mentions(text)}
    mentioned = content_words(text)
    words = mentioned - names
    looked_up = list(_looked_up(text, words))
    return ClaimProfile(
        side=camp(speaker, actors),
        side_names=names,
        named_sides=named,
        mentioned=mentioned,
        words=words,
        # (After a transcript's label or a dateline: "SPOKESPERSON: That is not correct.")
        refers_back=bool(REFERS_BACK.search(unit.text[lead_end(unit.text) :])),
        speaks_of_figure=bool(_SPEAKS_OF_FIGURE.search(text)),
        states_number=bool(_STATES_NUMBER.search(text)),
        described_as=described_as,
        owner_is_a_name=owner_is_a_name,
        opening=_opening(unit),
        negated=frozenset(negated_words(unit.text)),
        related=_related(looked_up),
        glossed=_glossed(looked_up),
        messenger_words=bool(_MESSENGER_WORDS.search(text)),
        messenger=is_messenger(speaker),
    )


# The words a reported clause may start with before its subject.
_LEAD_IN = re.compile(
    r"^[\s\"“”‘’'(:,-]*(?:that\s+|as\s+|the\s+|these\s+|those\s+|this\s+|so-called\s+)*",
    re.IGNORECASE,
)
_OPENING_WORDS, _OPENING_CHARS = 3, 160


def _opening(unit: Unit) -> tuple[str, ...]:
    """The stemmed first words of what the unit reports: after its cue, or before it when the
    quotation comes first ('"Cellwatch has a long record …," he said'); none when a possessive
    is among them ("the group's figure" is about the figure, not the group)."""
    text, at = unit.text, unit.cue_at
    quotation_first = at >= len(text) // 2 and text[:at].strip()
    if unit.cue and at >= 0 and not quotation_first:
        text = text[at + len(unit.cue) :]
    text = text[:_OPENING_CHARS]
    lead_in = _LEAD_IN.match(text)
    words: list[str] = []
    for match in _WORD.finditer(text, lead_in.end() if lead_in else 0):
        word = match.group()
        if word.endswith(("'s", "’s", "s'", "s’")):
            return ()
        words.append(stem(word))
        if len(words) == _OPENING_WORDS:
            break
    return tuple(words)


@lru_cache(maxsize=4096)
def _actor_words(actor: KnownActor) -> frozenset[str]:
    words = set(_name_words(actor.name))
    for alias in actor.aliases:
        if not is_descriptive(alias):
            words |= _name_words(alias)
    return frozenset(words)


def described_owner(speaker: Speaker | None) -> tuple[frozenset[str], bool]:
    """The stemmed words naming whom a speaker's description says they speak for ("the prison
    service" in "The prison service's spokesman, Piet Olander"), and whether that owner is a
    proper name ("Kestrel's managing director"), not a common noun ("the association's
    president")."""
    owner = _OWNER.match(speaker.text[:_OWNER_CHARS]) if speaker is not None else None
    if speaker is None or owner is None:
        return frozenset(), False
    described_as = _name_words(owner["owner"]) - _name_words(speaker.name)
    return described_as, strip_article(owner["owner"])[:1].isupper()


def speaks_for(
    side: str,
    described_as: frozenset[str],
    owner_is_a_name: bool,
    names_of_sides: dict[str, frozenset[str]],
) -> str | None:
    """The other side a speaker on `side` is described as speaking for, if exactly one fits:
    the one whose name holds every word of the owner in the description ("the prison
    service's spokesman" and the Korvany Prison Service). An owner that is a proper name must
    be nearly all of the side's name: "Kestrel's managing director" speaks for Kestrel Home,
    "Saltmere's mayor" not for Saltmere Fire and Rescue."""
    if not described_as:
        return None
    sides = [
        other
        for other, words in names_of_sides.items()
        if other != side
        and described_as <= words
        and (not owner_is_a_name or len(words - described_as) <= 1)
    ]
    return sides[0] if len(sides) == 1 else None


def side_words(side: str) -> frozenset[str]:
    """The stemmed words of a side's name."""
    return _name_words(side)


def about_messenger(answer: ClaimProfile, answered: ClaimProfile) -> bool:
    """Whether the answer is about whoever made the answered claim, not about what it says:
    what it reports opens on a name of that side, not one the answering side shares ("said
    the collective was a political organisation", "dismissed the monitors as tourists"). A
    name before a possessive ("the group's figure") does not count: that answer is about the
    figure."""
    if not answer.opening:
        return False
    first = answer.opening[0]
    return first in answered.side_names and first not in answer.side_names


def names_side(text_of: ClaimProfile, side_of: ClaimProfile) -> bool:
    """Whether the first claim names the second one's side: its actor, a parent of it, or the
    words its speaker is named by ("the ministry's account", "Kestrel had known")."""
    return side_of.side in text_of.named_sides or bool(side_of.side_names & text_of.mentioned)


def names_and_shares(answer: ClaimProfile, answered: ClaimProfile) -> bool:
    """Whether the answer names the side of the claim and a thing that claim spoke of: what it
    answers, in its own words ("questioned the Clean Rivers Alliance samples")."""
    return names_side(answer, answered) and not answer.words.isdisjoint(answered.words)


def word_weights(profiles: list[ClaimProfile]) -> dict[str, float]:
    """How telling each content word is in one article: a word most of its claims use ("the
    market", "the attack") says less about which claim answers which than one two claims share
    ("the barracks"). Sets each claim's norm for `shared_content`."""
    counts: dict[str, int] = {}
    for claim in profiles:
        for word in claim.words:
            counts[word] = counts.get(word, 0) + 1
    total = len(profiles) + 1
    weights = {word: math.log(total / count) ** 2 for word, count in counts.items()}
    for claim in profiles:
        claim.norm = math.sqrt(sum(weights[word] for word in claim.words))
    return weights


def contradicts(answer: ClaimProfile, answered: ClaimProfile) -> bool:
    """Whether the answer negates what the claim asserts: a word of the claim's own (not of its
    side's names) that the answer negates and the claim does not ("did not shell the market"
    against "shelled the market"; not against "the market was not shelled", which agrees)."""
    return not (answer.negated & answer.words & answered.words).issubset(answered.negated)


def rarest_shared(
    a: ClaimProfile, b: ClaimProfile, weights: dict[str, float], claims: int
) -> float:
    """How telling the rarest word two claims share is in the article, from 0 (none, or a word
    every claim uses) towards 1 (a word of these two claims alone, in a long article): one
    specific word repeated ("the culvert") where `shared_content` is diluted by long texts.
    `weights` are word_weights' over the article's `claims` claims."""
    shared = a.words & b.words
    if not shared:
        return 0.0
    total = math.log(claims + 1)
    return max(math.sqrt(weights.get(word, 0.0)) for word in shared) / total


def shared_content(a: ClaimProfile, b: ClaimProfile, weights: dict[str, float]) -> float:
    """How much two claims are about the same thing: the cosine of their content words, each
    weighed by how telling it is in the article (`weights` and the norms from word_weights)."""
    shared = sum(weights.get(word, 0.0) for word in a.words & b.words)
    return shared / (a.norm * b.norm) if shared else 0.0


# The table of related words (app/ingest/wordnet_table.py writes it from WordNet 3.0; the
# licence is beside it), and how WordNet finds a word's lemma: the irregular forms, else one of
# these endings replaced (its "morphy").
_RELATED_TABLE = Path(__file__).with_name("wordnet") / "related_words.json.gz"
_ENDINGS = {
    "n": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}  # fmt: skip


# The table's sections: each lemma's keys, its glosses (its definitions' words, one string), and
# the irregular forms; each by part of speech.
_Table = dict[str, dict[str, dict[str, Any]]]


@cache
def _related_table() -> _Table:
    with gzip.open(_RELATED_TABLE, "rt", encoding="utf-8") as table:
        loaded: _Table = json.load(table)
    return loaded


def _lemmas(word: str) -> Iterator[tuple[str, str]]:
    """(part of speech, form) of each lemma WordNet's lemmatiser may find a word under: the word
    itself, its irregular forms ("fought": fight), else one ending replaced."""
    exceptions = _related_table()["exceptions"]
    lower = word.lower().replace("’", "'").removesuffix("'s").strip("'")
    for pos, endings in _ENDINGS.items():
        forms = exceptions[pos].get(lower) or [
            lower[: -len(ending)] + new for ending, new in endings if lower.endswith(ending)
        ]
        for form in (lower, *forms):
            yield pos, form


@lru_cache(maxsize=65536)
def related_keys(word: str) -> frozenset[str]:
    """What a word shares in WordNet with other words (numbered keys): its lemmas and those
    derived from them ("died", "death": die), and its nouns' and verbs' three commonest senses
    and their direct hypernyms ("hospital", "clinic": a medical institution)."""
    table = _related_table()["keys"]
    keys: set[str] = set()
    for pos, form in _lemmas(word):
        keys.update(table[pos].get(form, ()))
    return frozenset(keys)


@lru_cache(maxsize=65536)
def gloss_words(word: str) -> frozenset[str]:
    """The stemmed content words of WordNet's definitions of a word's three commonest senses
    ("clinic": a medical establishment run by a group of medical specialists)."""
    table = _related_table()["glosses"]
    words: set[str] = set()
    for pos, form in _lemmas(word):
        if defining := table[pos].get(form):
            words |= content_words(defining)
    return frozenset(words)


def _looked_up(text: str, words: set[str]) -> Iterator[tuple[str, str]]:
    """(lower case, stemmed) of each of a text's content words among `words` (stemmed)."""
    for word in _WORD.findall(text):
        lower = word.lower().strip("’'")
        if lower in _STOPWORDS or len(lower) < 4 or lower[0].isdigit():
            continue
        stemmed = stem(word)
        if stemmed in words:
            yield lower, stemmed


def _related(looked_up: list[tuple[str, str]]) -> dict[str, set[str]]:
    """The WordNet keys of a text's content words (`_looked_up`), each with the stemmed words
    that hold it."""
    related: dict[str, set[str]] = {}
    for lower, stemmed in looked_up:
        for key in related_keys(lower):
            related.setdefault(key, set()).add(stemmed)
    return related


def _glossed(looked_up: list[tuple[str, str]]) -> frozenset[str]:
    """The stemmed words defining a text's content words (`_looked_up`) in WordNet."""
    glossed: set[str] = set()
    for lower, _ in looked_up:
        glossed |= gloss_words(lower)
    return frozenset(glossed)


_RELATED_COUNTED = 3


def related_words(a: ClaimProfile, b: ClaimProfile) -> float:
    """How many WordNet keys join different words of two claims ("two patients died in the
    hospital" and "no death at the clinic"), from 0 to 1 at three: a likeness of meaning that
    shared stems miss. A key both hold through one word ("killed", "killing") is not counted:
    `shared_content` has it."""
    joined = 0
    for key, stems in a.related.items():
        other = b.related.get(key)
        if other is not None and stems.isdisjoint(other):
            joined += 1
            if joined == _RELATED_COUNTED:
                break
    return joined / _RELATED_COUNTED


_GLOSSES_COUNTED = 3


def gloss_overlap(a: ClaimProfile, b: ClaimProfile) -> float:
    """How many words of each claim define the other's words in WordNet (a Lesk overlap: "shot
    dead" and "killed by gunfire", whose definitions use the other's words), from 0 to 1 at
    three. A word the claim holds itself is not counted: `shared_content` has it."""
    found = len((a.glossed & b.words) - a.words) + len((b.glossed & a.words) - b.words)
    return min(found, _GLOSSES_COUNTED) / _GLOSSES_COUNTED
