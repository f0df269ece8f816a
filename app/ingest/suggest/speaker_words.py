"""The words that name a speaker: pronouns, roles, organisation descriptions and titles, and
what a run of words looks like (a speaker, a name, an organisation of some kind). No context:
resolving the words to an actor is app/ingest/suggest/speakers.py."""

import re

from app.ingest.suggest.actors import normalise_name
from app.ingest.suggest.cues import word_list
from app.ingest.suggest.documents import LEGAL_DOCUMENTS
from app.vocabulary import ActorKind

PRONOUNS = {"he", "she", "it", "they", "we", "i"}
ROLE_NOUNS = set(
    word_list(
        "spokesman spokeswoman spokesperson official officials officer source sources "
        "director minister secretary adviser advisor envoy representative ambassador diplomat "
        "chief head executive president chair chairman chairwoman commander general colonel member "
        "members worker workers resident residents witness witnesses fighter fighters man "
        "woman people activist activists analyst analysts expert experts leader leaders "
        "lawyer doctor doctors relatives detainees inspectors investigators staff manager "
        "managers employee employees coordinator engineer engineers nurse nurses teacher "
        "teachers parent parents survivor survivors victim victims farmer farmers athlete "
        "athletes player players rider riders coach researcher researchers scientist "
        "scientists campaigner campaigners "
        # Titles that are roles too, in lower case without a name ("the mayor said").
        "mayor governor senator judge inspector commissioner superintendent detective "
        "sergeant lieutenant captain admiral brigadier professor prosecutor prosecutors coroner "
        "magistrate pathologist surgeon surgeons paramedic paramedics soldier soldiers pilot pilots"
    )
)
# Descriptions of organisations and the actor kinds they fit.
_ORG = (ActorKind.ngo, ActorKind.monitor, ActorKind.rescue_group, ActorKind.other)
DESCRIPTION_KINDS: dict[str, tuple[str, ...]] = {
    "group": (*_ORG, ActorKind.armed_group),
    "monitor": (ActorKind.monitor, ActorKind.ngo),
    "observatory": (ActorKind.monitor,),
    "watchdog": (ActorKind.monitor, ActorKind.ngo, ActorKind.other),
    "organisation": (*_ORG, ActorKind.un_body),
    "organization": (*_ORG, ActorKind.un_body),
    "charity": (ActorKind.ngo,),
    "ngo": (ActorKind.ngo,),
    "ministry": (ActorKind.ministry,),
    "department": (ActorKind.ministry,),
    "directorate": (ActorKind.ministry, ActorKind.other),
    "office": (ActorKind.ministry, ActorKind.un_body, ActorKind.other),
    "agency": (ActorKind.ministry, ActorKind.un_body, ActorKind.other),
    "authority": (ActorKind.ministry, ActorKind.government, ActorKind.other),
    "authorities": (ActorKind.government, ActorKind.ministry),
    "government": (ActorKind.government,),
    "centre": (ActorKind.ministry, ActorKind.other),
    "center": (ActorKind.ministry, ActorKind.other),
    "company": (ActorKind.other,),
    "firm": (ActorKind.other,),
    "operator": (ActorKind.other,),
    "contractor": (ActorKind.other,),
    "miner": (ActorKind.other,),
    "manufacturer": (ActorKind.other,),
    "utility": (ActorKind.other,),
    "union": (ActorKind.other, ActorKind.ngo),
    "federation": (ActorKind.other, ActorKind.ngo),
    "army": (ActorKind.military,),
    "navy": (ActorKind.military,),
    "military": (ActorKind.military,),
    "forces": (ActorKind.military,),
    "staff": (ActorKind.military,),
    "coalition": (ActorKind.coalition,),
    "front": (ActorKind.armed_group,),
    "rebels": (ActorKind.armed_group,),
    "militia": (ActorKind.armed_group,),
    "broadcaster": (ActorKind.media,),
    "newspaper": (ActorKind.media,),
    "paper": (ActorKind.media,),
    "report": (ActorKind.ngo, ActorKind.monitor, ActorKind.un_body, ActorKind.other),
    "body": (ActorKind.un_body, ActorKind.ministry, ActorKind.other),
    "committee": (ActorKind.other, ActorKind.un_body, ActorKind.ngo),
    "commission": (ActorKind.other, ActorKind.un_body),
    "council": (ActorKind.other, ActorKind.un_body, ActorKind.government),
    "regulator": (ActorKind.ministry,),
    "team": (ActorKind.other,),
    "club": (ActorKind.other,),
    "lab": (ActorKind.other, ActorKind.ngo),
    # Boards and bureaus of inquiry, statistics, information; an airline by what it is.
    "board": (ActorKind.ministry, ActorKind.other, ActorKind.un_body),
    "bureau": (ActorKind.ministry, ActorKind.other, ActorKind.un_body),
    "inspectorate": (ActorKind.ministry, ActorKind.other),
    "airline": (ActorKind.other,),
    "laboratory": (ActorKind.other, ActorKind.ngo),
}
# Accounts of events that someone kept or wrote and handed on: "…, the timeline says",
# "according to the chronology", "her logbook says": whoever kept or shared them speaks.
RECORD_NOUNS = frozenset(word_list("timeline chronology log logbook diary roster"))
# Documents that speak for whoever issued them ("…,” the statement said", "the notice states").
DOCUMENT_NOUNS = (
    set(word_list("statement letter notice report study message")) | LEGAL_DOCUMENTS | RECORD_NOUNS
)
# The small words between the capitalised ones of a name ("Centre for Rights and
# Accountability", "Ministry of Defence"), which its initials skip.
NAME_SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "de"})
ORG_WORDS = set(DESCRIPTION_KINDS) | set(
    word_list(
        "institute foundation association alliance forum league network laboratories "
        "laboratory security electric textiles minerals energy services group plc inc ltd "
        "corp corporation holdings bank fund court parliament police service "
        # The business a company's name says it is in ("Brackwell Chemicals").
        "chemicals therapeutics pharmaceuticals pharma industries technologies logistics "
        "motors airlines airways shipping steel cooperative"
    )
)


# "(?<!\s)": tried only where a run of spaces starts (tried at each of its spaces, a long run
# was quadratic); the leftmost match is the same.
NOUN_CUT = re.compile(
    r"(?<!\s)\s+(?:(?:for|of|from|at|in|with|on|by|representing|who|which|that|based)\s+(?=[a-z“\"])|"
    r"(?:who|which|that|representing|speaking|according)\b)"
)


def looks_like_speaker(np: str) -> bool:
    words = np.split()
    if not words or len(words) > 14:
        return False
    lower = np.lower()
    if lower in PRONOUNS:
        return True
    if not re.search(r"[A-Za-z]", np):
        return False
    head = normalise_name(np).split()
    if not head:
        return False
    # A named actor ("al-Mansour" too), a role ("a senior fire officer"), an organisation
    # description, people in the plural ("fishermen") or by their age ("the 27-year-old").
    return (
        any(w[:1].isupper() or _NAME_PARTICLE.match(w) for w in words)
        or bool(set(head) & (ROLE_NOUNS | set(DESCRIPTION_KINDS) | ORG_WORDS))
        or head[-1] in DOCUMENT_NOUNS
        or head[-1].endswith(("s", "men", "year-old"))
    )


# A name's lower-case particle before its capital ("al-Mansour", "el-Sayed").
_NAME_PARTICLE = re.compile(r"[a-z]{1,3}-[A-Z]")


def looks_like_name(np: str) -> bool:
    words = [w for w in re.split(r"\s+", np.strip()) if w]
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words if len(w) > 3)


# A common noun owned by someone ("the network's founder", "Tovra's headman"): a role of theirs.
_OWNED_NOUN = re.compile(r"['’]s\s++[a-z][\w-]*+$")


def names_a_role(words: str) -> bool:
    """The words end in a role or a title ("The Minister for Sport", "the group's researcher",
    "the network's founder"), so an appositive after them is the person's name."""
    cut = NOUN_CUT.split(words, maxsplit=1)[0]
    head = normalise_name(cut).split()
    return any(word in ROLE_NOUNS or word in TITLES for word in head) or bool(
        _OWNED_NOUN.search(cut.strip())
    )


def trailing_name(words: str) -> str:
    """The capitalised name that ends `words`, without titles: "NCSC director Lena Fosse" →
    "Lena Fosse", "U.S. Army Col. Steve Warren" → "Steve Warren"."""
    tokens = words.strip().split()
    name: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",")
        if bare.lower().endswith("-based"):
            break  # where the actor is based ("the Geneva-based Digital Rights Watch")
        if (
            bare[:1].isupper()
            and not re.search(r"['’]s$", bare)
            and bare.lower()
            not in (
                "the",
                "a",
                "an",
            )
        ) or (name and bare.lower() in ("al", "abu", "bin", "de", "van", "von", "da", "el", "la")):
            name.insert(0, bare)
        else:
            break
    titled = [i for i, w in enumerate(name) if w.rstrip(".").lower() in TITLES]
    after = name[titled[-1] + 1 :] if titled else []
    if len(after) >= 2 and after[0] != "Justice" and not {w.lower() for w in after} & ORG_WORDS:
        name = after  # the name after the last title ("IAEA Director General Helena Marsh")
    while name and name[0].rstrip(".").lower() in TITLES:
        if name[1:2] == ["Justice"] and len(name) > 2:
            break  # a judge's style is the name ("Mrs Justice Farrant")
        name.pop(0)
    if not name or any(w.lower() in DESCRIPTION_KINDS for w in name):
        return ""
    if len(name) == 1 and len(tokens) > 1:
        return ""  # one capitalised word after others is an adjective or a place, not a name
    return " ".join(name)


TITLES = set(
    word_list(
        "mr mrs ms dr prof col colonel gen general maj major lt capt captain sgt adm admiral "
        "president prime minister deputy foreign interior defence defense chief executive "
        "secretary ambassador spokesman spokeswoman spokesperson director commander judge "
        "senator governor mayor sheikh brig brigadier superintendent supt inspector "
        "commissioner sergeant lieutenant detective cmdr professor dame sir "
        # A police force's ranks ("Assistant Chief Constable"), before a name or a label's.
        "constable assistant"
    )
)


def strip_article(text: str) -> str:
    """The words without a leading article, nor where the actor is based ("the
    Geneva-based Civilian Protection Forum" → "Civilian Protection Forum")."""
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return _BASED_IN.sub("", text)


# (Lazy and anchored: one pass over the first word, however long.)
_BASED_IN = re.compile(r"^[\w.’'-]*?-based\s++(?=\w)", re.IGNORECASE)


def guess_kind(words: str) -> str:
    lower = normalise_name(words).split()
    for word in reversed(lower):
        kinds = DESCRIPTION_KINDS.get(word)
        if kinds:
            return kinds[0]
    if any(w in ORG_WORDS for w in lower):
        return ActorKind.other
    return ActorKind.person


# The small words a name in capitals keeps in lower case when written as a name.
CAPITALS_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to"})
_POSSESSIVE_CAPITAL = re.compile(r"(?<=\w)(['’])S\b")


def from_capitals(name: str) -> str:
    """A name in capitals as it is written elsewhere, the small words in lower case ("MINISTRY
    OF FOREIGN AFFAIRS" → "Ministry of Foreign Affairs"), for the speaker stage to match."""
    # str.title() capitalises after an apostrophe: "SURVEYOR'S" would be "Surveyor'S".
    words = _POSSESSIVE_CAPITAL.sub(r"\1s", name.strip().title()).split()
    return " ".join(
        w.lower() if i and w.lower() in CAPITALS_SMALL_WORDS else w for i, w in enumerate(words)
    )


def organisation_kind(words: str) -> str:
    """The kind of organisation a long name says it is ("the Serenian Ministry of Foreign
    Affairs" → ministry), so that "the ministry" finds it later; "" when it says none."""
    named = set(normalise_name(words).split())
    return guess_kind(words) if named & ORG_WORDS else ""


def kind_described(appositive: str) -> str:
    """The kind of body an appositive says a name is ("a demining group that …" → its
    group's kind), by the first description among its first words; "" if none."""
    words = appositive.casefold().replace(",", " ").split()[:6]
    if not words or words[0] not in ("a", "an", "the"):
        return ""
    head = ""
    for word in words[1:]:
        if word in _PHRASE_ENDS:
            break
        head = word
    return DESCRIPTION_KINDS.get(head, ("",))[0]


# Words after which a noun phrase's head has been passed ("a member of the group").
_PHRASE_ENDS = {"of", "for", "at", "in", "on", "who", "that", "which", "with", "from", "and"}


# The name a speaker described by the text gives in a relative clause of their own: "its
# spokesman, who uses the name Commander Ardo,", "a woman who gave her name only as Dunja", "a
# driver, who asked to be identified only by his first name, Kelio,". The name is theirs; so in
# an appositive without "who" ("a guard, identified only as Tarek,", "a nurse named Ila").
# (One home: the subjects stage reads an appositive's name with it too.)
GIVEN_NAME = re.compile(
    r"\b(?:who[ ](?:"
    r"(?:uses|used|gives|gave|goes[ ]by|went[ ]by)[ ](?:the[ ](?:name|nom[ ]de[ ]guerre)[ ]|"
    r"(?:his|her|their)[ ](?:first[ ])?name[ ](?:only[ ])?as[ ]|"
    r"only[ ](?:his|her|their)[ ]first[ ]name,?[ ])"
    r"|(?:asked|wished|wanted|agreed)[ ]to[ ]be[ ](?:named|identified|called)[ ](?:only[ ])?"
    r"(?:as[ ]|by[ ](?:his|her|their)[ ]first[ ]name,?[ ])"
    r")|gave[ ](?:his|her|their)[ ](?:first[ ])?name[ ](?:only[ ])?as[ ]"
    r"|identified[ ](?:only[ ])?as[ ]|named[ ]"
    r")(?P<name>[A-Z][\w’'-]{0,40}+(?:[ ][A-Z][\w’'-]{0,40}+){0,3}+)(?![\w’'-])"
)
# How far after a speaker's words their own relative clause may run.
GIVEN_NAME_REACH = 160
# Where the words naming the speaker end: the clause's end, or a verb of saying after them.
_SPEAKER_CLAUSE_END = re.compile(r"[.;:!?\n“”\"]|\b(?:said|says|told|added)\b")


def given_name(words: str, after: str) -> str:
    """The name the speaker named by `words` gives in their own relative clause, in `words` or
    in `after` (the text that follows them, up to the clause's end); "" when none."""
    end = _SPEAKER_CLAUSE_END.search(after)
    named = GIVEN_NAME.search(words + (after[: end.start()] if end else after))
    return named["name"] if named else ""
