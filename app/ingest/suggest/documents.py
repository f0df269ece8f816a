"""A document as the speaker: "the petition argues …", "according to the indictment, …", "the
claim form alleges …". A filing, a ruling or a charging document speaks for whoever filed or
issued it, when the text says whose it is: its owner ("the union's petition"), the party after
"by" ("a lawsuit brought by …"), or the speaker of the sentence it was the means of ("In its
petition, the union argues …"). "It argues …" just after a document's sentence is the same
document's."""

import re
from collections.abc import Callable

from app.ingest.suggest.cues import word_list
from app.ingest.suggest.model import Context, Speaker
from app.vocabulary import ActorKind

# Documents of courts, prosecutors and litigants, which speak in reports ("the petition
# argues", "the judgment found"): the words a subject ends on.
LEGAL_DOCUMENTS = frozenset(
    word_list(
        "complaint lawsuit suit motion filing petition indictment ruling judgment judgement "
        "verdict memo memorandum affidavit pleading submission"
    )
)
# The documents a sentence's "it" may stand for after them, beside the legal ones.
_OTHER_DOCUMENTS = frozenset(word_list("statement letter notice report study audit review"))

# Findings of an inquiry, read as their maker's as a filing is: whose they are when the text
# says so, else left to the rules for any description.
_FINDINGS = frozenset(word_list("investigation inquiry audit autopsy post-mortem"))
_DOCUMENT_WORDS = "|".join(sorted(LEGAL_DOCUMENTS | _FINDINGS, key=len, reverse=True))
_OTHER_WORDS = "|".join(sorted(_OTHER_DOCUMENTS))
# A document as a subject's words: its determiner or owner, up to three words, its noun, and
# what the text adds after it ("to strike", "lodged last week").
_DOCUMENT_SUBJECT = re.compile(
    r"(?:(?:[Tt]he[ ]++)?(?P<owner>[\w-]++(?:[ ]++[\w-]++){0,3}?)(?:['’]s|s['’])[ ]++"
    r"|(?P<pronoun>[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)[ ]++|(?P<det>[Tt]he|[Tt]his|[Tt]hat|[Aa]n?)[ ]++)"
    r"(?:[\w-]++[ ]++){0,3}?(?P<noun>" + _DOCUMENT_WORDS + r")\b"
    # ("the ruling party" is no document: only what a document's words go on with.)
    r"(?P<rest>[ ]++(?:to|of|in|on|by|against|for|filed|lodged|submitted|brought|issued|dated|"
    r"seen)\b[^,;:]{0,60}+)?"
)
_PRONOUN_OF = {"its": "it", "their": "they", "his": "he", "her": "she"}
# The party after "by" when the text mentions the document: "lodged with the tribunal by the
# growers, …", "brought by three former tenants".
_BY_PARTY = re.compile(r"[^.;:\n]{0,80}?\bby[ ]++(?P<party>[^.;:\n()]{2,100}+)")
# A name in apposition to the party ("… by two growers, Ines Lopa and Tomas Vell,").
_APPOSED_NAME = re.compile(
    r",[ ]++(?P<name>[A-Z][\w’'-]*+(?:[ ]++(?:and[ ]++)?[A-Z][\w’'-]*+){0,4})(?=[ ]*+[,.;]|$)"
)
# An owner before a mention of the document ("the tenants' petition", "Kovac's lawsuit").
_OWNER_BEFORE = re.compile(
    r"(?<![\w’'-])(?:[Tt]he[ ]++)?(?P<owner>(?:[\w-]++[ ]++){0,2}?[\w-]++)(?:['’]s|s['’])[ ]++"
    r"(?:[\w-]++[ ]++){0,2}$"
)
# A verb of filing just before a mention ("has filed a civil", "lodged an urgent"), and the
# document as the means of saying ("in its", "in a", "through a").
_ISSUED = re.compile(
    r"\b(?:filed|brought|lodged|submitted|issued|served|launched)[ ]++"
    r"(?:(?:an?|its|their|his|her|the)[ ]++)?(?:[\w-]++[ ]++){0,2}$"
)
_AS_MEANS = re.compile(
    r"\b(?:[Ii]n|[Tt]hrough|[Bb]y)[ ]++(?:an?|its|their|his|her)[ ]++(?:[\w-]++[ ]++){0,2}$"
)
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’]?[ ]++(?=[A-Z“\"])|\n++")
# How far back a document's mentions are read, and how many sentences back its "it" is.
_MENTION_WINDOW, _IT_SENTENCES, _SENTENCE_CHARS = 6000, 3, 800
_MENTIONS_READ = 20
# A sentence opening on a legal document as its subject ("The petition further argues …").
_OPENS_ON_DOCUMENT = re.compile(
    r"(?P<subject>(?:[Tt]he|[Tt]his)[ ]++(?:[\w’'-]++[ ]++){0,3}?(?P<noun>"
    + _DOCUMENT_WORDS
    + r"))\b"
)
# A subject naming another document ("The ministry's statement", "the audit").
_OTHER_SUBJECT = re.compile(
    r"(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[\w’'-]++['’]s?)[ ]++(?:[\w’'-]++[ ]++){0,3}?(?:"
    + _OTHER_WORDS
    + r")s?"
)

_PARTY_END = r"(?:seen|obtained|from|in|on|at|and|last|this)\b"
# Any document whose maker its own words name after "by" ("a lawsuit filed by the tenants",
# "a review written by the regulator", "a report by the county coroner"), the
# maker's words up to what the text adds ("seen by the Post", "from August", a comma).
_MADE_BY = re.compile(
    r"(?:[Tt]he|[Aa]n?)[ ]++(?:[\w-]++[ ]++){0,3}?(?:"
    + "|".join(sorted(LEGAL_DOCUMENTS | _FINDINGS | _OTHER_DOCUMENTS, key=len, reverse=True))
    + r"|examination)[ ]++(?:(?:commissioned|written|filed|issued|published|prepared|brought|"
    r"compiled|lodged|carried[ ]out)[ ]++)?by[ ]++(?P<party>[\w’'-]++(?:[ ]++(?!"
    + _PARTY_END
    + r")[\w’'-]++){0,7})(?:[ ]++"
    + _PARTY_END
    + r".*+)?"
)
# "The statement", "the same report": another document, by the article alone.
_OTHER_THE = re.compile(r"[Tt]h(?:e|is)[ ]++(?:[a-z-]++[ ]++){0,2}?(?P<noun>" + _OTHER_WORDS + r")")

Resolver = Callable[[Speaker, Context], Speaker]


# A note's subject naming the printed text: "The log", "the leaflet", "This entry".
_PRINTED_SUBJECT = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)[ ]++[a-z][a-z-]{1,20}+")


def legal_document(words: str) -> str | None:
    """The document noun `words` end on as a subject ("The indictment", "the union's
    lawsuit", "its motion to strike"), if they name a court's or a litigant's document."""
    match = _DOCUMENT_SUBJECT.fullmatch(words.strip())
    return match["noun"] if match else None


def document_speaker(speaker: Speaker, context: Context, resolve: Resolver) -> Speaker | None:
    """`speaker` resolved to the author of the document it names or stands for ("it" just
    after a sentence a document spoke), or None when it names none or the text does not say
    whose the document is."""
    text = speaker.text.strip()
    if text in ("It", "it"):
        return _document_it(speaker, context, resolve)
    head = text.partition(", ")[0]
    if head.startswith("[") and context.outlet and _PRINTED_SUBJECT.fullmatch(head[1:]):
        # ("[The log does not say when the cut was made.]": the note in square brackets on a text
        # printed in full is its printer's, the outlet's, not the text's maker's.)
        return _as(speaker, resolve(Speaker(context.outlet, speaker.start), context))
    made_by = _MADE_BY.fullmatch(head)
    if made_by is not None:
        at = speaker.start + made_by.start("party")
        maker = resolve(Speaker(made_by["party"].strip(), at), context)
        return _as(speaker, maker) if maker.name else None
    match = _DOCUMENT_SUBJECT.fullmatch(head)
    if match is None:
        other = _OTHER_THE.fullmatch(head)
        if other is None:
            return None
        end = speaker.start + len(text)
        found = _author(other["noun"], speaker.start, end, context, resolve, means_only=True)
        return _as(speaker, found) if found is not None else None
    if match["owner"]:
        # "the union's complaint", "Tolliver's motion": whose the document is.
        return _as(speaker, resolve(Speaker(match["owner"], speaker.start), context))
    if match["pronoun"]:
        pronoun = _PRONOUN_OF[match["pronoun"].lower()]
        owning = resolve(Speaker(pronoun, speaker.start), context)
        return _as(speaker, owning) if owning.name else None
    end = speaker.start + len(text)
    author = _author(match["noun"], speaker.start, end, context, resolve, means_only=False)
    return _as(speaker, author) if author is not None else None


def _as(speaker: Speaker, other: Speaker) -> Speaker:
    speaker.name, speaker.kind, speaker.actor = other.name, other.kind, other.actor
    return speaker


def _sentence_end(at: int, body: str) -> int:
    found = _SENTENCE_BREAK.search(body, at, at + _SENTENCE_CHARS)
    return found.start() + 1 if found else min(len(body), at + _SENTENCE_CHARS)


def _sentence_start(at: int, body: str) -> int:
    low = max(0, at - _SENTENCE_CHARS)
    # (Read a little past `at`: a break's lookahead, and a run of line ends it is inside.)
    ends = [m.end() for m in _SENTENCE_BREAK.finditer(body, low, at + 2) if m.end() <= at]
    return ends[-1] if ends else low


def _author(
    noun: str, start: int, end: int, context: Context, resolve: Resolver, *, means_only: bool
) -> Speaker | None:
    """Who filed or issued the document the text calls `noun`, by its mentions up to the end
    of the subject's own sentence, the nearest first: the party after "by", an owner named
    before it, the subject of a verb of filing it or the speaker of a sentence it was the means
    of ("in its motion"), or an owner "its"/"their" stands for. `means_only`: by the verb of
    filing and the means only (for a statement or a report, whose other marks the rules for
    any description read)."""
    body = context.body
    low = max(0, start - _MENTION_WINDOW)
    document = re.compile(rf"\b{noun}s?\b")
    mentioned = list(document.finditer(body, low, _sentence_end(end, body)))
    # (The nearest few: a text of nothing but the word must not cost each of them a reading.)
    for mention in reversed(mentioned[-_MENTIONS_READ:]):
        by = None if means_only else _BY_PARTY.match(body, mention.end())
        if by is not None and _sentence_end(mention.end(), body) > by.start("party"):
            party = by["party"]
            apposed = _APPOSED_NAME.match(party, party.find(","))
            party = apposed["name"] if apposed is not None else party.partition(",")[0]
            at = by.start("party") + (apposed.start("name") if apposed is not None else 0)
            if apposed is not None and " and " in party:
                # ("… by two growers, Ines Lopa and Tomas Vell": the two of them, not the
                # one the name ends on.)
                return Speaker(party, at, name=party, kind=ActorKind.person)
            found = resolve(Speaker(party.strip(), at), context)
            if found.name:
                return found
        owner = _OWNER_BEFORE.search(body, max(0, mention.start() - 60), mention.start())
        if owner is not None and owner["owner"][:1].isupper() and not means_only:
            found = resolve(Speaker(owner["owner"], owner.start("owner")), context)
            if found.name:
                return found
        sentence = (_sentence_start(mention.start(), body), _sentence_end(mention.end(), body))
        before = body[max(sentence[0], mention.start() - 60) : mention.start()]
        issued = _ISSUED.search(before)
        if issued is not None:
            # "The tenants filed a petition …": the subject of the verb of filing.
            subject = _first_actor(sentence[0], mention.start() - len(before), context)
            if subject is not None:
                return subject
        if issued is not None or _AS_MEANS.search(before):
            # "In its petition, the union argues …", "… has accused the city, in a lawsuit, of
            # …": the speaker of that sentence ("X said the ruling was wrong" talks of it).
            spoke = next(
                (
                    s
                    for s in reversed(context.speakers)
                    if sentence[0] <= s.start < sentence[1]
                    and s.name
                    and legal_document(s.text) is None
                ),
                None,
            )
            if spoke is not None:
                return spoke
        pronoun = re.search(
            r"\b(?P<p>[Ii]ts|[Tt]heir)[ ]++(?:[\w-]++[ ]++){0,2}$",
            body[max(0, mention.start() - 40) : mention.start()],
        )
        if pronoun is not None and not means_only:
            found = resolve(Speaker(_PRONOUN_OF[pronoun["p"].lower()], mention.start()), context)
            if found.name:
                return found
    return None


def _first_actor(start: int, end: int, context: Context) -> Speaker | None:
    """The first actor the text names between `start` and `end` (a sentence's subject)."""
    for at, _, actor in context.mentions:
        if at >= end:
            return None
        if at >= start:
            return Speaker.of_actor(actor, at)
    return None


def _document_it(speaker: Speaker, context: Context, resolve: Resolver) -> Speaker | None:
    """ "It says …" in the sentences just after one a document spoke ("The filing also
    contests when the arrest took place. It argues …", "…,” the petition reads. It claims …"): that
    document's speaker, as resolved; after a sentence opening on a document that spoke no
    claim ("The motion gives another account."), its author."""
    body = context.body
    at = _sentence_start(speaker.start, body)
    for _ in range(_IT_SENTENCES):
        if at <= 0:
            return None
        previous = _sentence_start(at - 1, body)
        spoke = next(
            (s for s in reversed(context.speakers) if previous <= s.start < at and s.name), None
        )
        if spoke is not None and _names_document(spoke.text):
            # (A document the text did not say whose it was is no one's: "it" is then read
            # as any pronoun.)
            unowned = spoke.actor is None and spoke.name.casefold() in spoke.text.casefold()
            return None if unowned else _as(speaker, spoke)
        if spoke is None:
            opens = _OPENS_ON_DOCUMENT.match(body, previous, at)
            if opens is not None and opens["noun"] in LEGAL_DOCUMENTS:
                subject = Speaker(opens["subject"], opens.start("subject"))
                found = document_speaker(subject, context, resolve)
                return _as(speaker, found) if found is not None else None
        if spoke is None or spoke.text.strip() not in ("It", "it"):
            return None
        at = previous
    return None


def _names_document(words: str) -> bool:
    match = _DOCUMENT_SUBJECT.fullmatch(words.strip().partition(", ")[0])
    return match is not None or bool(_OTHER_SUBJECT.fullmatch(words.strip()))


# A document's title in capitals as its words say what it is, then what it is on ("Final Views
# on the Third Report of X"): the kind of document, a few words before
# the first small word, and the last of them one naming a document.
_TITLE_KIND = re.compile(
    r"(?P<kind>(?:[A-Z][a-z]++[ ]++){0,3}?(?P<noun>[A-Z][a-z]++))[ ]++(?:on|of|into|for|to)[ ]"
)
_TITLED_DOCUMENTS = frozenset(
    word_list(
        "observations findings conclusions recommendations report statement decision views "
        "adjudication opinion ruling judgment release summary review communication"
    )
)
# The body an introduction says adopted or issued the document of that kind: "the final views
# adopted by the U.N. Committee against X on …". Its name's words capitalised, a few small words
# between them; it ends before a possessive ("… Committee on Orvan's report").
_ADOPTED_BY = (
    r"[^.\n]{0,120}?\b(?:adopted|issued|published|released|prepared|made|drawn[ ]up)[ ]++by"
    r"[ ]++(?:the[ ]++)?(?P<body>[A-Z][\w.&-]*+(?:[ ]++(?:(?:of|for|against|and|the)"
    r"[ ]++){0,3}[A-Z][\w.&-]*+(?![’'\w])){0,8})"
)
# The initials of the system a body belongs to, written before its name ("U.N. ", "E.U. ").
_UMBRELLA = re.compile(r"(?:[A-Z]\.){2,3}+[ ]++(?=[A-Z][a-z])")
# How many characters of the text before the title an introduction is looked for in.
_ADOPTER_REACH = 3_000


def title_adopter(title: str, position: int, body: str) -> tuple[str, int] | None:
    """The body the text says adopted or issued the document whose title (written as a name,
    "Final Views on …") heads the part at `position`, and where it is named: a
    title is no speaker, but whoever the introduction says adopted it is; None if it names no
    one so, or the title names no kind of document."""
    kind = _TITLE_KIND.match(title)
    if kind is None or kind["noun"].lower() not in _TITLED_DOCUMENTS:
        return None
    adopted = re.compile(rf"\b(?i:{re.escape(kind['kind'])})\b{_ADOPTED_BY}")
    found = adopted.search(body, max(0, position - _ADOPTER_REACH), position)
    if found is None:
        return None
    # ("the U.N. Committee against X": the committee, without the system it belongs to.)
    umbrella = _UMBRELLA.match(found["body"])
    at = found.start("body") + (umbrella.end() if umbrella is not None else 0)
    return found["body"][at - found.start("body") :].strip(), at


# A title's opening saying the text printed is part of the document: "Extracts from the …".
_TITLE_PART = r"(?:(?:Extracts?|Excerpts?|Summary)[ ]++(?:[Ff]rom|[Oo]f)[ ]++)?+(?:[Tt]he[ ]++)?+"
# A document's title, its maker named by a possessive ("Independent Auditor's Report to the
# Shareholders of …") or not at all ("Final Report on an Investigation into …"). (One naming a
# body after "of" or "by", "Annual Report of the Council", is read as any heading naming a body.)
_AUTHORED_TITLE = re.compile(
    _TITLE_PART + r"(?:(?P<maker>(?:[A-Z][a-z]++[ ]++){0,3}?[A-Z][a-z]++)['’]s?[ ]++)?"
    r"(?P<kind>(?:[A-Z][a-z]++[ ]++){0,3}?(?P<noun>[A-Z][a-z]++))"
    r"(?:[ ]++(?P<small>on|of|into|for|to|by)[ ][^\n]{0,300}+)?"
)


def title_author(title: str) -> str | None:
    """Whom a document's title (written as a name, "Independent Auditor's Report to …") names as
    its maker, as a description to resolve ("the auditor"); "" when it is a document's title
    naming no maker ("Final Report on an Investigation"); None when it is no document's title,
    or one naming a body after "of" or "by". A title is no speaker: its maker is, or the
    letterhead above it."""
    match = _AUTHORED_TITLE.fullmatch(title.strip())
    if match is None or match["noun"].lower() not in _TITLED_DOCUMENTS:
        return None
    if match["maker"]:
        # ("Independent Auditor's": the auditor, as the text calls the body that is one.)
        return "the " + match["maker"].split()[-1].lower()
    return None if match["small"] in ("of", "by") else ""


# A document's heading in capitals, with what it says of the text in lower case after it
# ("THE OWNER'S APPEAL (extracts)", "SUMMARY OF FINDINGS: SECOND EXAMINATION OF X").
_CAPITALS_HEADING = re.compile(
    r"[A-Z0-9][A-Z0-9&’'.:,/-]{0,30}+(?:[ ]++[A-Z0-9&’'.:,/-]{1,30}+){0,20}+"
    r"(?:[ ]++\([a-z][a-z ,]{0,40}+\))?+"
)
# The line under it naming the person who wrote the part, then their role or body and a date:
# "Dr Ana Roe, consultant pathologist, 7 July", "Ana Roe, managing director, Acme Ltd"; or the
# body that wrote it, then its department ("Acme Insurance, Claims Department, to Mr X, 3 May").
_WRITER_LINE = re.compile(
    r"(?P<writer>(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Captain|Judge)\.?[ ]++)?"
    r"[A-Z][a-z’'-]++(?:[ ]++[A-Z][a-z’'-]++){1,3}+),[ ]++"
    r"(?:[a-z][\w’'-]*+|(?:the[ ]++)?(?:Office|Department|Ministry|Chief|Head|Director)\b)"
    r"[^\n.!?;:]{0,160}+"
    r"|(?P<body>[A-Z][\w&’'-]{0,30}+(?:[ ]++[A-Z][\w&’'-]{0,30}+){1,5}+),[ ]++"
    r"(?:[A-Z][\w&’'-]{0,30}+[ ]++){0,3}+(?:Department|Office|Division|Unit|Team|Desk)\b"
    r"[^\n.!?;:]{0,160}+"
)


def heading_writer(heading: str) -> tuple[str, bool] | None:
    """Who a document's heading of two lines names as its writer (a title in capitals over
    "Dr Ana Roe, consultant pathologist, 7 July"), as written, and whether a person (else a
    body, over its department's name); None for any other heading. A diary's, an appeal's or
    a report's sentences under it are the writer's, "I" or not."""
    title, newline, below = heading.strip().partition("\n")
    title, below = title.strip(), below.strip()
    if not newline or "\n" in below or not _CAPITALS_HEADING.fullmatch(title):
        return None
    if not any(c.isalpha() for c in title) or title.startswith(("BY ", "By ")):
        return None
    writer = _WRITER_LINE.fullmatch(below)
    if writer is None:
        return None
    return (writer["writer"], True) if writer["writer"] else (writer["body"], False)
