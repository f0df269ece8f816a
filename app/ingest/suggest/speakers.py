"""Speakers: the words naming who said something, resolved to a known actor (by name, alias,
possessive, surname, pronoun or description) or to a new one the text names."""

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from app.ingest.suggest.actors import KnownActor, is_descriptive, normalise_name
from app.ingest.suggest.breaks import line_start
from app.ingest.suggest.cues import word_list
from app.ingest.suggest.documents import document_speaker
from app.ingest.suggest.model import Context, Speaker
from app.ingest.suggest.sentences import EDITORS_NOTE, QUESTION_LABELS, lead_end
from app.ingest.suggest.speaker_words import (
    DESCRIPTION_KINDS,
    DOCUMENT_NOUNS,
    GIVEN_NAME_REACH,
    NAME_SMALL_WORDS,
    NOUN_CUT,
    ORG_WORDS,
    PRONOUNS,
    RECORD_NOUNS,
    ROLE_NOUNS,
    TITLES,
    given_name,
    guess_kind,
    kind_described,
    looks_like_name,
    organisation_kind,
    strip_article,
    trailing_name,
)
from app.ingest.suggest.turns import examining_counsel, examining_lines, record_witness
from app.vocabulary import ActorKind


def lookup(words: str, context: Context) -> KnownActor | None:
    """An actor named by exactly these words. A descriptive alias ("the ministry") counts only
    for an actor this article names, so that it cannot pull in an actor from elsewhere."""
    actor = context.local.lookup(words) or context.actors.lookup(words)
    if actor is None:
        return None
    key = normalise_name(words)
    # ("The observatory" is written as a description even where an alias is "the Observatory".)
    written_as_description = is_descriptive(_LEADING_THE.sub("", words.strip()))
    by_description = normalise_name(actor.name) != key and any(
        normalise_name(a) == key and (is_descriptive(a) or written_as_description)
        for a in actor.aliases
    )
    if by_description and actor.name not in _mentioned_names(context):
        return None
    return actor


_LEADING_THE = re.compile(r"^[Tt]he\s++")
# A subordinating word or a month before a sentence's subject.
_NOT_SUBJECT_LEAD = re.compile(
    r"(?:where|when|whereas|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:[ ]\d{1,2})?,?)[ ]++(?=\w)"
)


# The mentions are sorted by where they start and only ever grow (an ad hoc actor adds its
# own): looked up by position and by name without reading them all for every speaker, which
# made a long text's suggestions quadratic in its number of speakers.
def mentions_from(context: Context, start: int, before: int) -> list[tuple[int, int, KnownActor]]:
    """The mentions that start at or after `start` and before `before`, in order."""
    mentions = context.mentions
    low = bisect.bisect_left(mentions, start, key=lambda m: m[0])
    high = bisect.bisect_left(mentions, before, lo=low, key=lambda m: m[0])
    return mentions[low:high]


def _mentioned_names(context: Context) -> set[str]:
    if context.names_seen[0] != len(context.mentions):
        context.names_seen = (len(context.mentions), {m[2].name for m in context.mentions})
    return context.names_seen[1]


_QUANTIFIERS = re.compile(
    r"^(?:several|some|many|most|two|three|four|five|other|various|a\s+number\s+of|"
    r"a\s+group\s+of|a\s+few)\s+",
    re.IGNORECASE,
)


# Some of a group, without a noun: "One of them", "Two", "Several", "Another".
_COUNT_OF_THEM = re.compile(
    r"(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]everal|[Aa]nother|[Ss]ome|[Mm]any|"
    r"[Mm]ost|[Bb]oth)(?:[ ]++of[ ]++(?:them|those))?"
)

# One of some people the text has counted, described in an appositive ("One of them, a ferry
# mechanic", "One, a goat herder from the valley", "Another, a 23-year-old driver").
_ONE_DESCRIBED = re.compile(
    r"(?:[Oo]ne|[Aa]nother)(?:[ ]of[ ](?:them|those|the[ ][\w-]{1,30}+(?:[ ][\w-]{1,30}+)?))?"
    r",[ ](?P<who>an?[ ][^,]{1,150}+)"
)
# What an unnamed speaker says of their anonymity: no part of who they are.
_ANONYMITY = re.compile(
    r",?[ ](?:and[ ])?(?:who|whose)[ ](?:asked|spoke|declined|requested|wished|refused|"
    r"(?:did|does|would)[ ]not)\b"
)
# An unnamed speaker's defining clause before the verb of saying ("A nurse who was on duty
# said"): who they are, when the text gives no name.
_DEFINING_CLAUSE = re.compile(
    r"[ ](?P<clause>(?:who|whose)[ ][^,.;:!?\n“”\"]{1,120}?)(?=[ ](?:said|says|told|added)\b)"
)
# An indefinite description of one unnamed person: an article, no capitals after it (a count's
# clause is often no part of who they are: "Two porters who stood by the gate").
_INDEFINITE_PERSON = re.compile(r"[Aa]n?(?:[ ][a-z0-9][\w’'-]*+){1,30}")

# Words that cannot end a speaker's name: what is left when a subject is cut off before its
# noun ("the council voted or", "a former nurse and we"; "We" alone is a speaker).
_CUT_ENDINGS = {"the", "a", "an", "or", "in", "of", "we"}
_ARTICLES = {"the", "a", "an"}


def _cut_off(words: str) -> bool:
    """Whether the speaker's words stop before the noun they lead to ("The so-" of "The
    so-called report", "The" alone, "the council voted or"): no one is named in them."""
    split = words.casefold().split()
    if not split:
        return False
    return (
        split[-1].endswith("-")
        or (len(split) == 1 and split[0] in _ARTICLES)
        or (len(split) > 1 and split[-1] in _CUT_ENDINGS)
    )


def resolve(speaker: Speaker, context: Context) -> Speaker:
    self_described = _self_described(speaker, context)
    if self_described is not None:
        return self_described
    if _cut_off(speaker.text) and not mentions_from(
        context, speaker.start, speaker.start + len(speaker.text)
    ):
        # A subject cut off names no one ("The Council went on to lay much of the" does):
        # the sentence goes on in the last speaker's voice, as one without a verb of saying
        # would.
        last = _last_named_speaker(speaker.start, context)
        if last is not None:
            return _as(speaker, last)
    if _COUNT_OF_THEM.fullmatch(speaker.text.strip()):
        # "One of them said", "Several said": some of the people who spoke last, when they
        # were a group ("Two of them" after "Former detainees told us …").
        last = _last_named_speaker(speaker.start, context)
        if last is not None and _is_plural(last.name):
            return _as(speaker, last)
    lead = _NOT_SUBJECT_LEAD.match(speaker.text)
    if lead is not None and lead.end() < len(speaker.text):
        # ("… in September the European Parliament adopted", "the hall where relatives said"):
        # the words before the subject are no part of who speaks.
        speaker.start += lead.end()
        speaker.text = speaker.text[lead.end() :]
    text = speaker.text
    name_part, _, appositive = text.partition(", ")
    first, joined, second = name_part.partition(" and ")
    if (
        joined
        and not appositive
        and first.strip()
        and second[:1].islower()
        and lookup(name_part, context) is None
    ):
        # "residents and a local youth association", "Safe Bottles Arlen and two opposition
        # members": the speakers named first (a name's own "and", "Fire and Rescue", joins
        # capitalised words). "A rights group" is one the text has not named before.
        first = _BOTH.sub("", first)
        if _INDEFINITE.match(first) and lookup(first, context) is None:
            speaker.name = strip_article(first)
            speaker.kind = organisation_kind(first)
            return speaker
        alone = resolve(Speaker(first, speaker.start), context)
        return _as(speaker, alone)
    after = _FOR_CLIENT_AFTER.match(context.body, speaker.start + len(text))
    if not appositive and after is not None and _represented_client(text, after["phrase"]):
        # ("Mr Ali Rahm, for the families of the dead, said": the phrase the subject's words
        # stopped before.)
        text = speaker.text = text + after[0].rstrip(",")
        name_part, _, appositive = text.partition(", ")
    client = _represented_client(name_part, appositive)
    if client:
        # "Ms Jo Penn KC, for the Ministry, said …": counsel speak their client's case; the
        # claim is the client's (and "She said" after it too: `_antecedent`).
        offset = text.find(client, len(name_part))
        for_client = resolve(Speaker(client, speaker.start + offset), context)
        if for_client.name:
            speaker.name, speaker.kind = for_client.name, for_client.kind
            speaker.actor = for_client.actor
            return speaker
    if (
        context.outlet
        and _ADDRESSED_OUTLET.match(text)
        and normalise_name(text) != normalise_name(context.outlet)
    ):
        # A letter to the outlet that prints it: "Your report said …" is the outlet's claim.
        return resolve(Speaker(context.outlet, speaker.start), context)
    name_part = without_place(without_verb_object(name_part))
    owned = _POSSESSIVE.match(name_part)
    # "Russia's Defence Ministry": the actor known as the Russian Defence Ministry, before
    # the name as the article wrote it.
    known_owned = _possessed(owned["owner"], owned["rest"], context) if owned else None
    if known_owned is not None:
        return _with_actor(speaker, known_owned)
    if owned and owned.end() == len(name_part) and len(owned["rest"].split()) >= 2:
        # "Arvenne's Marine Accident Investigation Office" after "… (MAIO)" defined it: the
        # body's own name, without whose it is.
        named_body = context.local.lookup(owned["rest"].strip())
        if named_body is not None and named_body.kind != ActorKind.person:
            return _with_actor(speaker, named_body)
    # 1. The words as a whole, or the appositive, name a known actor.
    for phrase in (text, name_part, appositive):
        if phrase:
            actor = lookup(phrase, context)
            if actor is not None:
                return _with_actor(speaker, actor)
    # A court's or a litigant's document ("the petition argues"), or "it" after one: its author.
    by_document = document_speaker(speaker, context, resolve)
    if by_document is not None:
        return by_document
    pronoun_document = _PRONOUN_DOCUMENT.fullmatch(name_part.strip())
    if pronoun_document is not None:
        # "According to its statement": whom the possessive stands for.
        pronoun = _PRONOUN_OF[pronoun_document["pronoun"].lower()]
        owning = resolve(Speaker(pronoun, speaker.start), context)
        if owning.name:
            return _as(speaker, owning)
    document = _OWNED_DOCUMENT.fullmatch(name_part.strip())
    if document is not None:
        # "Mrs Justice Farrant's judgment", "Meridale's statement": whose the document is.
        owning = resolve(Speaker(document["owner"], speaker.start), context)
        return _as(speaker, owning)
    if owned:
        rest = owned["rest"].strip()
        rest_words = normalise_name(rest).split()
        if (
            owned.end() == len(name_part)
            and set(rest_words) & ORG_WORDS
            # ("Ossadia's security minister": a person, whose name may follow.)
            and rest_words[-1] not in ROLE_NOUNS
        ):
            # "Serenia's government", unknown: the Serenian government, not Serenia itself.
            return _adhoc(
                speaker, _possessive_forms(owned["owner"], rest)[0], guess_kind(rest), context
            )
    head = NOUN_CUT.split(name_part, maxsplit=1)[0]
    head_end = speaker.start + len(head)
    part_end = speaker.start + len(name_part)
    inside = [
        m for m in mentions_from(context, speaker.start, part_end + 1) if m[1] <= part_end + 1
    ]
    # 2. A known actor named at the end of the words ("… spokesman Igor Konashenkov") or in a
    # name-like appositive ("Kovania's interior minister, Daro Velić").
    # ("Dr. Helen Koss of the University of Leiden": the name, not where she works.)
    apposed = NOUN_CUT.split(appositive, maxsplit=1)[0]
    if apposed and looks_like_name(apposed):
        named = trailing_name(apposed)
        known = lookup(named, context) if named else None
        if known is not None:
            return _with_actor(speaker, known)
        if named and not set(normalise_name(named).split()) & ORG_WORDS:
            return _adhoc(speaker, named, ActorKind.person, context)
    for _, end, actor in reversed(inside):
        if abs(end - head_end) <= 3:
            return _with_actor(speaker, actor)
    lower = normalise_name(head)
    words = lower.split()
    if words and words[-1] in _DOCUMENTS and inside:
        # "The OPCW report": the document of the organisation it names.
        return _with_actor(speaker, inside[-1][2])
    # 3. Pronouns and descriptions point back to an actor named before.
    if lower in PRONOUNS:
        resolved = _antecedent(lower, speaker.start, context)
        if resolved is not None and lower in ("he", "she") and resolved.kind == ActorKind.person:
            context.pronouns.setdefault(resolved.name, lower)
        return _with_actor(speaker, resolved) if resolved else speaker
    if words and words[-1] in _IMAGERY and not inside and context.outlet:
        # ("A video posted by residents shows …", "Two videos … show"): pictures claim nothing
        # themselves; what they show is the outlet's reading of them.
        return resolve(Speaker(context.outlet, speaker.start), context)
    if _AGED.fullmatch(lower):
        # "the 27-year-old": the person who spoke or was named last, as "he" or "she" is.
        person = _last_person(speaker.start, context)
        return _with_actor(speaker, person) if person else speaker
    # ("the bank", "the team": a lower-case description is read by its last word too.)
    described = _LOWER_DESCRIPTION.fullmatch(head.strip())
    # ("Ministry of the Interior", "Office of the Prosecutor": a name, not a description.)
    of_a_name = _name_with_of(head, name_part)
    if (
        words
        and (words[-1] in DESCRIPTION_KINDS or described)
        and not trailing_name(head)
        and not of_a_name
    ):
        resolved = _description(words[-1], head, speaker.start, context)
        if resolved is not None:
            return _with_actor(speaker, resolved)
    body_document = _BODY_DOCUMENT.fullmatch(head.strip())
    if (
        body_document is not None
        and body_document["noun"].rstrip("s") in DOCUMENT_NOUNS
        and body_document["body"] in ORG_WORDS
    ):
        # "A ministry statement said", "an army report says": the document of the body the
        # word before it describes, when the text named one that fits.
        body = body_document["body"]
        by_body = _description(body, f"the {body}", speaker.start, context)
        if by_body is not None:
            return _with_actor(speaker, by_body)
    # 4. A person's name ending the words: "NCSC director Lena Fosse" (not "Nestwell, which
    # sells the seat": "which" tells of a thing, not a person).
    titled_of = _TITLED_OF.match(head.strip())
    # ("Prof. Sunil Varga of Eastbridge University": the titled name, not where they work.)
    name = trailing_name(titled_of["person"] if titled_of else head)
    a_thing = bool(_WHICH.match(context.body, speaker.start + len(text)))
    if name and not a_thing and not set(normalise_name(name).split()) & ORG_WORDS:
        shortened = _named_in_full(name, speaker.start, context)
        if shortened is not None:
            return _with_actor(speaker, shortened)
        if " " not in name:
            # A surname alone ("Smolders"): the full name the text gave before, if any.
            name = full_name(name, speaker.start, context)
        known = lookup(name, context)
        if known is not None:
            return _with_actor(speaker, known)
        if not (words and words[-1] in ROLE_NOUNS):
            # ("Halvard Container Line", later "Halvard": an organisation, not a person.)
            shortened_first = _short_form_first(name, context)
            # ("Clearfield Action, a demining group that …": what the appositive says it is.)
            described_kind = kind_described(appositive) or (
                ActorKind.other if shortened_first else ActorKind.person
            )
            return _adhoc(speaker, name, described_kind, context)
    # An organisation's initials before a description of a part of it ("SAF press office"
    # after "Sarkhan Armed Forces"): the organisation the text named in full before.
    initials = _INITIALS.match(strip_article(head).strip())
    if initials:
        spelled = _spelled_out(initials[1], speaker.start, context)
        if spelled is not None:
            return _with_actor(speaker, spelled)
    # 5. An unnamed spokesperson speaks as the organisation they speak for, when the text
    # names it ("a company spokesman", "an RFA spokeswoman", "a spokesman for Valen Mining").
    if words and words[-1] in _SPOKESPEOPLE:
        owner = _spoken_for(head, name_part)
        if not owner and len(words) == 1 and head.strip() == name_part.strip():
            # "A spokesman said …" after "The CAA confirmed it had received a complaint.": the
            # organisation named last, just before.
            nearest = _nearest_organisation(speaker.start, context)
            if nearest is not None:
                return _with_actor(speaker, nearest)
        if owner:
            spoken_for = _organisation_spoken_for(owner, speaker.start, context)
            if spoken_for is not None:
                return _with_actor(speaker, spoken_for)
    # 6. "the mayor", "the judge": the person the text named with that role before ("the
    # sitting mayor, Ilse Varga", "Judge Tom Abel"), if it did.
    the_role = _THE_ROLE.fullmatch(name_part.strip())
    if the_role is not None and the_role["role"].lower() in ROLE_NOUNS:
        titled = _titled_person(the_role["role"].lower(), speaker.start, context)
        if titled is not None:
            return _with_actor(speaker, titled)
    # 7. An unnamed role or group of people stays as written ("a U.S. State Department
    # official", "several former detainees").
    # ("Residents reached by phone": the role before the participle.)
    role_words = normalise_name(_PARTICIPLE.sub("", head)).split()
    is_role = bool(role_words) and role_words[-1] in ROLE_NOUNS
    if not is_role and not inside and role_words and role_words[-1] in _FINDINGS:
        # ("The law says …", "The levels found are lower …", "The second trial was
        # conducted …"): a finding or a rule as the subject speaks for no one; the sentence
        # is the last speaker's, who cites it.
        last = _last_named_speaker(speaker.start, context)
        if last is not None:
            return _as(speaker, last)
    if is_role or (words and not inside and not looks_like_name(head)):
        # People by their role, without what the text adds about them ("Residents reached
        # by phone", "Relatives who gathered outside the gates", "a former guard at the camp").
        as_role = _PARTICIPLE.sub("", _people_without_extras(strip_article(name_part)))
        speaker.name = _QUANTIFIERS.sub("", as_role)
        speaker.kind = ActorKind.person if is_role else organisation_kind(head)
        _with_defining_clause(speaker, context)
        return speaker
    # 8. Any known actor inside the words ("tests commissioned … from Kestrel Laboratories"),
    # unless its name opens a description of one of its bodies.
    if inside:
        body = _body_of(head, speaker.start, inside[0])
        if body:
            return _adhoc(speaker, body, organisation_kind(body) or ActorKind.other, context)
        return _with_actor(speaker, inside[-1][2])
    if looks_like_name(head) and head.strip():
        shortened = _named_in_full(strip_article(head), speaker.start, context)
        if shortened is not None:
            return _with_actor(speaker, shortened)
        kind = ActorKind.other if a_thing else guess_kind(head)
        name = _without_second_of(name_part) if of_a_name else head
        return _adhoc(speaker, strip_article(name), kind, context)
    speaker.name = strip_article(text)
    return speaker


# Lower-case words after an organisation's name, the last a noun for a body ("… refugee agency",
# "… human rights monitoring mission").
_BODY_AFTER_NAME = re.compile(r"(?:[ ]++[a-z][\w’'-]*+){1,4}")
# (A mission, a programme or a unit is a body too, though no organisation's name ends so.)
_BODY_NOUNS = ORG_WORDS | {"mission", "programme", "program", "unit"}


def _body_of(head: str, start: int, mention: tuple[int, int, KnownActor]) -> str:
    """The words naming a body of the organisation whose name opens them ("The UN refugee
    agency", "the United Nations verification mission"): the body speaks, not the whole
    organisation. Empty when the words are not such a description."""
    mention_start, mention_end, actor = mention
    bare = strip_article(head).strip()
    offset = start + head.find(bare)
    # (The name may take in the article: "The UN" is an alias too.)
    if actor.kind == ActorKind.person or bare == "" or not start <= mention_start <= offset:
        return ""
    rest = bare[mention_end - offset :]
    if _BODY_AFTER_NAME.fullmatch(rest) is None:
        return ""
    last = rest.split()[-1]
    return bare if last in _BODY_NOUNS and last not in ROLE_NOUNS else ""


# What a letter calls the outlet it writes to ("Your report", "your reporters", "Your
# front-page story of 3 March").
_ADDRESSED_OUTLET = re.compile(
    r"[Yy]our[ ]++(?:[\w-]++[ ]++)?(?:reports?|reporters?|articles?|stor(?:y|ies)|"
    r"newspaper|paper|coverage|correspondents?|journalists?|editorial|investigation)\b"
)
_WHICH = re.compile(r",\s*+which\b")

# A name after a verb in "-ing" that follows the speaker's noun ("The military coalition
# fighting the Coastal Movement"): what the speaker does something to, not the speaker ("The
# ruling National Unity Party": an adjective, with no noun before it).
_VERB_OBJECT = re.compile(r"(?<![ ])[ ]++[a-z]++(?<=ing)[ ]++(?:(?:the|an?)[ ]++)?(?=[A-Z])")


def without_verb_object(name_part: str) -> str:
    """The words naming the speaker, without an "-ing" verb and the name it governs."""
    cut = _VERB_OBJECT.search(name_part)
    if cut is None:
        return name_part
    before = normalise_name(name_part[: cut.start()]).split()
    # ("The foreign ministry of neighbouring Darvonia": an adjective after a preposition.)
    if not set(before) - _DETERMINERS or before[-1] in _PREPOSITIONS:
        return name_part
    return name_part[: cut.start()]


# A place after a body's name ("St. Anne's Hospital in Arlen City", "Police in Port Selka"):
# where it is, not who.
_PLACE_AFTER = re.compile(r"(?<![ ])[ ]++(?:in|at)[ ]++(?=[A-Z])")


def without_place(name_part: str) -> str:
    """The words naming a body, without the place named after it."""
    cut = _PLACE_AFTER.search(name_part)
    if cut is None:
        return name_part
    body = name_part[: cut.start()]
    before = normalise_name(body).split()
    # (A description's place says which body it is: "the ministry in Kaldor".)
    if not before or before[-1] not in ORG_WORDS or not _is_name(strip_article(body)):
        return name_part
    return body


def _self_described(speaker: Speaker, context: Context) -> Speaker | None:
    """A speaker the text describes rather than names, who says who they are in their own
    words: the name they give ("its spokesman, who uses the name Commander Ardo, said"), or the
    appositive after "One of them" ("One of them, a ferry mechanic, said"). None otherwise."""
    end = speaker.start + len(speaker.text)
    named = given_name(speaker.text, context.body[end : end + GIVEN_NAME_REACH])
    if named:
        # The name they give is who speaks, not the body or the description that introduced
        # them.
        known = lookup(named, context)
        if known is not None:
            return _with_actor(speaker, known)
        return _adhoc(speaker, named, ActorKind.person, context)
    one_described = _ONE_DESCRIBED.fullmatch(speaker.text.strip())
    if one_described is None:
        return None
    speaker.name = strip_article(_ANONYMITY.split(one_described["who"], maxsplit=1)[0])
    speaker.kind = ActorKind.person
    return speaker


def _with_defining_clause(speaker: Speaker, context: Context) -> None:
    """An unnamed speaker's words with the relative clause that says who they are ("A nurse
    who was on duty"), and without what they said of their anonymity."""
    described = _ANONYMITY.split(speaker.text, maxsplit=1)[0]
    if _INDEFINITE_PERSON.fullmatch(described) is None or not context.body.startswith(
        described, speaker.start
    ):
        return
    end = speaker.start + len(described)
    clause = _DEFINING_CLAUSE.match(context.body, end, end + 130)
    if clause is not None and _ANONYMITY.match(context.body, end) is None:
        described = _ANONYMITY.split(context.body[speaker.start : clause.end()], maxsplit=1)[0]
    speaker.text = described


def _is_name(words: str) -> bool:
    return all(w[:1].isupper() or w in NAME_SMALL_WORDS for w in words.split())


_PREPOSITIONS = {"of", "for", "from", "in", "at", "on", "by", "with", "to", "into", "near"}

# A participle after the first word and all after it ("survivors interviewed separately"),
# and a relative clause or a place after people's role ("at the camp", "who gathered …";
# "of" and "for" belong to the role: "relatives of prisoners", "a spokesman for the port").
_PARTICIPLE = re.compile(r"(?<=\w)[ ]++[a-z]++(?<=ed)\b.*+$")
_PEOPLE_CUT = re.compile(
    # ("a surgeon there": where, as "at the hospital" would say.)
    r"(?<=\w)[ ]++(?:(?P<relative>who|whose|which|that)|at|in|from|with|on|by|representing|"
    r"there|here)\b"
)


def _people_without_extras(words: str) -> str:
    """People's role without a relative clause after it, nor a place unless it names one
    ("a former guard at the camp" → "former guard"; "an engineer at aircraft maker Aerion"
    stays: whom they work for)."""
    cut = _PEOPLE_CUT.search(words)
    if cut is None:
        return words
    if cut["relative"] or not any(w[:1].isupper() for w in words[cut.end() :].split()):
        return words[: cut.start()]
    return words


# A title, a name of up to three words, and "of" before where they work.
_TITLED_OF = re.compile(
    r"(?P<person>(?i:prof|professor|dr|doctor|judge)\.?(?:[ ]++[A-Z][\w’'-]*+){1,3})"
    r"[ ]++of[ ]++[A-Z]"
)
_BOTH = re.compile(r"^\s*+(?:both|either)\s++", re.IGNORECASE)
_INDEFINITE = re.compile(r"\s*+an?\s", re.IGNORECASE)
_INITIALS = re.compile(r"([A-Z]{2,6})\s++[a-z]")


def _spelled_out(initials: str, position: int, context: Context) -> KnownActor | None:
    """The organisation named before `position` whose words' initials these are."""
    for speaker in context.speakers[-1 : -_SHORT_NAME_LOOKBACK - 1 : -1]:
        if speaker.start >= position or speaker.kind == ActorKind.person:
            continue
        words = [w for w in speaker.name.split() if w.lower() not in NAME_SMALL_WORDS]
        if len(words) == len(initials) and all(
            w[:1].upper() == c for w, c in zip(words, initials, strict=True)
        ):
            return speaker.actor or KnownActor(None, speaker.name, speaker.kind)
    return None


_SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson"}
# ("a spokesman for the provincial governor's office" names no one the text has named.)
_FOR_OWNER = re.compile(r"\s++for\s++(?P<owner>(?:the\s++)?[A-Z][^,;]*|the\s++[a-z][^,;]*)")


# An unnamed spokesperson's organisation is named within this many characters before them.
_SPOKESPERSON_WINDOW = 400


def _nearest_organisation(position: int, context: Context) -> KnownActor | None:
    """The organisation (no person, no news outlet) named or heard last before `position`,
    within _SPOKESPERSON_WINDOW characters."""
    low = position - _SPOKESPERSON_WINDOW
    named = [
        (start, actor)
        for start, _, actor in mentions_from(context, low, position)
        if start < position
    ]
    heard = [
        (s.start, s.actor or KnownActor(None, s.name, s.kind or guess_kind(s.name)))
        for s in context.speakers
        if low <= s.start < position and s.name
    ]
    for _, actor in sorted(named + heard, key=lambda c: c[0], reverse=True):
        if actor.kind not in ("", ActorKind.person, ActorKind.media):
            return actor
    return None


_GENDERED_TITLE = re.compile(
    r"\b(?P<he>Mr|Sir|Lord)\b|\b(?P<she>Mrs|Ms|Miss|Dame|Lady|spokeswoman|chairwoman)\b"
)


def _pronoun_for(speaker: Speaker, context: Context) -> str:
    """ "he" or "she" for a person, as the text used it for them first or as their title
    says ("Mrs Velt"); "" when unknown."""
    known = context.pronouns.get(speaker.name)
    if known is not None:
        return known
    title = _GENDERED_TITLE.search(speaker.text)
    return "" if title is None else "he" if title["he"] else "she"


def _organisation_spoken_for(owner: str, position: int, context: Context) -> KnownActor | None:
    """The organisation a spokesperson speaks for, as the words before or after the role name
    it: one known by those words whatever its kind ("an NLI spokeswoman"), one a lower-case
    description points back to ("a spokeswoman for the company"), or a name the text has not
    given before, which is an organisation's when it has an article, is one word or initials
    ("a Treasury spokesman", "a spokesman for the Shield Brigades")."""
    bare = strip_article(owner)
    known = lookup(bare, context)
    if known is not None:
        return known
    if bare[:1].islower():
        words = normalise_name(owner).split()
        if words and words[-1] in DESCRIPTION_KINDS:
            described = _description(words[-1], owner, position, context)
            named = set(normalise_name(described.name).split()) if described else set()
            # (By its kind alone, "the company" found "Shipbreakers' Union" named before: a
            # name that says it is another kind of body is not the one described.)
            if described is not None and (
                words[-1] in named or not named & DESCRIPTION_KINDS.keys()
            ):
                return described
        return None
    organisation = resolve(Speaker(owner, position), context)
    if not organisation.name:
        return None
    if organisation.kind not in ("", ActorKind.person):
        return organisation.actor or KnownActor(None, organisation.name, organisation.kind)
    if organisation.actor is None and (
        owner.lower().startswith("the ") or " " not in bare or bare.isupper()
    ):
        return KnownActor(None, bare, organisation_kind(bare) or ActorKind.other)
    return None


# A person named and then whom they speak for, between commas ("Ms Jo Penn KC, for the
# Ministry,", "Mr Ali Rahm, for the families of the dead,"): counsel or a representative.
_FOR_CLIENT = re.compile(r"for[ ]++(?P<client>(?:the[ ]++)?[\w(][^,;:]{1,100}+)$")


_FOR_CLIENT_AFTER = re.compile(r",[ ]++(?P<phrase>for[ ]++[^,;:\n]{1,100}+),")


def _represented_client(name_part: str, appositive: str) -> str:
    """Whom the person named in `name_part` speaks for, as the appositive "for …" says; ""
    when it says no such thing."""
    client = _FOR_CLIENT.match(appositive.strip())
    person = trailing_name(name_part)
    if client is None or not person or set(normalise_name(person).split()) & ORG_WORDS:
        return ""
    return client["client"].strip()


def _is_representative(words: str) -> bool:
    """ "Ms Jo Penn KC, for the Ministry": a person speaking for a client."""
    name_part, _, appositive = words.partition(", ")
    return bool(_represented_client(name_part, appositive))


def _is_spokesperson(words: str) -> bool:
    """ "A spokeswoman", "an NLI spokesman", "a spokesperson for the directorate": no name."""
    head = normalise_name(NOUN_CUT.split(words.partition(", ")[0], maxsplit=1)[0]).split()
    return bool(head) and head[-1] in _SPOKESPEOPLE and ", " not in words


def _spoken_for(head: str, words: str) -> str:
    """Whom an unnamed spokesperson speaks for: the words before the role ("company" in "a
    company spokesman") or a name after "for" ("a spokesman for Valen Mining")."""
    before = strip_article(head).split()[:-1]
    if before:
        return " ".join(before)
    after = _FOR_OWNER.match(words, len(head))
    return after["owner"].strip() if after else ""


_SHORT_NAME_LOOKBACK = 40


def _named_in_full(name: str, position: int, context: Context) -> KnownActor | None:
    """The organisation a short name stands for when the text named it in full before:
    "RiverWatch" after "RiverWatch Alliance", "Ferrin" after "Ferrin Textiles"; never a body it
    owns ("the Coastal Movement" after "the Coastal Movement's health ministry")."""
    words = normalise_name(name).split()
    if not words:
        return None
    # The speakers just before, not all of them: reading them all for every speaker would
    # make a long text quadratic in its number of speakers.
    for speaker in context.speakers[-1 : -_SHORT_NAME_LOOKBACK - 1 : -1]:
        if speaker.start >= position or speaker.kind == ActorKind.person:
            continue
        full = normalise_name(speaker.name).split()
        if len(full) > len(words) and full[: len(words)] == words:
            if _is_owner_of(words, speaker.name):
                continue
            return speaker.actor or KnownActor(None, speaker.name, speaker.kind)
    return None


def _is_owner_of(words: list[str], name: str) -> bool:
    """Whether the words are the possessive owner that opens `name` ("Coastal Movement" in
    "Coastal Movement's health ministry"), which the compared form drops."""
    owner, mark, _ = name.replace("’", "'").partition("'s ")
    return bool(mark) and normalise_name(owner).split() == words


def _short_form_first(name: str, context: Context) -> bool:
    """Whether the text names `name` by its first word alone ("Halvard said", "Norvia's chief
    executive" for Halvard Container Line, Norvia Rail) and never by its last: a person is
    shortened to the surname, an organisation to the first word of its name."""
    words = name.split()
    if len(words) < 2 or words[0].lower() in TITLES:
        return False
    first, rest, last = words[0], words[1], words[-1]
    alone = re.compile(rf"(?<![\w’'-]){re.escape(first)}(?![\w-])(?!\s++{re.escape(rest)}\b)")
    body = context.body
    if alone.search(body) is None:
        return False
    # (The surname's pattern compiled only when the first word stands alone.)
    surname = re.compile(rf"(?<![\w’'-]){re.escape(last)}(?![\w-])")
    return not any(
        not body.startswith(name, max(0, m.start() - len(name) + len(last)))
        for m in surname.finditer(body)
    )


def _as(speaker: Speaker, other: Speaker) -> Speaker:
    """`speaker` resolved to whom `other` was resolved to (its words and place kept)."""
    speaker.name, speaker.kind, speaker.actor = other.name, other.kind, other.actor
    return speaker


def _with_actor(speaker: Speaker, actor: KnownActor) -> Speaker:
    speaker.actor = actor if actor.id is not None else None
    speaker.name = actor.name
    speaker.kind = actor.kind
    return speaker


def _adhoc(speaker: Speaker, name: str, kind: str, context: Context) -> Speaker:
    """An actor the directory does not know: remembered for this article so that "he" and a
    later surname find it."""
    aliases = (name.split()[-1],) if kind == ActorKind.person and len(name.split()) > 1 else ()
    if context.local.lookup(name) is None:
        actor = context.local.add(KnownActor(None, name, kind, aliases))
        context.mentions.extend(
            (start, end, actor)
            for form in (name, *aliases)
            for start, end in _whole_word_spans(form, context.body)
        )
        context.mentions.sort(key=lambda m: m[0])
    speaker.name = name
    speaker.kind = kind
    speaker.actor = None
    return speaker


def _is_word_character(character: str) -> bool:
    """What `\\w` matches in a pattern of text: a character `str.isalnum` accepts, or "_"."""
    return character.isalnum() or character == "_"


def _whole_word_spans(form: str, body: str) -> Iterator[tuple[int, int]]:
    """Where `form` stands in `body` with no word character either side: the spans
    `re.finditer(rf"(?<!\\w){re.escape(form)}(?!\\w)", body)` finds, in order and without
    overlapping, by plain search (a pattern per name cost a compilation each, as many as
    the text has new speakers)."""
    if not form:
        yield from (m.span() for m in re.finditer(r"(?<!\w)(?!\w)", body))
        return
    at = body.find(form)
    while at >= 0:
        end = at + len(form)
        if (at == 0 or not _is_word_character(body[at - 1])) and (
            end == len(body) or not _is_word_character(body[end])
        ):
            yield at, end
            at = body.find(form, end)
        else:
            at = body.find(form, at + 1)


def _antecedent(pronoun: str, position: int, context: Context) -> KnownActor | None:
    """He/she: the last person who spoke (or was named); it/they: the last organisation;
    we (outside quotes): the issuer of a statement, else the last organisation."""
    issuer = context.issuer_at(position)
    if pronoun == "we" and issuer is not None:
        return issuer
    if pronoun == "it":
        # "The chamber accepted …. It found …": the body the sentence before opened with.
        subject = _previous_subject_organisation(position, context)
        if subject is not None:
            return subject
    want_person = pronoun in ("he", "she", "i")
    last = _last_named_speaker(position, context)
    if (
        pronoun in ("he", "she")
        and last is not None
        and _is_representative(last.text)
        and _pronoun_for(last, context) in ("", pronoun)
    ):
        # "Ms Jo Penn KC, for the Ministry, said …. She said …": still for the client, though
        # the sentence before names her.
        return last.actor or KnownActor(None, last.name, last.kind or ActorKind.other)
    if pronoun in ("he", "she"):
        # "… according to its director, Dr Viktor Halas. He told …": the one person the
        # sentence before named, wherever in it.
        named = _previous_sentence_person(pronoun, position, context)
        if named is not None:
            return named
    for speaker in reversed(context.speakers):
        if speaker.start >= position or not speaker.name:
            continue
        kind = speaker.kind or guess_kind(speaker.name)
        spokesperson = want_person and (
            _is_spokesperson(speaker.text) or _is_representative(speaker.text)
        )
        if (
            want_person
            and not spokesperson
            and (
                kind != ActorKind.person
                or _is_plural(speaker.name)
                # "He said …" for a man, then "she said" is someone else.
                or _pronoun_for(speaker, context) not in ("", pronoun, "i")
            )
        ):
            continue
        if want_person and pronoun != "i":
            # (Whoever the narrative introduced, "I" is who speaks.)
            introduced = _introduced_person(speaker.start, position, context, pronoun)
            if introduced is not None:
                return introduced
        if spokesperson:
            # "An NLI spokeswoman said … She added …": she speaks for the inspectorate still.
            return speaker.actor or KnownActor(None, speaker.name, kind)
        if (
            not want_person
            and kind == ActorKind.person
            and _pronoun_for(speaker, context) != "it"
            # ("advisers" are no "it"; "The Banking Complaints Ombudsman said it had …" is,
            # whatever its name suggests.)
            and (pronoun == "it" or not _is_plural(speaker.name))
        ):
            continue
        if pronoun == "they" and speaker.kind == ActorKind.person:
            continue
        if pronoun == "it":
            opening = _subject_organisation(speaker.start, position, context)
            if opening is not None:
                return opening
        return speaker.actor or KnownActor(None, speaker.name, kind)
    if want_person:
        # No one has spoken yet: the person the narrative introduced, if any.
        introduced = _introduced_person(-1, position, context, pronoun)
        if introduced is not None:
            return introduced
    for start, _, actor in reversed(context.mentions):
        if start < position and (actor.kind == ActorKind.person) == want_person:
            return actor
    return None


# A person the narrative introduces by role and name without quoting them ("Kaldera's sports
# minister, Rita Mell, was more combative."): he or she after it is that person.
_APPOSITIVE_PERSON = re.compile(
    r"\b(?:" + "|".join(sorted(ROLE_NOUNS, key=len, reverse=True)) + r"),[ ]++"
    r"(?P<name>[A-Z][\w’'.-]++(?:[ ]++[A-Z][\w’'-]++){1,3}),",
    re.IGNORECASE,
)
# ("The chain's founder, Darius Keel, went further.": a noun someone owns, then the name of
# the person it is, between commas.)
_OWNED_ROLE_PERSON = re.compile(
    r"['’]s[ ]++(?:[a-z-]++[ ]++){0,2}[a-z]++,[ ]++"
    r"(?P<name>[A-Z][\w’'.-]++(?:[ ]++[A-Z][\w’'-]++){1,3}),"
)
# ("Colonel Dario Feshk, the army's chief spokesperson, set out …": the name before the role.)
_PERSON_THEN_ROLE = re.compile(
    r"(?<![\w’'-])(?P<name>[A-Z][\w’'.-]*+(?:[ ]++[A-Z][\w’'-]*+){1,3}),[ ]++"
    r"(?:the|an?|its|their|his|her)[ ]++[^,.;:\n]{0,60}?\b(?:"
    + "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
    + r")\b[^,.;:\n]{0,40},"
)
# ("Dalia Mirek, 52, runs the grocery …": a name with the person's age after it.)
_PERSON_WITH_AGE = re.compile(
    r"(?<![\w’'-])(?P<name>[A-Z][\w’'.-]*+(?:[ ]++[A-Z][\w’'-]*+){1,3}),[ ]++\d{1,3},"
)
# Verbs in the past tense without "-ed" that a person's name opens a sentence with
# ("Vossberg withdrew from the tournament", "Keel wrote to the council").
_IRREGULAR_PAST = set(
    word_list(
        "went came spoke ran told gave took made withdrew wrote left began met sent brought "
        "kept held won lost stood sat saw knew thought felt found got put set led paid built "
        "chose drove flew fell rose broke became drew threw sold bought fought heard meant "
        "spent struck swore tore hung fled"
    )
)
# A person's name opening a sentence, as the subject of a verb ("Police Chief Dana Whitcombe
# repeated that account", "Sollen seized on that finding."): a later "she said" is hers.
_SUBJECT_PERSON = re.compile(
    r"(?:(?<=\n)|(?<=[.!?][ ])|(?<=[.!?][”\"’][ ]))"
    r"(?P<name>[A-Z][\w’'.-]*+(?:[ ]++(?:executive[ ]++)?[A-Z][\w’'-]*+){0,4})"
    # ("Major Hela Strand, for the prosecution, does not raise her voice": a short phrase
    # between commas after the name.)
    r"(?=(?:,[ ][^,.;:\n]{1,40}+,)?[ ]++"
    r"(?:[a-z]++(?<=ed)|was|is|has|had|does|did|(?:"
    + "|".join(sorted(_IRREGULAR_PAST, key=len, reverse=True))
    + r"))\b)"
)
# ("Ms. Sollen": a title's full stop ends no sentence.)
_ABBREVIATION_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Capt|Lt|Sgt)\.[ ]$")
# How far back the introduction is looked for (a bounded window keeps the search linear).
_INTRODUCTION_WINDOW = 1500


# Pictures and recordings as a sentence's subject ("Videos posted by residents show …").
_IMAGERY = set(
    word_list("video videos footage photograph photographs photo photos image images pictures")
)

# Findings, measures and rules, which claim nothing themselves (documents, which have an
# issuer, are `_DOCUMENTS`; pictures `_IMAGERY`).
_FINDINGS = set(
    word_list(
        "law laws rule rules regulation regulations pattern patterns level levels result results "
        "trial trials assessment assessments figure figures data evidence record records log logs "
        "test tests testing analysis analyses event events use count counts issue issues "
        "dispute findings finding"
    )
)

# A person described by age alone ("the 27-year-old").
_AGED = re.compile(r"\d{1,3}-year-old")


# What may come before a sentence's subject: the end of the sentence before it, a paragraph's
# start, a live post's time ("11:02 - "), and an article.
_BEFORE_SUBJECT = re.compile(r"(?:[.!?][”\"’]?[ ]|\n|[ ][-–—][ ])(?:[Tt]he[ ])?$")


def _subject_organisation(after: int, position: int, context: Context) -> KnownActor | None:
    """The last organisation named at a sentence's opening after `after` and before
    `position` ("The mission did not say … It said …"): whom a later "it" stands for, though
    no verb of saying made it a speaker."""
    for start, _, actor in reversed(mentions_from(context, after + 1, position)):
        if actor.kind != ActorKind.person and _BEFORE_SUBJECT.search(
            context.body, max(0, start - 6), start
        ):
            return actor
    return None


# Where a sentence ends (a quotation's closing mark may follow the stop), or a paragraph.
_SENTENCE_STOP = re.compile(r"(?:[.!?][”\"’]?[ ]++|\n++)")
# What may open a sentence before its subject: an adverbial phrase and its comma ("In a
# statement on Monday, it said").
_OPENER = (
    r"(?:In|On|At|After|Later|Earlier|Separately|However|But|And)\b[^,.;:!?\n“”\"]{0,80}+,[ ]++"
)
_OPENER_PHRASE = re.compile(_OPENER)
_PRONOUN_OPENER = re.compile(rf"(?:{_OPENER})?$")
# A sentence's subject: the words before its first verb, no quotation among them, and no
# comma but those of a phrase between two.
_OPENING_SUBJECT = re.compile(
    r"(?P<subject>[A-Z][\w’'-]*+(?:[ ]++(?![a-z]++(?<=ed)\b|(?:said|says|gave|went|put|made|"
    r"took|is|was|has|had|calls)\b)[\w’'-]++){0,7}+)"
    # ("A second shareholder, who gave his name as Tomas Byrne, read out …")
    r"(?:,[ ][^,.;:\n“”\"]{1,80}+,)?"
    r"[ ]++(?:[a-z]++(?<=ed)|said|says|gave|went|put|made|took|read|is|was|has|had|calls)\b"
)
# How far back the sentence before a pronoun is read (a bounded window keeps it linear).
_PREVIOUS_SENTENCE_WINDOW = 600


def _sentence_start(position: int, context: Context) -> int:
    """Where the sentence holding `position` starts (after the last stop before it)."""
    low = max(0, position - _PREVIOUS_SENTENCE_WINDOW)
    start = low
    for stop in _SENTENCE_STOP.finditer(context.body, low, position):
        if not _ABBREVIATION_BEFORE.search(context.body, max(0, stop.start() - 4), stop.end()):
            start = stop.end()
    return start


def _sentence_before_pronoun(position: int, context: Context) -> tuple[int, int] | None:
    """Where the sentence before the one a pronoun at `position` opens starts and ends; None
    when the pronoun does not open its sentence (after an opening phrase at most) or there is
    no sentence before."""
    start = _sentence_start(position, context)
    if start == 0 or not _PRONOUN_OPENER.match(context.body[start:position]):
        return None
    end = len(context.body[:start].rstrip())
    return _sentence_start(end - 1, context), end


def _previous_subject_organisation(
    position: int, context: Context, depth: int = 0
) -> KnownActor | None:
    """The organisation named as the subject of the sentence before the one a pronoun at
    `position` opens ("The ministry called … a fabrication. It did not address …"), when a
    description, a possessive or a name the article knows names it; through a chain of "It"
    sentences."""
    body = context.body
    before = _sentence_before_pronoun(position, context)
    if before is None:
        return None
    previous, end = before
    # ("6. The chamber found …. It rejected …": past a numbered paragraph's number.)
    previous = lead_end(body, previous, end, blocks=False)
    opener = _OPENER_PHRASE.match(body, previous, end)
    previous = opener.end() if opener else previous
    if previous >= end:
        return None
    if body.startswith(("It ", "it "), previous) and depth < 4:
        return _previous_subject_organisation(previous, context, depth + 1)
    # (The speakers just before, not all of them: a long text would be quadratic.)
    recent = context.speakers[-1 : -_SHORT_NAME_LOOKBACK - 1 : -1]
    heard = next((s for s in recent if s.start == previous and s.name), None)
    if heard is not None:
        # The subject spoke ("The chamber said …", "The chamber found that … the village
        # …": however long the sentence before its verb): as it was resolved then.
        kind = heard.kind or ActorKind.other
        if heard.actor is None and kind == ActorKind.person and " " not in heard.name:
            # ("Brightway says …. It calls …": one word guessed a person is a body "it" names.)
            kind = ActorKind.other
        spoke = heard.actor or KnownActor(None, heard.name, kind)
        return None if spoke.kind in (ActorKind.person, ActorKind.media) else spoke
    opening = _OPENING_SUBJECT.match(body, previous, end)
    if opening is None:
        return None
    subject = opening["subject"]
    if _subject_person_like(subject, context):
        # ("A shareholder read out a message from the Shipbreakers' Union. It said …": not
        # a person; the one organisation the sentence named.)
        return _one_organisation_named(previous, end, context)
    words = normalise_name(subject).split()
    owned = _POSSESSIVE.fullmatch(subject)
    actor = lookup(strip_article(subject), context)
    if actor is None and words and words[-1] in DESCRIPTION_KINDS and subject[:4] == "The ":
        actor = _description(words[-1], subject, previous, context)
        unnamed = strip_article(subject)
        if actor is None and is_descriptive(unnamed):
            # ("The port workers' union gave a higher figure. It said …": a body the text
            # describes and never names is still the one "it" stands for.)
            actor = KnownActor(None, unnamed, organisation_kind(unnamed) or ActorKind.other)
    elif actor is None and owned and set(normalise_name(owned["rest"]).split()) & ORG_WORDS:
        resolved = resolve(Speaker(subject, previous), context)
        actor = resolved.actor or KnownActor(None, resolved.name, resolved.kind)
    if actor is None or actor.kind in ("", ActorKind.person, ActorKind.media):
        return None
    return actor


# A person's full name: a title, then two or three capitalised words, no possessive after.
_FULL_NAME = re.compile(
    r"(?<![\w’'-])(?:(?:Dr|Mr|Mrs|Ms|Prof|Judge)\.?[ ]++)?"
    r"(?P<name>[A-Z][a-z][\w’'-]*+(?:[ ]++[A-Z][a-z][\w’'-]*+){1,2})(?![\w’'-])(?!['’]s\b)"
)
_PRONOUN_SUBJECT = re.compile(r"(?:[^,.;:!?\n“”\"]{0,80}+,[ ]++)?(?:He|She|he|she)[ ]")
# Capitalised words that open a sentence or a phrase, not a name.
_NOT_NAME_WORDS = set(
    word_list(
        "the a an on in at after before by for from but and it he she they we this that these "
        "those our their his her its monday tuesday wednesday thursday friday saturday sunday "
        "january february march april may june july august september october november december "
        "north south east west northern southern eastern western"
    )
)


def _previous_sentence_person(pronoun: str, position: int, context: Context) -> KnownActor | None:
    """The one person the sentence before names in full, when "he" or "she" opens the
    sentence at `position` and nothing said of that person contradicts the pronoun."""
    body = context.body
    before = _sentence_before_pronoun(position, context)
    if before is None:
        return None
    previous, end = before
    if _PRONOUN_SUBJECT.match(body, previous, end):
        # ("She spoke to Ana Kovi …. She …": the subject goes on, not the name in the object.)
        return None
    role_subject = _role_subject(previous, end, context)
    if role_subject is not None and context.pronouns.get(role_subject.name) in (None, pronoun):
        # "The Mayor opened the meeting. He said …": the person the text named with the role.
        return role_subject
    found: dict[str, KnownActor] = {}
    for match in _FULL_NAME.finditer(body, previous, end):
        if _WHICH.match(body, match.end()):
            continue  # ("Fair Harbour Investors, which holds shares": a body.)
        # ("Chief Superintendent Royce": the name after the titles, in full as given before.)
        untitled = [w for w in match["name"].split() if w.rstrip(".").lower() not in TITLES]
        name = " ".join(untitled)
        if len(untitled) == 1:
            name = full_name(name, match.start(), context)
        if len(name.split()) < 2:
            continue
        words = normalise_name(name).split()
        if words[0] in _NOT_NAME_WORDS or set(words) & ORG_WORDS or name.endswith(("'s", "’s")):
            continue
        actor = lookup(name, context) or KnownActor(None, name, ActorKind.person)
        if actor.kind != ActorKind.person:
            continue
        said = context.pronouns.get(actor.name)
        title = _GENDERED_TITLE.search(body, max(0, match.start() - 6), match.end())
        if (said in ("he", "she") and said != pronoun) or (
            title is not None and ("he" if title["he"] else "she") != pronoun
        ):
            continue
        found[actor.name] = actor
    return next(iter(found.values())) if len(found) == 1 else None


def _role_subject(start: int, end: int, context: Context) -> KnownActor | None:
    """The person a sentence's subject names by role alone ("The Mayor opened …", "The
    presiding judge adjourned …"), when the text named them with that role before."""
    words = context.body[start:end].split(maxsplit=4)
    for size in (2, 3):
        if len(words) <= size or not words[size][:1].islower():
            continue
        the_role = _THE_ROLE.fullmatch(" ".join(words[:size]))
        if the_role is not None and the_role["role"].lower() in ROLE_NOUNS:
            return _titled_person(the_role["role"].lower(), start, context)
    return None


def _subject_person_like(subject: str, context: Context) -> bool:
    """Whether a sentence's subject names no body: a role or other description of people or
    things ("A second shareholder", not "the union") or a person the article knows."""
    words = normalise_name(subject).split()
    if words and words[-1] in ROLE_NOUNS:
        return True
    known = lookup(strip_article(subject), context)
    if known is not None:
        return known.kind == ActorKind.person
    return bool(
        _DESCRIBED_PEOPLE.fullmatch(subject) and words and words[-1] not in DESCRIPTION_KINDS
    )


# "A second shareholder", "The video": an article and lower-case words, no owner.
_DESCRIBED_PEOPLE = re.compile(r"(?:An?|The)(?:[ ]++[a-z][a-z-]*+){1,4}")


def _one_organisation_named(start: int, end: int, context: Context) -> KnownActor | None:
    """The one organisation named between `start` and `end`: a known one, or a name with a
    word only bodies' names have ("Shipbreakers' Union of Pashtal"); None if none or more."""
    found: dict[str, KnownActor] = {}
    for match in re.finditer(_DEFINED_NAME, context.body[start:end]):
        name = match["name"]
        known = lookup(name, context)
        if known is not None and known.kind not in (ActorKind.person, ActorKind.media):
            found[known.name] = known
        elif known is None and set(normalise_name(name).split()) & ORG_WORDS:
            found[name] = KnownActor(None, name, guess_kind(name))
    return next(iter(found.values())) if len(found) == 1 else None


def _last_named_speaker(position: int, context: Context) -> Speaker | None:
    """The speaker the engine named last before `position`, if any."""
    return next((s for s in reversed(context.speakers) if s.start < position and s.name), None)


def _last_person(position: int, context: Context) -> KnownActor | None:
    """The person who spoke last before `position`, else the one named last."""
    for speaker in reversed(context.speakers):
        kind = speaker.kind or guess_kind(speaker.name)
        if (
            speaker.start < position
            and speaker.name
            and kind == ActorKind.person
            and not _is_plural(speaker.name)
        ):
            return speaker.actor or KnownActor(None, speaker.name, kind)
    return next(
        (
            a
            for s, _, a in reversed(context.mentions)
            if s < position and a.kind == ActorKind.person
        ),
        None,
    )


def _introduced_person(
    after: int, position: int, context: Context, pronoun: str = ""
) -> KnownActor | None:
    """The last person introduced by role and name after `after` and before `position`."""
    start = max(after + 1, position - _INTRODUCTION_WINDOW)
    found, at = None, -1
    for pattern in (_APPOSITIVE_PERSON, _OWNED_ROLE_PERSON, _PERSON_THEN_ROLE, _PERSON_WITH_AGE):
        for match in pattern.finditer(context.body, start, position):
            if match.start() > at and not _other_pronoun(match, context, pronoun):
                found, at = match["name"], match.start()
    subject = _subject_person(start, position, context, pronoun)
    if subject is not None and subject[0] > at:
        return subject[1]
    if found is None:
        return None
    name = " ".join(w for w in found.split() if w.rstrip(".").lower() not in TITLES)
    return lookup(name, context) or KnownActor(None, name, ActorKind.person)


def _other_pronoun(introduction: re.Match[str], context: Context, pronoun: str) -> bool:
    """Whether the person an introduction names is one "he" or "she" cannot be: its role
    says the other ("its spokeswoman, Irena Dvorak" for "he"), or the text called them so."""
    if pronoun not in ("he", "she"):
        return False
    title = _GENDERED_TITLE.search(introduction[0])
    if title is not None and ("he" if title["he"] else "she") != pronoun:
        return True
    said = context.pronouns.get(introduction["name"])
    return said in ("he", "she") and said != pronoun


def _subject_person(
    start: int, position: int, context: Context, pronoun: str
) -> tuple[int, KnownActor] | None:
    """The last person whose name opens a sentence between `start` and `position`: a full
    name ("Judge Helen Arkwright reminded …"), or one word that names a known person; not
    one the text calls by the other pronoun ("Ms. Sollen has made up her mind" for "he")."""
    for match in reversed(list(_SUBJECT_PERSON.finditer(context.body, start, position))):
        if _ABBREVIATION_BEFORE.search(context.body, max(0, match.start() - 6), match.start()):
            continue
        words = match["name"].split()
        # ("Police Chief Dana Whitcombe": the name after the last title.)
        titled = [i for i, w in enumerate(words) if w.rstrip(".").lower() in TITLES]
        name = trailing_name(" ".join(words[titled[-1] + 1 :] if titled else words))
        if not name or set(normalise_name(name).split()) & ORG_WORDS:
            continue
        known = lookup(name, context)
        said = context.pronouns.get(known.name if known else name)
        title = _GENDERED_TITLE.search(context.body, max(0, match.start() - 6), match.end())
        if pronoun in ("he", "she") and (
            (said in ("he", "she") and said != pronoun)
            or (title is not None and ("he" if title["he"] else "she") != pronoun)
        ):
            continue
        if known is not None:
            if known.kind == ActorKind.person:
                return match.start(), known
            continue
        if len(name.split()) == 1:
            # "Major Strand is not persuaded": the full name the text gave the surname before.
            name = full_name(name, match.start(), context)
        if len(name.split()) >= 2:
            return match.start(), lookup(name, context) or KnownActor(None, name, ActorKind.person)
    return None


# "the mayor", "the presiding judge": one person by their role alone.
# (Minutes and reports write the role in capitals: "The Chief Commissioner said".)
_THE_ROLE = re.compile(
    r"[Tt]he[ ]++(?:[a-z-]++[ ]++|[A-Z][a-z-]++[ ]++)?(?P<role>[a-z]++|[A-Z][a-z]++)(?<!s)"
)
_NAME_AFTER = r"(?:,[ ]++|[ ]++)(?P<name>[A-Z][\w’'-]*+(?:[ ]++[A-Z][\w’'-]*+){1,3})"
# A person is called by their role alone up to so many characters after the text names them.
_TITLED_WINDOW = 6000


def _titled_person(role: str, position: int, context: Context) -> KnownActor | None:
    """The last person named just after `role` before `position`, within a window: "the
    sitting mayor, Ilse Varga", "Mayor Ilse Varga"."""
    pattern = re.compile(rf"\b(?i:{re.escape(role)}){_NAME_AFTER}")
    start = max(0, position - _TITLED_WINDOW)
    found = None
    for match in pattern.finditer(context.body, start, position):
        found = match["name"]
    if found is None:
        return None
    name = trailing_name(found) or ""
    if not name or set(normalise_name(name).split()) & ORG_WORDS:
        return None
    return lookup(name, context) or KnownActor(None, name, ActorKind.person)


def _is_plural(name: str) -> bool:
    """ "residents", "former detainees": people in the plural, not "he" or "she"."""
    head = normalise_name(NOUN_CUT.split(name, maxsplit=1)[0]).split()
    if not head:
        return False
    proper = all(w[:1].isupper() for w in name.split()) and len(name.split()) > 1
    return not proper and head[-1].endswith("s") and not head[-1].endswith(("ss", "us"))


# Descriptions that name a document: the actor is whoever issued the document mentioned before.
_DOCUMENTS = {
    "report": r"\breports?\b",
    "study": r"\bstud(?:y|ies)\b",
    "statement": r"\bstatement",
    "letter": r"\bletter",
    "notice": r"\bnotice",
    "message": r"\bmessages?\b",
    # Accounts of events someone kept or shared (`RECORD_NOUNS`): whoever the text said did.
    "timeline": r"\btimelines?\b",
    "chronology": r"\bchronolog(?:y|ies)\b",
    "log": r"\blogs?\b",
    "logbook": r"\blogbooks?\b",
    "diary": r"\bdiar(?:y|ies)\b",
    "roster": r"\brosters?\b",
}


# A name of up to six capitalised words (or figures), "of", "for" and "and" among them.
_DEFINED_NAME = (
    r"(?P<name>[A-Z][\w’'-]*+(?:[ ]++(?:(?:of|for|and|&)[ ]++)?(?:[A-Z]|\d)[\w’'-]*+){0,5})"
)
# The text says what a name is within this many characters before a description.
_DEFINITION_WINDOW = 3000


@lru_cache(maxsize=64)
def _definitions(noun: str) -> re.Pattern[str]:
    """Where the text says a name is a `noun`: "Clearfield Action (CFA), a demining group",
    "a group representing the families, the Flight 418 Families Association", "the charity
    Open Harvest", "the Sorvik Iron club"."""
    n = re.escape(noun)
    return re.compile(
        rf"(?<![\w’'-]){_DEFINED_NAME}(?:[ ]++\([A-Z]{{2,8}}\))?,[ ]++an?[ ]++"
        rf"(?:[\w-]++[ ]++){{0,3}}{n}\b(?!['’])"
        rf"|\b[Aa]n?[ ]++(?:[\w-]++[ ]++){{0,3}}{n}\b[^,.;:\n“”\"]{{0,60}}+,[ ]++(?:the[ ]++)?"
        rf"{_DEFINED_NAME.replace('name', 'after')}"
        rf"|\b(?:[Tt]he|[Aa]n?)[ ]++(?:[a-z-]++[ ]++){{0,2}}{n}[ ]++"
        rf"{_DEFINED_NAME.replace('name', 'named')}"
        rf"|\b[Tt]he[ ]++{_DEFINED_NAME.replace('name', 'own')}[ ]++{n}\b(?!['’])"
    )


def _defined_as(noun: str, position: int, context: Context) -> tuple[int, KnownActor] | None:
    """The last name the text said was a `noun` before `position`, and where it said so."""
    found = None
    low = max(0, position - _DEFINITION_WINDOW)
    for match in _definitions(noun).finditer(context.body, low, position):
        name = next(g for g in match.groups() if g)
        first = normalise_name(name).split()[0]
        if (
            first in _NOT_NAME_WORDS
            or first in TITLES
            # ("a Pellary-based company" says where; "the Ruvenian ministry" whose.)
            or re.search(r"-[a-z]++$", name)
            or (match["own"] and " " not in name)
        ):
            continue
        kind = DESCRIPTION_KINDS.get(noun, (ActorKind.other,))[0]
        actor = lookup(name, context) or KnownActor(None, name, kind)
        if actor.kind != ActorKind.person:
            found = (match.start(), actor)
    return found


def _last_named(actor: KnownActor, position: int, context: Context) -> int:
    """Where the text last named or heard `actor` before `position` (-1 if not within a
    window)."""
    low = max(0, position - _DEFINITION_WINDOW)
    named = [s for s, _, a in mentions_from(context, low, position) if a.name == actor.name]
    heard = [
        s.start
        for s in context.speakers[-1 : -_SHORT_NAME_LOOKBACK - 1 : -1]
        if low <= s.start < position and s.name == actor.name
    ]
    return max(named + heard, default=-1)


def _description(noun: str, words: str, position: int, context: Context) -> KnownActor | None:
    """A description by what the text named last: what it resolves to by the actors named
    before, or the name the text said was one ("Clearfield Action, a demining group", then
    "the group"), whichever is nearer."""
    found = _description_by_mentions(noun, words, position, context)
    if noun in _DOCUMENTS or (found is not None and found is context.issuer_at(position)):
        return found
    defined = _defined_as(noun, position, context)
    if defined is None:
        return found
    at, actor = defined
    if found is None or _last_named(found, position, context) < at:
        return actor
    return found


def _description_by_mentions(
    noun: str, words: str, position: int, context: Context
) -> KnownActor | None:
    """ "the group", "the Britain-based monitoring group": the nearest actor before it that
    the description fits, by a word of its name or by kind; failing that, the first one named
    just after it ("a monitoring group has said … The UK-based Syrian Observatory …")."""
    kinds = DESCRIPTION_KINDS.get(noun, ())
    publisher = context.issuer_at(position)
    # A capitalised defined term in a statement ("the Company", "the Ministry") is its issuer,
    # unless the issuer's name lacks the noun and a body named before has it ("the Ministry"
    # in the comments under "Comments of the Ministry of Health:" in an office's report).
    defined_term = re.search(rf"\b{noun[:1].upper()}{noun[1:]}\b", words)
    if publisher is not None and defined_term:
        if noun in normalise_name(publisher.name).split():
            return publisher
        if publisher.kind in kinds:
            return _named_with(noun, position, context) or publisher
    if noun in _DOCUMENTS:
        return _document_issuer(_DOCUMENTS[noun], position, context)
    before = _named_before(position, context)
    # "the Calvi port authority": a description with a name of its own in it fits only an
    # actor whose name has that name too ("the London-based group" says where, not who).
    capitalised = [w for w in words.split()[:-1] if w[:1].isupper() and "-" not in w]
    own = {w for w in normalise_name(" ".join(capitalised)).split() if w not in _DETERMINERS}
    for _, actor in before:
        named = set(normalise_name(actor.name).split())
        if noun in named and own <= named and not _modifies(noun, actor.name):
            return actor
    described = _described_by(words, noun)
    for _, actor in before:
        named = set(normalise_name(actor.name).split())
        if actor.kind in kinds and own <= named and (len(described) < 2 or described & named):
            return actor
    if own:
        return None
    after = [
        actor
        for start, _, actor in context.mentions
        if position < start < position + 400 and actor.kind != ActorKind.person
    ]
    for actor in after:
        if noun in normalise_name(actor.name).split() or actor.kind in kinds:
            return actor
    return None


_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that"}


_NAME_JOINERS = {"of", "the", "for", "and", "on"}


def _name_with_of(head: str, name_part: str) -> bool:
    """Whether the words after a capitalised head are the rest of its name ("Ministry" of
    "Ministry of the Interior", "Office for Standards"): capitalised words and their joiners
    only, one of them capitalised."""
    rest = name_part[len(head) :].split()
    return (
        bool(head.split())
        and head.split()[-1][:1].isupper()
        and bool(rest)
        and rest[0] in _NAME_JOINERS
        and all(w[:1].isupper() or w in _NAME_JOINERS for w in rest)
        and any(w[:1].isupper() for w in rest)
    )


def _without_second_of(name: str) -> str:
    """A body's name without where it is ("Ministry of Foreign Affairs of the Republic of
    Mardel" is the ministry, as a text names it after): up to a second "of"."""
    words = name.split()
    ofs = [i for i, w in enumerate(words) if w == "of"]
    return " ".join(words[: ofs[1]]) if len(ofs) > 1 else name


def _named_before(position: int, context: Context) -> list[tuple[int, KnownActor]]:
    """The actors mentioned and the bodies that spoke before `position`, the nearest first."""
    known = [
        (s.start, s.actor or KnownActor(None, s.name, s.kind))
        for s in context.speakers
        if s.start < position and s.name and s.kind != ActorKind.person
    ]
    return sorted(
        [(start, actor) for start, _, actor in context.mentions if start < position] + known,
        key=lambda c: c[0],
        reverse=True,
    )


def _named_with(noun: str, position: int, context: Context) -> KnownActor | None:
    """The nearest body before `position` whose name has `noun` as a word of its own."""
    for _, actor in _named_before(position, context):
        if actor.kind != ActorKind.person and noun in normalise_name(actor.name).split():
            return actor
    return None


def _described_by(words: str, noun: str) -> set[str]:
    """The lower-case words a description puts before its noun ("port workers'" in "the port
    workers' union", "emergency management" in "the provincial emergency management agency"):
    two or more of them say which body, and one whose name has none of them is another of
    its kind ("the agency" alone may be any agency)."""
    before_noun = words.split()
    if before_noun and normalise_name(before_noun[-1]) == noun:
        before_noun = before_noun[:-1]
    return {
        w
        for w in normalise_name(" ".join(x for x in before_noun if x[:1].islower())).split()
        if w not in _DETERMINERS and "-" not in w
    }


def _modifies(noun: str, name: str) -> bool:
    """Whether `noun` only describes another body's noun in `name` ("airline" in "Estrel
    Airline Pilots Association", "union" in "Union Savings Bank"): "the airline" is not it."""
    words = normalise_name(name).split()
    if noun not in words:
        return False
    after = words[words.index(noun) + 1 :]
    head = next((i for i, w in enumerate(after) if w in NAME_SMALL_WORDS), len(after))
    return any(w in ORG_WORDS for w in after[:head])


_SENTENCE_END = re.compile(r"[.!?][”\"]?\s")
# "In a statement issued through his solicitor, he said": the document is named this many
# characters before its issuer at most.
_ISSUED_WINDOW = 100
# The document a description names was mentioned within this many characters before it, and
# an actor named near that mention within _NEAR of it.
_DOCUMENT_WINDOW, _NEAR = 6000, 1000
_BY = re.compile(r"[^.;:]{0,80}?\bby\s+")
# An owner's possessive and up to two words before a document's word ("the centre's 64-page").
_DOCUMENT_OWNER = re.compile(
    r"(?<![\w’'-])(?P<owner>(?:[Tt]he[ ]++)?[\w-]++)['’]s[ ]++(?:[\w-]++[ ]++){0,2}$"
)


def _document_issuer(pattern: str, position: int, context: Context) -> KnownActor | None:
    """Who issued the report (study, statement) the text mentioned before: the actor after
    "by" ("the report published on 3 June by …"), else the speaker of the sentence that
    mentioned it, else the one named nearest to it. Read within a window before `position`
    (the whole text before each document speaker was quadratic)."""
    body = context.body
    low = max(0, position - _DOCUMENT_WINDOW)
    document = re.compile(pattern, re.IGNORECASE)
    mentioned = list(document.finditer(body, low, position))
    for match in mentioned:
        by = _BY.match(body, match.end())
        if by:
            for _, _, actor in mentions_from(context, by.end(), by.end() + 60):
                if actor.kind != ActorKind.person:
                    return actor
    # "… a point-by-point answer to the centre's 64-page report": whose the document is, as
    # its last mention with an owner names them.
    owners = (
        _DOCUMENT_OWNER.search(body, max(0, match.start() - 60), match.start())
        for match in reversed(mentioned)
    )
    owner = next((found for found in owners if found is not None), None)
    if owner is not None:
        owning = resolve(Speaker(owner["owner"], owner.start()), context)
        if owning.name and (
            owner["owner"][:1].isupper()
            or normalise_name(owning.name) != normalise_name(owner["owner"])
        ):
            return owning.actor or KnownActor(None, owning.name, owning.kind)
    # "Team Veloce said in a statement that … “…,” the statement said": the speaker who
    # issued it in the sentence before.
    previous = next((s for s in reversed(context.speakers) if s.start < position), None)
    if previous is not None and previous.name and previous.start >= low:
        sentence_end = _SENTENCE_END.search(body, previous.start, position)
        issued = document.search(
            body,
            max(0, previous.start - _ISSUED_WINDOW),
            sentence_end.end() if sentence_end else position,
        )
        if issued:
            return previous.actor or KnownActor(None, previous.name, previous.kind)
    for match in reversed(mentioned):
        issuer = _named_issuer(match.start(), context)
        if issuer is not None:
            return issuer
        start = max(line_start(body, match.start()), match.start() - _NEAR)
        end = body.find("\n", match.end(), match.end() + _NEAR)
        end = min(len(body), match.end() + _NEAR) if end < 0 else end
        named = [
            (abs(s - match.start()), a)
            for s, _, a in mentions_from(context, start, end)
            if a.kind != ActorKind.person and s != position
        ]
        if named:
            return min(named, key=lambda n: n[0])[1]
    return None


# A verb of issuing just before a document's word ("has served an enforcement notice",
# "published its annual report").
_ISSUING = re.compile(
    r"\b(?:issued|served|published|released|sent|posted|filed|wrote|put[ ]out)[ ]++"
    r"(?:(?:an?|its|their|the)[ ]++)?(?:[\w-]++[ ]++){0,3}$"
)
# How far before the document's word its issuer is read.
_ISSUER_WINDOW = 200


def _named_issuer(at: int, context: Context) -> KnownActor | None:
    """The organisation that issued the document mentioned at `at`, when the sentence names
    it as the subject of a verb of issuing ("The inspectorate has served an enforcement
    notice on the company": the inspectorate, not the company named nearer after)."""
    body = context.body
    issuing = _ISSUING.search(body, max(0, at - 80), at)
    if issuing is None:
        return None
    low = max(_sentence_start(issuing.start(), context), at - _ISSUER_WINDOW)
    named = [
        a for s, _, a in mentions_from(context, low, issuing.start()) if a.kind != ActorKind.person
    ]
    return named[0] if named else None


# Labels a transcript gives the questions, not a speaker.
_QUESTION_LABELS = {label.casefold() for label in QUESTION_LABELS}


def label_speaker(label: str, position: int, context: Context) -> Speaker | None:
    """The speaker a transcript's label names ("KASK" → Irena Kask, named in the
    introduction); None for a question. Resolved once per label and article. A name in
    brackets after a role is the speaker's ("The Chair (Dame Alys Penrose)"), and the role
    alone names them from then on ("The Chair")."""
    if normalise_name(label) in _QUESTION_LABELS:
        # A record's questions are its examining counsel's ("BY MS. ROE:" above them).
        if context.examining is None:
            context.examining = examining_lines(context.body)
        surname, line = examining_counsel(context.examining, position)
        if surname:
            return context.remembered(
                f"examining@{line}",
                lambda: _named_answerer(full_name(surname, line, context), line, context),
            )
    if label not in context.labels:
        bare = _HANDLE.sub("", label).strip().removeprefix("[").removesuffix("]")
        role_and_name = _ROLE_AND_NAME.fullmatch(bare)
        role = role_and_name["role"].strip() if role_and_name else ""
        if role_and_name is None or not _is_role(role):
            # "KALU (VOICE-OVER)": after a name, the brackets say how they speak.
            context.labels[label] = _resolve_label(role or bare, position, context)
        elif normalise_name(role) in _QUESTION_LABELS:
            context.labels[label] = None  # "QUESTION (Tomas Reel, Geneva Dispatch)"
        else:
            named = _resolve_label(role_and_name["name"], position, context)
            context.labels[label] = named
            context.labels.setdefault(role, named)
    return context.labels[label]


def answerer(words: str, position: int, context: Context) -> Speaker | None:
    """Who gave the answers an announcement at `position` names ("it", "Brindle Water"),
    resolved once per announcement."""
    return context.remembered(
        f"{words}@{position}", lambda: _named_answerer(words, position, context)
    )


def _named_answerer(words: str, position: int, context: Context) -> Speaker | None:
    speaker = resolve(Speaker(words, position), context)
    return speaker if speaker.name else None


def turn_speaker(label: str, position: int, context: Context) -> Speaker | None:
    """Whose claims a transcript turn's own words are: its labelled speaker's, unless that
    speaker hosts or reports (a presenter, an anchor, a correspondent), who tells what
    others say and claims nothing by it, or runs the call (an operator)."""
    speaker = label_speaker(label, position, context)
    if speaker is None:
        return None
    if label not in context.hosts:
        context.hosts[label] = _hosts(label, speaker, context)
    return None if context.hosts[label] else speaker


# (An earnings call's operator, who only hands the word on, claims nothing either.)
_JOURNALISTS = (
    r"(?:co-?)?hosts?|presenters?|anchors?|interviewers?|reporters?|correspondents?|operator"
)
_JOURNALIST_ROLE = re.compile(rf"(?:{_JOURNALISTS})\b", re.IGNORECASE)


def _hosts(label: str, speaker: Speaker, context: Context) -> bool:
    """A label's role says so ("ANCHOR (RHEA MARSH)"), the speaker introduces themself as a
    programme's voice does ("This is The Frontline Brief. I'm Annika Strand.") or the text
    calls them one ("Our correspondent Idris Kalu")."""
    if _JOURNALIST_ROLE.match(label):
        return True
    if not speaker.name or speaker.kind not in ("", ActorKind.person):
        return False
    name = re.escape(speaker.name)
    introduced = re.compile(
        rf"\b(?:I['’]m|I am|(?i:{_JOURNALISTS}),?)[ ]++(?:[A-Z][\w.'’-]*+[ ]++){{0,2}}{name}\b"
    )
    return introduced.search(context.body) is not None


# A label's role and the name in brackets after it.
_ROLE_AND_NAME = re.compile(r"(?P<role>[^()]++)\((?P<name>[^()]++)\)")
# The roles a transcript gives before a speaker's name, beside the roles of any speaker.
_LABEL_ROLES = ROLE_NOUNS | {
    "anchor",
    "host",
    "presenter",
    "interviewer",
    "moderator",
    "narrator",
    "reporter",
    "correspondent",
    "counsel",
    *_QUESTION_LABELS,
}


def _is_role(words: str) -> bool:
    # ("The Minister of State for Roads", "Counsel for the respondent": the role's head noun.)
    last = normalise_name(_ROLE_OF.split(words, maxsplit=1)[0]).split()[-1:]
    return bool(last) and last[0] in _LABEL_ROLES


_ROLE_OF = re.compile(r"[ \t]++(?:of|for)[ \t]++")


# What a label may carry beside the speaker's name: a post's handle ("(@SAF_Press)") and a
# script's word for a recorded quotation ("SOUNDBITE, DAGOR, …").
_HANDLE = re.compile(r"\(@[^)]{0,60}+\)")
_CLIP_WORDS = re.compile(r"^(?:SOUNDBITE|SOT|SYNC|CLIP|GRAB)\s*+[,:-]\s*+")


# A field's name used as a label, numbered or not ("CLAIM 2", "Verdict", "Finding #3", "The
# claim", "Our rating"): the parts of a fact-check or a findings sheet, which name no speaker.
_FIELD_NAMES = (
    "claim|fact|facts|verdict|rating|finding|findings|background|context|summary|conclusion|"
    "assessment|ruling"
)
_FIELD_LABEL = re.compile(
    rf"(?:(?i:the|our)[ \t]++)?(?P<field>(?i:{_FIELD_NAMES}))"
    r"(?:[ \t]++(?:#[ \t]*+)?\d{1,3}+)?"
)
# The field that quotes the claim a fact-check answers, which is not the answering page's word.
_CLAIM_FIELDS = frozenset({"claim"})


def is_field_label(label: str) -> bool:
    """Whether a label is a field's name ("CLAIM 2:", "Verdict:", "Finding #3:"), a rubric
    whatever else the text writes with the word (a masthead's "Fact Check")."""
    bare = _HANDLE.sub("", label).strip().strip("[]").removesuffix(":").strip()
    return _FIELD_LABEL.fullmatch(bare) is not None


def is_claim_field(label: str) -> bool:
    """Whether a field label is the one quoting the claim answered ("CLAIM 3:", "The claim:")."""
    bare = _HANDLE.sub("", label).strip().strip("[]").removesuffix(":").strip()
    field = _FIELD_LABEL.fullmatch(bare)
    return field is not None and field["field"].lower() in _CLAIM_FIELDS


def is_rubric(label: str, context: Context) -> bool:
    """A label of one word that names no one: not a role, not an actor, not a word the text
    writes as a name anywhere but one it uses outside its labels ("MYTH:", "FACT:" over a
    sheet's paragraphs, where a transcript's "KASK:" is a surname, introduced or not); and a
    field's name, numbered or not (`is_field_label`)."""
    if is_field_label(label):
        return True
    bare = _HANDLE.sub("", label).strip().strip("[]").removesuffix(":").strip()
    if " " in bare or not bare.isalpha() or _is_role(bare):
        return False
    word, written = normalise_name(bare), bare.capitalize()
    if word in _QUESTION_LABELS or word in _ANSWER_LABELS:
        return False
    if lookup(bare, context) is not None or lookup(written, context) is not None:
        return False
    # (A common word the text also uses outside its labels, "Myths and Facts", where an
    # unintroduced surname is only ever a label.)
    as_name = re.compile(rf"\b{re.escape(written)}\b")
    as_word = re.compile(rf"\b(?i:{re.escape(word)})s?\b(?![ \t]*+:)")
    if as_name.search(context.body) is not None or _in_capitals(written, context.body):
        # (A name the text writes in full, in capitals too: "COLONEL ANA ROE, SPOKESWOMAN".)
        return False
    return as_word.search(context.body) is not None


def _resolve_label(label: str, position: int, context: Context) -> Speaker | None:
    label = " ".join(_HANDLE.sub("", label).split()).replace(" ,", ",").strip("[]")
    label = _CLIP_WORDS.sub("", label, count=1)
    if normalise_name(label) in _QUESTION_LABELS or not label:
        return None
    if normalise_name(label) in _ANSWER_LABELS:
        # "Q: … A: …": the answers are the interviewee's, whom the text introduces.
        interviewee = _interviewee(position, context)
        if interviewee:
            return resolve(Speaker(interviewee, position), context)
        # ("In response to questions, the spokesperson said: / Q: … / A: …": whoever spoke
        # last before the answers, as their own words.)
        last = _last_named_speaker(position, context)
        if last is not None:
            return replace(last, start=position, relative=False)
    if re.fullmatch(EDITORS_NOTE, label):
        # The outlet's own words, under the name its header gives it.
        return resolve(Speaker(context.outlet, position), context) if context.outlet else None
    if not label.isupper():
        # Written as a name is ("Crossline Relief, the charity leading the convoy"). One word
        # must be a name the article or the directory knows ("Claim: “…”" names no one).
        if " " not in label and lookup(label, context) is None:
            # ("Orsk: …" under "… commander Ilse Orsk": the surname of the name given above.)
            named = full_name(label, position, context)
            return resolve(Speaker(named, position), context) if " " in named else None
        return resolve(Speaker(label, position), context)
    written = " ".join(word.capitalize() for word in label.split())
    named, comma, _ = written.partition(", ")
    if comma and len(trailing_name(named).split()) >= 2:
        # "COLONEL ALDO VRANA, DRELIAN ARMY": the person, then whom they speak for.
        written = named
    actor = lookup(written, context)
    if actor is not None:
        return _with_actor(Speaker(label, position), actor)
    return resolve(Speaker(full_name(_untitled(written), position, context), position), context)


def _untitled(written: str) -> str:
    """A label's name without the titles before it ("Brig. Gen. Hasko" → "Hasko", whom the
    introduction names in full); the label as it is when it is all titles ("The Minister")."""
    words = written.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        words.pop(0)
    return " ".join(words)


# Labels of an interview's answers, and the words that introduce who gives them ("Halloran
# spoke to the Record on Saturday.", "in an interview with Noor Halloran").
_ANSWER_LABELS = {"a", "answer"}
_INTERVIEWEE = re.compile(
    r"(?P<who>(?:[A-Z][\w’'-]*+[ ]++){0,2}[A-Z][\w’'-]*+)[ ]++"
    r"(?:spoke|talked|answered|replied|was interviewed|sat down)\b"
    r"|\binterview(?:ed)?[ ]++with[ ]++(?P<with>(?:[A-Z][\w’'-]*+[ ]++){0,2}[A-Z][\w’'-]*+)"
)


def _interviewee(position: int, context: Context) -> str:
    """Who the text last introduced as answering before `position`, if anyone."""
    found = ""
    for match in _INTERVIEWEE.finditer(context.body, 0, position):
        found = match["who"] or match["with"]
    return found or record_witness(context.body, position)


def full_name(surname: str, position: int, context: Context) -> str:
    """The full name the text gave a surname before `position` ("Irena Kask" for "Kask"):
    up to three capitalised words before it; failing that, the organisation's name the word
    starts ("Corbel Savings Bank" for "Corbel"); the word itself if neither. Looked for once per
    surname and article (for every speaker, reading the body was quadratic)."""
    if surname not in context.full_names:
        context.full_names[surname] = _first_full_name(surname, position, context)
    return context.full_names[surname]


def _first_full_name(surname: str, position: int, context: Context) -> str:
    # Tried only where a word starts, each word read once ("*+"): linear in the body.
    named = re.search(
        rf"(?<![\w’'-])((?:[A-Z][\w’'-]*+ ){{1,3}}){re.escape(surname)}\b",
        context.body[:position],
    )
    if named is None:
        named = _in_capitals(surname, context.body[:position])
    if named is None:
        return _organisation_in_full(surname, context)
    words = [w for w in named.group(1).split() if w.rstrip(".").lower() not in TITLES]
    return " ".join([*(w.capitalize() for w in words), surname])


def _in_capitals(surname: str, text: str) -> re.Match[str] | None:
    """The full name a heading or a script's line gives a surname in capitals ("INTERVIEW -
    COLONEL ANA ROE, ARMY SPOKESWOMAN" for "Roe"), up to three words before it, no small word
    ("MYTHS AND FACTS" names no one)."""
    if not surname.isalpha():
        return None
    return re.search(
        r"(?<![\w’'-])((?:(?!(?:AND|OR|OF|THE|FOR|TO|IN|ON|AT|BY)\b)[A-Z][A-Z’'-]{0,30}+ ){1,3})"
        + re.escape(surname.upper())
        + r"\b(?![ \t]*+:)",
        text,
    )


def _organisation_in_full(word: str, context: Context) -> str:
    """The organisation's name a word alone is the first word of ("Corbel Savings Bank" for
    "Corbel"): the longer name the text gives it most often, if the text shortens that name
    to its first word and never to its last; the word itself if none."""
    longer = Counter(
        # A plural's possessive ("Calloway Fresh Foods' plant") ends the name at its last letter.
        f"{word}{m[1]}".rstrip("'’")
        for m in re.finditer(
            rf"(?<![\w’'-]){re.escape(word)}((?:[ ](?:&[ ])?[A-Z][\w’'-]*+){{1,3}})",
            context.body,
        )
    )
    for name, _ in longer.most_common(1):
        if _short_form_first(name, context):
            return name
    return word


_POSSESSIVE = re.compile(r"(?P<owner>[A-Z][\w-]*+)['’]s\s+(?P<rest>\w[\w’' -]*+)")
# The accounts of events someone kept (`RECORD_NOUNS`), singular or plural, as a pattern.
_RECORDS = "|".join(
    rf"{noun[:-1]}(?:y|ies)" if noun.endswith("y") else rf"{noun}s?"
    for noun in sorted(RECORD_NOUNS, key=len, reverse=True)
)
# A document a name owns, of a word or two ("Mrs Justice Farrant's judgment", "the OPCW's
# final report"): the name's. The words of the name are read once ("*+", "++").
# Or a description's ("the safety agency's statement tonight").
_OWNED_DOCUMENT = re.compile(
    r"(?:[Tt]he[ ]++)?(?P<owner>(?:[A-Z][\w.’'-]*+[ ]++){0,3}[A-Z][\w-]*+"
    r"|[Tt]he(?:[ ]++[a-z-]++){1,2})['’]s[ ]++"
    r"(?:[a-z-]++[ ]++)?(?:judge?ments?|rulings?|reports?|statements?|letters?|notices?|"
    r"findings|decisions?|verdicts?|accounts?|" + _RECORDS + r")(?:[ ]++[a-z]++){0,2}"
)
# A document by a possessive pronoun ("its statement", "their own report") and the pronoun
# it stands for.
_PRONOUN_DOCUMENT = re.compile(
    r"(?P<pronoun>[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)[ ]++(?:own[ ]++|latest[ ]++|written[ ]++)?"
    r"(?:statements?|reports?|letters?|accounts?|findings|replies|reply|responses?|version|"
    + _RECORDS
    + r")"
)
_PRONOUN_OF = {"its": "it", "their": "they", "his": "he", "her": "she"}
# A document by a word describing the body that issued it ("a ministry statement").
_BODY_DOCUMENT = re.compile(r"(?:(?:[Aa]n?|[Tt]he)[ ]++)?(?P<body>[a-z]++)[ ]++(?P<noun>[a-z]++)")
# "the bank", "the group's lawyers": a description in lower case after an article.
_LOWER_DESCRIPTION = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+){0,3}[a-z-]+")


def _possessive_forms(owner: str, rest: str) -> list[str]:
    """The names "Owner's Rest" may go by, the adjective first when there is a regular one."""
    forms = [f"{owner} {rest}", f"{rest} of {owner}"]
    if owner.endswith("a"):
        forms.insert(0, f"{owner}n {rest}")  # Russia → Russian, Serenia → Serenian
    elif owner.endswith("e"):
        forms.insert(0, f"{owner[:-1]}ian {rest}")  # Ukraine → Ukrainian
    return forms


def _possessed(owner: str, rest: str, context: Context) -> KnownActor | None:
    """The known actor "Owner's Rest" names: "Russia's Defence Ministry" → the Russian
    Defence Ministry, or the Defence Ministry of Russia."""
    for form in _possessive_forms(owner, rest.strip()):
        actor = lookup(form, context)
        if actor is not None:
            return actor
    return None
