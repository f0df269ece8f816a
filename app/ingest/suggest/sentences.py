"""Sentences: the body cut into paragraphs and sentences with their offsets, a quotation
that runs over several sentences kept whole, and a dateline kept out of the quote."""

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator

from app.ingest.suggest.breaks import line_start
from app.ingest.suggest.carried import bracketed_note, ends_turn, surname_label
from app.ingest.suggest.model import Unit
from app.ingest.suggest.procedure import is_procedure
from app.ingest.suggest.turns import DOTTED_TURN, dotted_turns, puts_with_a_tag

with warnings.catch_warnings():
    # pysbd 0.3.4 has regex strings with invalid escapes; compiling them warns once.
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    import pysbd
    from pysbd.utils import TextSpan

from app.ingest.suggest.article_actors import byline_author
from app.ingest.suggest.cues import CUE, WITNESS_GROUPS
from app.ingest.suggest.exhibits import exhibit_lines
from app.ingest.suggest.headed import DOCUMENT_KIND, heading_lines, label_end, message_starts
from app.ingest.suggest.kept_patterns import keep_pysbd_patterns
from app.ingest.suggest.letters import header_lines
from app.ingest.suggest.speaker_words import from_capitals, organisation_kind

# The place may be two ("GENEVA/SELVAN, Dec 2 — …"). It is bounded: "[A-Z .'’-]+" before "\s+"
# was tried at every split of a long run of spaces (quadratic); no dateline's place is longer
# than 60 characters.
DATELINE = re.compile(
    r"^[A-Z][A-Z .'’/-]{1,60}(?:,[^—–\n]{1,40}?)?\s+(?:\([^)]{1,40}\)\s+)?[—–-]+\s+"
)


_QUOTE_PAIRS = re.compile(r"“[^“”]*”|\"[^\"]*\"")


class Segmenter(pysbd.Segmenter):
    """pysbd's segmenter, finding where each sentence stands by plain search. pysbd compiles a
    pattern per sentence for that (the sentence escaped, then `\\s*`): a fifth of an import's
    time went to compiling them, and each evicted from `re`'s cache the patterns the other
    stages reuse. Same sentences as pysbd's: the first occurrence, counted as `re.finditer`
    counts them, that ends after the sentence before."""

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text = self.original_text
        spans: list[TextSpan] = []
        prior_end = 0
        for sentence in sentences:
            at = text.find(sentence)
            while at >= 0:
                end = at + len(sentence)
                while end < len(text) and text[end].isspace():  # what `\s*` matches
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[at:end], at, end))
                    prior_end = end
                    break
                at = text.find(sentence, end if end > at else at + 1)
        return spans


_SEGMENTER: Segmenter | None = None


def _segmenter() -> Segmenter:
    global _SEGMENTER
    if _SEGMENTER is None:
        # pysbd compiles its patterns from strings at every call: kept compiled from here on.
        keep_pysbd_patterns()
        _SEGMENTER = Segmenter(language="en", clean=False)
    return _SEGMENTER


# Labels of a transcript's questions, whoever asks them.
QUESTION_LABELS = ("Q", "Question", "Reporter", "Questioner", "Journalist", "Moderator")
# The label of the outlet's own words after a text it prints ("Editor's note: …").
EDITORS_NOTE = r"Editor['’]s note"
# A transcript's speaker label opening a paragraph: in capitals ("KASK: No.", "MR PRICE: …"),
# a question's word ("Q: …", "Question: …"), a clip's label in brackets ("[CLIP, COLONEL ALDO
# VRANA, DRELIAN ARMY]: …"), or a name of two to five words as names are written ("Professor
# Helena Marsk: I have …"); a committee's number before it ("Q14 The Chair: …") and the
# speaker's name in brackets after a role ("The Chair (Dame Alys Penrose): …",
# "ANCHOR (RHEA MARSH): …"); an editor's note. The words of each are read once ("*+", "++").
# A news label opening a post or an entry ("BREAKING:", "UPDATE:", "Update 3:", "LATEST:"),
# or a document's kind before its headline ("PRESS RELEASE: …"): what kind of news follows, no
# speaker's name.
NEWS_LABEL = re.compile(
    r"(?:BREAKING|Breaking|UPDATE|Update|UPDATED|Updated|LATEST|Latest|DEVELOPING|JUST IN|"
    rf"{DOCUMENT_KIND})"
    r"(?:[ \t]++\d{1,3}+)?[ \t]*+:[ \t]++"
)
# A record's labels may carry two bracketed parts after a name, a seat and a party ("Mr Ivo
# Penn (Lowfield) (Centre):"), and a numbered question's number before them ("3. Mr …"); a
# role written with small words ("The Secretary of State for Roads (Ms Ada Quist):", "Counsel for
# the respondent (Mr …):") is a label only with the name in brackets after it.
_ROLE_SMALL_WORDS = "of|for|the|and|on|to|at|in"
_ROLE_LABEL = (
    r"(?:The[ \t]++)?[A-Z][\w'’-]*+(?:[ \t]++(?:[A-Z][\w'’-]*+|(?:" + _ROLE_SMALL_WORDS + r")"
    r"(?:[ \t]++[a-z][\w'’-]*+){0,2}+)){1,8}?"
    r"(?=[ \t]*+\([A-Z])"
)
SPEAKER_LABEL = re.compile(
    rf"(?!{NEWS_LABEL.pattern})"
    r"(?:Q\d{1,4}[ \t]++|\d{1,3}+\.[ \t]++(?=[A-Z][^:()\n]{0,80}+\([^()\n]{1,60}+\)))?"
    # A broadcast script's word for a recorded clip before the speaker ("SOUNDBITE - ANA ROE,
    # MAYOR:"), as `speakers._CLIP_WORDS` reads it.
    rf"(?P<label>(?P<clip>(?:SOUNDBITE|SOT|SYNC|CLIP|GRAB)[ \t]++[–—-][ \t]++)?+"
    rf"(?:[A-Z][A-Z.'’ -]{{0,40}}|{'|'.join(QUESTION_LABELS)}|{EDITORS_NOTE}"
    r"|\[[A-Z][A-Z.'’ ,-]{0,80}\]"
    rf"|(?P<name>(?:[A-Z][\w.'’-]*+[ \t]++){{1,4}}?[A-Z][\w'’-]*+|{_ROLE_LABEL})"
    # A call transcript's role or firm after a comma ("Ann Lee, Chief Executive Officer:").
    r"(?:,[ \t]++[A-Z][\w&.'’-]*+(?:[ \t]++[\w&.'’-]++){0,5}+)?))"
    r"(?:[ \t]*+\((?!@)[^()\n]{1,60}+\)){0,2}:\s+"
)
# A live blog entry's time ("09:40 - The Tesh Civil Defence says …", "18:40 A steward who …").
TIMESTAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[—–-]\s+|[ \t]++(?=[A-Z“\"]))")
# A speaker named once before the quotation that is all of the paragraph: a post's author
# ("12:05 - SAF press office (@SAF_Press): “No convoy …”"), a round-up's or a script's
# soundbite ("Clara Weiss, Orla & Finch: “…”", "SOUNDBITE, DAGOR, EASTERN FORCES: “…”").
# Its name runs to the first colon, read once ("{0,150}+"); no reporting verb in it, and a
# name of at most six words before its description or handle (more is a sentence: "IWC
# president Lorenz Aalto hit back at the suggestion …: “…”").
BLOCK_SPEAKER = re.compile(r"(?P<speaker>[A-Z][^:\n“”\"]{0,150}+):\s++(?=[“\"])")
_NAME_WORDS = 6
_DESCRIPTION = re.compile(r",|\s\(")
# A post's number in a thread ("3/ The hospital …", "2/7 …", "🧵 1/ …"): not part of what the
# post says.
POST_NUMBER = re.compile(r"(?:🧵[ \t]*+)?\d{1,3}+/(?:\d{1,3}+)?[ \t]++(?=[A-Z“\"@])")
# A post's header on a line of its own: its author's name, then a handle, a time or both
# ("Harbour Watch @harbourwatch · 09:05", "Jane Roe (@janeroe) · 2h", "City Desk · 10:42
# GMT"); the name is the post's author.
POST_HEADER = re.compile(
    r"(?P<author>[A-Z][\w’'&.-]*+(?:[ ]++[\w’'&.-]++){0,5}?)[ \t]++"
    r"(?:\(?@\w{1,30}+\)?(?:[ \t]*+[·•|][ \t]*+[^\d\n]{0,20}+\d[^\n]{0,30}+)?"
    r"|[·•|][ \t]*+[^\d\n]{0,20}+\d[^\n]{0,30}+)"
)
# An item's number in a numbered list ("1. Brindle Parents for Safe Water found …", "3. The
# Ministry …") or a numbered paragraph's in a report ("2.3 She said …"): not part of what the
# item says.
ITEM_NUMBER = re.compile(r"\d{1,3}+(?:(?:\.\d{1,3}+){1,3}+\.?+|\.)[ \t]++(?=[A-Z“\"])")
# A bulleted list's item mark ("- advisers described the bonds as …").
BULLET = re.compile(r"[-–•*][ \t]++(?=\S)")
# A letter's salutation opening its first paragraph ("Sir, - Your report …", "Dear Editor,").
SALUTATION = re.compile(
    r"(?:Sir|Madam|Sirs|Dear[ ]++[A-Z][\w.’' ]{0,40}+|To[ ]++the[ ]++[Ee]ditor)"
    r"[ \t]*+[,:][ \t]*+(?:[-–—][ \t]*+)?"
)
# What opens a paragraph without being anyone's words: a dateline, a time, a speaker label, a
# list item's number or bullet, a salutation.
_LEADS = (
    DATELINE,
    TIMESTAMP,
    ITEM_NUMBER,
    POST_NUMBER,
    BULLET,
    NEWS_LABEL,
    SPEAKER_LABEL,
    SALUTATION,
)


def block_speaker(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The speaker named before the quotation opening text[start:end], if one is."""
    end = len(text) if end is None else end
    found = BLOCK_SPEAKER.match(text, start, end)
    if found is None or CUE.search(found["speaker"]):
        return None
    name = _DESCRIPTION.split(found["speaker"], maxsplit=1)[0]
    return found if len(name.split()) <= _NAME_WORDS else None


def _named_label(label: re.Match[str] | None) -> bool:
    """A label written as a name, before words not quoted (before a quotation, the speaker
    named speaks that paragraph only: `block_speaker`)."""
    return (
        label is not None
        and label["name"] is not None
        and label.string[label.end() : label.end() + 1] not in ("“", '"')
    )


def label_words(label: re.Match[str]) -> str:
    """The speaker a label names, with the name in brackets after a role, without a
    committee's question number or the colon: "The Chair (Dame Alys Penrose)"."""
    if label.re is DOTTED_TURN:
        return label["label"]
    words = label.string[label.start("label") : label.end()].rstrip().removesuffix(":").strip()
    name = label["name"]
    if name is not None and label.string[label.end("name") : label.end("name") + 1] == ",":
        return name  # "Ann Lee, Chief Executive Officer": the person, not the role
    after = label.end("name") - label.start("label") if name is not None else 0
    brackets = _BRACKETED.findall(words, after) if name is not None else []
    if len(brackets) >= 2:
        # "Mr Ivo Penn (Lowfield) (Centre)": the person, not the seat or the party; after a
        # role, the person in the first brackets ("The Minister for Roads (Ms Ada Quist) (Left)").
        return f"{name} ({brackets[0]})" if _names_role(name) else name
    return words


# A bracketed part of a label, and a label written as a role ("The Chair", "Minister of …").
_BRACKETED = re.compile(r"\(([^()\n]{1,60}+)\)")
_ROLE_WORDING = re.compile(rf"The[ \t]|.*?[ \t](?:{_ROLE_SMALL_WORDS})[ \t]")


def _names_role(words: str) -> bool:
    return _ROLE_WORDING.match(words) is not None


# A turn's question that puts a claim for the other side to grant: a verb of granting, or "the
# case", "true", "right", then a clause of its own ("Would she confirm that the depot was shut?",
# "Does he accept that …?", "Isn't it true that …?"). "Is that right?", "Does he accept
# that account?" put none. Its opening is read once ("{0,80}+" to the first granting word).
PUT_QUESTION = re.compile(
    r"(?:(?:And|So|But)[ ,]++)?(?:Will|Would|Does|Do|Did|Can|Could|Is|Isn['’]t|Has|Have)\b"
    r"[^?\n]{0,80}?\b(?:confirm|agree|accept|admit|acknowledge|concede|the[ ]case|true|right)"
    r"[ ]++that[ ]++(?:[\w’'-]++[ ,]++){2}[^?\n]{0,400}+\?"
)


def puts_a_claim(sentence: str) -> bool:
    """Whether a turn's question puts a claim of its own to be granted (`PUT_QUESTION`, or a
    statement with a question tag)."""
    stripped = sentence.strip()
    return PUT_QUESTION.match(stripped) is not None or puts_with_a_tag(stripped)


def lead_end(text: str, start: int = 0, end: int | None = None, *, blocks: bool = True) -> int:
    """Where the dateline, time stamp or speaker label opening text[start:end] ends (and the
    speaker named before a quotation, with `blocks`)."""
    end = len(text) if end is None else end
    for pattern in _LEADS:
        found = pattern.match(text, start, end)
        if found and (pattern is not SPEAKER_LABEL or found["name"] is None or _named_label(found)):
            start = found.end()
    block = block_speaker(text, start, end) if blocks else None
    return block.end() if block else start


def _turn_key(label: str) -> str:
    """Who a label names, as its turns are counted: its last word, none for a question's or an
    editor's note's label. A label written as a name counts by the person's last word, without
    what its brackets add ("Mr Ivo Penn (Lowfield)" and then "Mr Penn"), and a role's by the
    name in its brackets ("The Minister for Roads (Ms Ada Quist)" and then "Ms Quist")."""
    if re.fullmatch(EDITORS_NOTE, label) or label.casefold() in _QUESTION_WORDS:
        return ""
    outside = _BRACKETED.sub(" ", label).split()
    if outside and not " ".join(outside).isupper() and outside[0].casefold() not in _QUESTION_WORDS:
        inside = _BRACKETED.search(label)
        who = inside[1] if inside and _names_role(label) else " ".join(outside)
        return who.split()[-1].casefold() if who.split() else ""
    return label.split()[-1].casefold() if label.split() else ""


_QUESTION_WORDS = frozenset(label.casefold() for label in QUESTION_LABELS)


def read_units(body: str) -> list[Unit]:
    """Sentences with their offsets, paragraph by paragraph; a quotation that runs over several
    sentences stays one unit with its attribution. Each unit of a transcript's paragraph keeps
    the paragraph's speaker label."""
    units: list[Unit] = []
    label_text = ""
    paragraphs = list(_paragraphs(body))
    # A label written as a name is a transcript's only where two paragraphs or more open with
    # one ("Jonas Reeve: …", "Professor Helena Marsk: …"), not a heading's "Our Verdict: …".
    labels = [SPEAKER_LABEL.match(text) for _, text in paragraphs]
    named = sum(1 for label in labels if _named_label(label))
    # (A clip's label says it is one: "SOUNDBITE - ANA ROE, MAYOR: …".)
    labels = [
        None
        if label is not None and label["name"] is not None and named < 2 and not label["clip"]
        else label
        for label in labels
    ]
    # A speaker labelled by the surname alone, named in full above ("Orsk: …"), holds the
    # word over the paragraphs after the label to the next label or a heading (an address).
    surnamed = [
        surname_label(body, start, text) if label is None else None
        for label, (start, text) in zip(labels, paragraphs, strict=True)
    ]
    held = {_turn_key(label_words(label)) for label in surnamed if label is not None}
    # A record's dotted turns ("Q. …", "A. …"), read as "Q:" and "A:" are.
    dotted = dotted_turns([text for _, text in paragraphs])
    labels = [
        label or surnamed_label or turn
        for label, surnamed_label, turn in zip(labels, surnamed, dotted, strict=True)
    ]
    # A speaker who takes the word more than once is a transcript's: their turn runs on over
    # unlabelled paragraphs to the next label (a field's label, "Reference: …", speaks once).
    # (Counted by the label's last word: "CHIEF INSPECTOR KAY" and then "KAY"; an editor's note
    # or a question is nobody's turn.)
    turns = Counter(_turn_key(label_words(label)) for label in labels if label is not None)
    # An email's or a memo's header lines ("From: …", "Subject: …") are nobody's words, nor is
    # the evidence a document quotes (a message, a transcript).
    headers = header_lines(body) | heading_lines(body) | exhibit_lines(body)
    messages = message_starts(body)
    for paragraph, (p_start, p_text) in enumerate(paragraphs):
        if p_start in headers:
            continue
        # ("Post 2 (09:10): …", "[21:05] Ana: …" under their author's line: the label, and a
        # description in brackets after it, are nobody's words; the part after them is.)
        cut = label_end(body, p_start) - p_start
        turn = dotted[paragraph]
        if turn is not None:
            cut = turn.end()  # ("Q. " is no part of the question)
        p_start, p_text = p_start + cut, p_text[cut:]
        if p_start in messages and p_text.strip():
            # A chat's message is one unit: short, its sentences often without a stop. A call,
            # an acknowledgement or a bare question at either end runs the exchange and is
            # left out ("Bravo-1, Base. …", "… You copy?"); a message of nothing else is none.
            stripped = p_text.strip()
            at = p_start + p_text.find(stripped)
            said = _said_in_message(stripped)
            if said is not None:
                first, last = said
                text = stripped[first:last]
                units.append(Unit(at + first, at + last, text, paragraph, label=label_text))
            continue
        cursor = 0
        pending: Unit | None = None
        label = labels[paragraph]
        if label is not None and _RESTATED.fullmatch(label_words(label)):
            # A "MYTH:" line restates, in the text's own words, what others say, to answer it
            # in the line after: the claims it has in mind are theirs, made elsewhere.
            label_text = ""
            continue
        if label is not None and not _named_label(label) and label["name"] is not None:
            label = None  # a name before a quotation: `block_speaker`
        # A speaker's turn may run over paragraphs: an unlabelled one after a labelled one
        # continues it; after that the label is dropped. A heading in capitals ("AFTER THE
        # CALL") ends it and is nobody's words.
        if label is None and p_text.isupper() and not ends_a_sentence(p_text):
            label_text = ""
        if label is None and _turn_key(label_text) in held and ends_turn(p_text):
            label_text = ""
        label_text = label_words(label) if label else label_text
        carried = label is None and bool(label_text)
        # A speaker named before a quotation speaks the paragraph, and only it.
        block = None if label else block_speaker(p_text, lead_end(p_text, blocks=False))
        if block is not None:
            label_text, carried = block["speaker"].strip(), True
        # A paragraph of a quotation running over several paragraphs opens with a mark it never
        # closes: its sentences are still sentences, the opening mark left out of the count.
        continued = p_text.lstrip()[:1] in '“"' and _open_quote(p_text)
        opening = p_start + len(p_text) - len(p_text.lstrip())
        for sentence in _sentences(p_text):
            stripped = sentence.strip()
            if not stripped:
                continue
            at = p_text.find(stripped, cursor)
            if at < 0:
                continue
            cursor = at + len(stripped)
            start, end = p_start + at, p_start + cursor
            # A closing quotation mark split off a quotation's last sentence ('… sovereignty.'
            # then '"') is no sentence: it closes the one before.
            closing = not any(char.isalnum() for char in stripped)
            if closing and pending is None and units and units[-1].paragraph == paragraph:
                units[-1].end = end
                units[-1].text = body[units[-1].start : end]
                continue
            if pending is not None:
                pending.end = end
                pending.text = body[pending.start : end]
            else:
                # (A note in brackets is the transcriber's words, not the speaker's.)
                said_by = (
                    "" if bracketed_note(stripped) and _turn_key(label_text) in held else label_text
                )
                pending = Unit(start, end, stripped, paragraph, label=said_by)
            counted = pending.text[1:] if continued and pending.start == opening else ""
            if not _open_quote(counted or pending.text) or len(pending.text) > 1200:
                if not is_apparatus(pending.text):
                    units.append(pending)
                pending = None
        if pending is not None:
            units.append(pending)
        if carried and (
            block is not None
            or not _turn_key(label_text)
            or (turns[_turn_key(label_text)] < 2 and _turn_key(label_text) not in held)
        ):
            label_text = ""
    return units


# The text's own apparatus, which says nothing of what it is about: how the document presents
# what it prints ("We reproduce the letter below, unedited.", "The regulator's letter is
# reproduced in full.", "The board replies to each finding point by point."), a letter's
# courtesies ("Please accept the assurances of …", "Thank you for your letter of 3 May."), a
# record's list of those present. Its verb and its "below" or "in full" are read within one
# clause ("{0,80}" to the first such word).
_PRESENTS = re.compile(
    # What is printed "below" or "as follows".
    r"\b(?:print|reproduc|publish|summari[sz]|circulat)\w*+\b[^.;:!?\n]{0,80}?"
    r"\b(?:below|as\s+follows)\b"
    # What this text prints "in full": in the present ("We reproduce …", "It is printed in
    # full"), not what was published once ("the survey was published in full in March").
    r"|\b(?:print|prints|reproduce|reproduces|publish|publishes)\b[^.;:!?\n]{0,80}?"
    r"\b(?:in\s+full|unedited|point\s+by\s+point)\b"
    r"|(?<!was )(?<!were )(?<!been )(?<!had )\b(?:printed|reproduced|published|summari[sz]ed)"
    r"\s+(?:here\s+)?(?:in\s+full|unedited|point\s+by\s+point)\b"
    # An answer that says only how it answers ("The board replies as follows.").
    r"|\b(?:answer(?:s|ed)?|repl(?:y|ies|ied)|respond(?:s|ed)?)\b[^.;:!?\n]{0,80}?"
    r"\b(?:point\s+by\s+point|as\s+follows|in\s+the\s+order)\b",
    re.IGNORECASE,
)
# Whose words are reported, or what is asked for: a sentence with these is someone's claim
# ("The firm said it would refund customers in full", "called for the review to be published
# in full").
_REPORTS = re.compile(
    r"\b(?:said|says|say|told|tells|added|according|denied|denies|deny|accused|accuses|alleged|"
    r"alleges|called|calls|call|urged|urges|demanded|demands|insisted|insists|declined|refused|"
    r"that)\b",
    re.IGNORECASE,
)
# Unnamed witnesses' accounts summarised in a phrase before they are given ("Neighbours
# described a night of shouting.", "Survivors described two blasts."): the accounts that follow
# are the claims. A clause of the summary's own ("that …"), a name described "as" something or
# a quotation makes it a claim. The phrase is read to the stop ("{1,160}+", no stop in it).
_SUMMARISED = re.compile(
    rf"(?:(?:some|many|several|other|most)[ \t]++)?(?:{'|'.join(sorted(WITNESS_GROUPS))})"
    r"(?:[ \t]++(?:of|in|from)[ \t]++[A-Z][\w’'-]*+)?[ \t]++(?:\w++[ \t]++)?"
    r"(?:described[ \t]++(?![\w’'-]++[ \t]++as\b)(?![^.!?;:\n]{0,160}?\b(?:that|who|which|as)\b)"
    r"|(?:told|gave|offered)[ \t]++a[ \t]++different[ \t]++(?=(?:story|account|version|picture)\.))"
    r"[^.!?;:“”\"\n]{1,160}+\.",
    re.IGNORECASE,
)
# The label of a line that restates what others say in order to answer it ("MYTH: …").
_RESTATED = re.compile(r"myths?|rumou?rs?|false\s+claims?", re.IGNORECASE)
_COURTESY = re.compile(
    r"(?:please\s+(?:accept|provide|find|do\s+not\s+hesitate)|thank\s+you\s+for\s+"
    r"(?:sharing|your\s+(?:letter|email|message|note))|yours\s+(?:sincerely|faithfully))\b",
    re.IGNORECASE,
)
_PRESENT_LIST = re.compile(
    r"(?:members\s+present|also\s+present|present|in\s+attendance)\s*+:", re.IGNORECASE
)
# A sentence that only acknowledges another's words or acts, a few words of subject, the verb
# and its object to the stop ("We take note of the board's letter.", "The union welcomed the
# ruling."): it asserts nothing of its own. Not one with a clause after its object.
_ACKNOWLEDGES = re.compile(
    r"(?P<subject>(?:[\w’'.-]++[ ]++){1,6}?)(?:(?:also|further)[ ]++)?"
    r"(?:notes?|noted|takes?[ ]++note[ ]++of|took[ ]++note[ ]++of|welcomes?|welcomed|"
    r"thanks?|thanked|acknowledges?[ ]++receipt[ ]++of|acknowledged[ ]++receipt[ ]++of)"
    r"[ ]++(?P<object>[^,;:!?“”\"\n]{1,160})\."
)
# A subject ending on one of these is a noun phrase holding the verb's word ("The notes show
# …", "Its thanks go to …"): no acknowledgement.
_DETERMINERS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "these", "those", "of"}
)
_CLAUSE_AFTER = re.compile(
    r"\b(?:and|but|that|which|who|because|although|while|since|if|as)\b", re.IGNORECASE
)


def is_apparatus(sentence: str) -> bool:
    """Whether a sentence is the text's own apparatus (`_PRESENTS`, `_COURTESY`,
    `_PRESENT_LIST`, `_SUMMARISED`) or only acknowledges another's words, with no one's words
    reported in it (`_REPORTS`). (A sentence ending in a colon, "Its statement says:", says
    nothing either, but it names who speaks the quotation after it: it stays.)"""
    text = sentence.strip()
    if _COURTESY.match(text) or _PRESENT_LIST.match(text) or _SUMMARISED.fullmatch(text):
        return True
    if text.endswith(":") or _REPORTS.search(text) is not None:
        return False
    return _PRESENTS.search(text) is not None or _acknowledges_only(text)


def _acknowledges_only(text: str) -> bool:
    """Whether a sentence only acknowledges what another said or did (`_ACKNOWLEDGES`)."""
    acknowledged = _ACKNOWLEDGES.fullmatch(text)
    return (
        acknowledged is not None
        and acknowledged["subject"].split()[-1].lower() not in _DETERMINERS
        and _CLAUSE_AFTER.search(acknowledged["object"]) is None
    )


def _said_in_message(message: str) -> tuple[int, int] | None:
    """Where a chat's or a radio log's message says something, without the calls, the
    acknowledgements and the bare questions at its ends (`is_procedure`); None if it is all
    they."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in _sentences(message):
        stripped = sentence.strip()
        at = message.find(stripped, cursor) if stripped else -1
        if at < 0:
            continue
        cursor = at + len(stripped)
        if not is_procedure(stripped):
            spans.append((at, cursor))
    if not spans:
        return None
    return spans[0][0], spans[-1][1]


# pysbd's abbreviation pass is quadratic in a paragraph's length (4 s for 36,000 characters of
# "The ministry said …"). News paragraphs are far shorter; a longer one is given to it in
# pieces of at most this many characters, each cut after a sentence's end where there is one.
_SEGMENT_CHARS = 2_000


# A quotation ending a sentence right before another opening ('… "a smokescreen." "We …'):
# pysbd keeps both as one sentence. The mark after the stop must close a quotation (curly, or
# a straight one closing an even count), the next open one before a capital.
_QUOTE_AFTER_QUOTE = re.compile(r"[.!?](?P<close>[”\"])[ \t]++(?=[“\"][A-Z])")


def _split_at_quotations(sentence: str) -> Iterator[str]:
    start = counted = 0
    straight = 0  # straight marks from the sentence's start to `counted`
    for found in _QUOTE_AFTER_QUOTE.finditer(sentence):
        straight += sentence.count('"', counted, found.end("close"))
        counted = found.end("close")
        if found["close"] == "”" or straight % 2 == 0:
            yield sentence[start : found.end()]
            start = found.end()
    yield sentence[start:]


def _sentences(text: str) -> Iterator[str]:
    for sentence in _segmented(text):
        yield from _split_at_quotations(sentence)


def _segmented(text: str) -> Iterator[str]:
    start = 0
    while len(text) - start > _SEGMENT_CHARS:
        limit = start + _SEGMENT_CHARS
        end = max(text.rfind(mark, start, limit) for mark in (". ", "? ", "! ", "” "))
        if end > start:
            cut = end + 2
        else:
            space = text.rfind(" ", start + 1, limit)
            cut = space + 1 if space > start else limit
        yield from _segmenter().segment(text[start:cut])
        start = cut
    yield from _segmenter().segment(text[start:])


def _paragraphs(body: str) -> Iterable[tuple[int, str]]:
    for match in re.finditer(r"[^\n]+", body):
        if match.group(0).strip():
            yield match.start(), match.group(0)


def quoted_blocks(body: str) -> list[tuple[int, int]]:
    """Quotations that run over several paragraphs, as a statement given in full: one opens a
    paragraph and is not closed in it, each later paragraph opening a quotation it leaves open
    continues it, and the first later paragraph that closes a quotation ends it."""
    blocks: list[tuple[int, int]] = []
    opened = -1
    for start, text in _paragraphs(body):
        stripped = text.strip()
        if opened < 0:
            if stripped[:1] in '“"' and _open_quote(stripped):
                opened = start
        elif stripped[:1] in '“"' and _open_quote(stripped):
            # Each paragraph of a quotation opens with a quotation mark and only the last
            # closes it: one opening and not closing continues it.
            continue
        elif _open_quote(stripped) or stripped[-1:] in '”"':
            blocks.append((opened, start + len(text)))
            opened = -1
    return sorted(blocks + announced_quotations(body, blocks))


def announced_quotations(body: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A text printed as one paragraph in quotation marks under the paragraph announcing it
    with a colon ("The board's notice, posted on its website, reads:", then "“… . … .”"): a
    quotation of several sentences read as one of several paragraphs is, every sentence of it
    its announcer's. Not one inside a longer quotation, nor one closed before its paragraph's
    end ("“…,” she said.")."""
    found: list[tuple[int, int]] = []
    previous = ""
    for start, text in _paragraphs(body):
        stripped = text.strip()
        if (
            previous.endswith(":")
            and len(previous) <= _ANNOUNCEMENT_CHARS
            and not _QUESTION_END.search(previous[:-1])
            and is_quotation_only(stripped)
            and len(_SENTENCE_BREAK.findall(stripped)) >= 1
            and not any(b_start <= start < b_end for b_start, b_end in blocks)
        ):
            found.append((start, start + len(text)))
        previous = stripped
    return found


# How long a paragraph announcing a quotation printed under it runs to at most.
_ANNOUNCEMENT_CHARS = 600


def quotation_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a quotation standing alone (`is_quotation_only`), as offsets in `text`:
    one paragraph printed whole in quotation marks is read sentence by sentence, as one over
    several paragraphs is (its marks with its first and last)."""
    if not is_quotation_only(text):
        return []
    # (Read inside its marks: the segmenter keeps a quotation whole.)
    opening = len(text) - len(text.lstrip()) + 1
    closing = len(text.rstrip().rstrip(".,;:!?")) - 1
    found = _sentences_between(text, opening, closing)
    if found:
        # The marks with the first sentence and the last.
        found[0] = (opening - 1, found[0][1])
        found[-1] = (found[-1][0], len(text.rstrip()))
    return found


def _sentences_between(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of `text[start:end]`, stripped, as offsets in `text`."""
    found: list[tuple[int, int]] = []
    cursor = start
    for sentence in _sentences(text[start:end]):
        stripped = sentence.strip()
        at = text.find(stripped, cursor, end) if stripped else -1
        if at < 0:
            continue
        cursor = at + len(stripped)
        found.append((at, cursor))
    return found


# The words introducing a quotation after a colon ("The ministry, in a statement issued on
# Monday:", "The site's manager told reporters:"): no quotation mark in them.
_COLON_LEAD = re.compile(r"[^\n“”\"]{1,400}?:[ \t]*+(?=[“\"])")


def colon_quotation_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a quotation of several sentences that ends its paragraph after a colon
    ("X, in a statement on Monday: “… . … .”"), as offsets in `text`: a statement printed as
    received is its speaker's, a claim each sentence, the words before the colon with the
    first. Empty when the quotation is of one sentence or does not end `text`."""
    lead = _COLON_LEAD.match(text)
    if lead is None:
        return []
    at = lead.end()
    pieces = quotation_sentences(text[at:])
    if len(pieces) < 2:
        return []
    return [(0, at + pieces[0][1]), *((at + start, at + end) for start, end in pieces[1:])]


def opening_quotation_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a quotation of several sentences that opens `text`, as offsets in it:
    the last with the words after the closing mark ("“… . … ,” she said."), the first with the
    opening mark. Empty when `text` opens with no quotation mark, the quotation is never closed
    or holds one sentence."""
    opening = len(text) - len(text.lstrip())
    mark = text[opening : opening + 1]
    if mark not in ("“", '"'):
        return []
    closing = text.find("”" if mark == "“" else '"', opening + 1)
    if closing < 0:
        return []
    found = _sentences_between(text, opening + 1, closing)
    if len(found) < 2:
        return []
    found[0] = (opening, found[0][1])
    found[-1] = (found[-1][0], len(text.rstrip()))
    return found


# The owner a paragraph announcing a quotation of several paragraphs names ("The UNICEF
# statement, issued in Geneva, reads in full:", "The club's statement reads:", "The statement,
# issued by the press service of the Morvalian General Staff, reads:"): the issuer after "issued
# by", else the name before the word for the text.
_BLOCK_ISSUER = re.compile(
    r"\b(?:issued|released|published|posted|signed)[ ]++by[ ]++"
    r"(?:the[ ]++press[ ]++(?:service|office)[ ]++of[ ]++)?"
    r"(?P<owner>(?:the[ ]++)?(?:(?:[A-Z][\w’'&-]*+|of|for)[ ]++){0,5}[A-Z][\w’'&-]*+)"
)
_BLOCK_OWNER = re.compile(
    r"(?P<owner>\b(?:[Tt]he[ ]++)?(?:(?:[A-Z][\w’'&-]*+[ ]++){0,4}[A-Z][\w’'&-]*+|[a-z]++))"
    r"(?:['’]s?)?[ ]++(?:own[ ]++)?(?:full[ ]++)?(?:statement|release|reply|response|text|letter|"
    # (a notice's, a bulletin's or an alert's, a word before it or none: "X's notice to
    # residents, posted at the gate, reads:")
    r"(?:[a-z]++[ ]++)?(?:notice|bulletin|alert|advisory|leaflet))\b"
)
# The owner named after the word for the text ("The response of Kestrel Avionics, issued
# through its lawyers, reads:", "A statement from the Harbour Board reads:"), the small words of
# a long name between its capitalised ones.
_BLOCK_OWNER_AFTER = re.compile(
    r"\b(?:statement|release|reply|response|text|letter)[ ]++(?:of|from)[ ]++(?:the[ ]++)?"
    r"(?P<owner>(?:[A-Z][\w’'&-]*+[ ]++(?:(?:of|for|and)[ ]++)?){0,5}[A-Z][\w’'&-]*+)"
)
# A paragraph's opening subject and the verb in the past after it ("Menga's agent, Teodor
# Amsel, replied …", "The ministry issued …").
_OPENING_SUBJECT = re.compile(
    r"(?P<who>(?:The[ ]++)?[A-Z][\w’'-]*+(?:[ ]++[\w’'-]++){0,3}"
    r"(?:,[ ]++[A-Z][\w’'-]*+(?:[ ]++[A-Z][\w’'-]*+){0,3},)?)[ ]++[a-z]+ed\b"
)
# The announcement's verb: the text follows it ("reads", "reads in full", "follows", "says").
_BLOCK_ANNOUNCED = re.compile(r"\b(?:reads|follows|says|said|states)\b[^.\n]{0,20}:\s*+$")
# Or "the following" and the word for the text ("The union issued the following statement
# after the vote:"): its owner is the subject of the verb before it, read in attribution.
_BLOCK_FOLLOWING = re.compile(
    r"\bthe[ ]++following[ ]++(?:statement|response|reply|text|comment)s?+\b[^.\n]{0,60}:\s*+$"
)


def block_owners(body: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """The owners of quotations of several paragraphs (`quoted_blocks`) that the paragraph just
    before announces by name, ending with a colon: (start, end, the owner's words, where)."""
    paragraphs = list(_paragraphs(body))
    found = []
    for block_start, block_end in blocks:
        before = [(p, t) for p, t in paragraphs if p < block_start]
        if not before:
            continue
        start, text = before[-1]
        last = max((m.end() for m in _SENTENCE_BREAK.finditer(text)), default=0)
        sentence = text[last:]
        if _BLOCK_FOLLOWING.search(sentence) is not None:
            # No words: whom the announcing sentence names, from `where`.
            found.append((block_start, block_end, "", start + last))
            continue
        if _BLOCK_ANNOUNCED.search(sentence) is None:
            continue
        if last and re.match(r"(?:It|This)[ ]", sentence):
            # "Menga's agent, Teodor Amsel, replied in a statement …. It reads:": the subject
            # opening the paragraph, if a verb in the past follows it (no words: the speaker
            # the paragraph names, from `where`).
            subject = _OPENING_SUBJECT.match(text)
            found.append(
                (block_start, block_end, subject["who"].rstrip(",") if subject else "", start)
            )
            continue
        owner = (
            _BLOCK_ISSUER.search(sentence)
            or _BLOCK_OWNER_AFTER.search(sentence)
            or _BLOCK_OWNER.search(sentence)
        )
        if owner is None:
            continue
        words = re.sub(r"^[Tt]he[ ]+(?=[A-Z])", "", owner["owner"])
        if words.lower() in ("the", "this", "its", "their", "his", "her"):
            continue
        found.append((block_start, block_end, words, start + last + owner.start()))
    return found


# A paragraph announcing a statement printed in full after it, unquoted ("Caspen Ferries issued
# the following statement …", "The full statement reads:"), and the line that ends it ("Ends.",
# "###"). Its issuer is named at the paragraph's start.
_PRINTED = re.compile(
    r"\b(?:the following (?:statement|notice|alert|announcement|release)|"
    r"(?:full|whole) (?:statement|text) (?:reads|follows)|"
    r"(?:print|publish|reproduce|give)s? it in full|in full below)\b",
    re.IGNORECASE,
)
_STATEMENT_END = re.compile(
    r"[ \t]*+(?:-+[ \t]*+)?(?:ends|end of (?:statements?|notices?|alerts?|release|texts?|report)|"
    r"###|-30-)\b",
    re.I,
)
# The issuer named after the text in the passive ("The following notice was published by the
# Treasury's sanctions office on Thursday."), the small words of a long name inside it.
_PRINTED_BY = re.compile(
    r"\b[Tt]he[ ]++following[ ]++[a-z]++[ ]++(?:was|were|has[ ]++been)[ ]++"
    r"(?:issued|published|released|posted)[ ]++by[ ]++(?:the[ ]++)?"
    r"(?P<issuer>(?:[A-Z][\w’'&.-]*+[ ]++(?:(?:of|for|and)[ ]++)?){0,6}[A-Z][\w’'&-]*+)"
)
# (A name's small words inside it: "Tesmaria's Ministry of Information", "Office for Ports".)
_ISSUER = re.compile(
    r"(?:The[ ]++)?(?:[A-Z][\w’'&.-]*+[ ]++(?:(?:of|for|and|the|de)[ ]++(?=[A-Z]))?+){0,5}"
    r"[A-Z][\w’'&.-]*+"
)
# How many paragraphs a statement printed in full runs to at most before its end line.
_STATEMENT_PARAGRAPHS = 30


def printed_statements(body: str) -> list[tuple[int, int, str, int]]:
    """Statements printed in full without quotation marks, between the paragraph announcing
    them and an end line: (start, end, the issuer as the announcement names it, where); then a
    body's documents under a heading or an announcement naming it (`headed_documents`)."""
    paragraphs = list(_paragraphs(body))
    found = []
    for index, (start, text) in enumerate(paragraphs):
        if not _PRINTED.search(text):
            continue
        following = paragraphs[index + 1 : index + 1 + _STATEMENT_PARAGRAPHS]
        end = next(
            (
                p
                for p, t in following
                if _STATEMENT_END.fullmatch(t.rstrip(". -")) or _BRACKETED_END.match(t)
            ),
            None,
        )
        if end is None:
            continue
        signed = _signed_before(following, end)
        if signed is not None:
            # (A leaflet or a decree signed by its maker above the end line: the signer's.)
            found.append((start + len(text), end, *signed))
            continue
        passive = _PRINTED_BY.search(text)
        if passive is not None:
            # (The body itself, not its owner: "the Treasury's sanctions office".)
            body_named = re.sub(r"^.*['’]s[ ]", "", passive["issuer"])
            found.append((start + len(text), end, body_named, start + passive.start("issuer")))
            continue
        issuer = _ISSUER.match(text)
        if issuer and issuer[0] != "The":
            found.append((start + len(text), end, issuer[0], start))
    return found + [
        text for text in headed_documents(body, paragraphs) if not _within(text[0], found)
    ]


# The printer's note ending a text printed in full: "[End of text. …]", "[End of the pages …]".
_BRACKETED_END = re.compile(r"[ \t]*+\[(?:End|END)[ \t]++(?:of|OF)\b")
# A maker's signature closing such a text: a name of a few words, capitals and the small words
# of a long name ("Supreme Staff of the Naval Forces of X"), no sentence's end.
_SIGNATURE_NAME = re.compile(
    r"[ \t]*+(?P<name>[A-Z][\w’'&.-]{0,30}+(?:[ ]++(?:(?:of|for|and|the)[ ]++){0,2}+"
    r"[A-Z][\w’'&.-]{0,30}+){1,9}+)[ \t]*+"
)


def _signed_before(following: list[tuple[int, str]], end: int) -> tuple[str, int] | None:
    """The maker's name signing a text printed in full on the last line before its end line at
    `end`, and where it is; None when that line is a sentence, a heading in capitals or a
    bracketed note."""
    last = next(((p, t) for p, t in reversed(following) if p < end), None)
    if last is None:
        return None
    p_start, p_text = last
    signature = _SIGNATURE_NAME.fullmatch(p_text.rstrip())
    if signature is None or p_text.isupper():
        return None
    return signature["name"], p_start + signature.start("name")


def _within(position: int, spans: list[tuple[int, int, str, int]]) -> bool:
    return any(start <= position < end for start, end, _, _ in spans)


# A document printed under a heading line that names its issuer after its title, a place and a
# date after it ("Interim Findings, Coastal Safety Panel, Marrow, 3 May"): the issuer is the
# first part after the title's that is a name of two words or more.
_DOCUMENT_TITLE_WORD = (
    r"(?:[Ss]tatement|[Rr]eport|[Ff]indings|[Cc]onclusions|[Aa]lert|[Nn]otice|[Bb]ulletin|"
    r"[Uu]pdate|[Cc]ommuniqu[eé]|[Dd]eclaration|[Aa]ssessment|[Ss]ummary|[Bb]riefing|[Rr]elease)"
)
_TITLED_ISSUER = re.compile(
    r"(?:[A-Z][\w’'-]*+[ ]++){0,3}" + _DOCUMENT_TITLE_WORD + r"\b[^,\n]{0,120}+,[ ]++"
    r"(?P<issuer>(?:[A-Z][\w’'&.-]*+[ ]++(?:(?:of|for|and|the|on|in)[ ]++)?){1,7}+"
    r"[A-Z][\w’'&.-]*+)(?:,[^,\n]{1,60}+){0,3}+"
)
# A heading line that names the body the text under it comes from ("UPDATE FROM THE COASTAL
# SAFETY PANEL (CSP), AS OF 18:00", "Latest from the Harbour Board"): the name after "from" or
# "by", to a bracket, a comma or the line's end.
_FROM_ISSUER = re.compile(
    r"(?![^\n]{0,40}?\b(?i:letter|e-?mail|message|note)\b)"
    r"(?:[A-Z][\w’'-]*+[ ]++){0,4}(?:from|FROM|by|BY)[ ]++(?:the[ ]++|THE[ ]++)?"
    r"(?P<issuer>[A-Z][\w’'&.-]*+(?:[ ]++[A-Za-z][\w’'&.-]*+){0,9}?)"
    r"(?:[ ]++\([^()\n]{1,20}+\))?(?:,[^\n]{0,160}+)?"
)
# A response's heading ("Statement of the Commission", "Reply from the company"): read over its
# paragraphs in attribution (`_heading_owner`), not here.
_RESPONSE_OPENING = re.compile(
    r"(?i:(?:the[ ]++)?(?:response|reply|statement|comment|answer)s?+[ ]++(?:of|from|by)[ ]++)"
)
# A paragraph announcing a text printed after it, ending with a colon: "The notice published by
# the Port Authority reads in part:", "Harbour Freight answered in a release on its website:".
_ANNOUNCED_TEXT = re.compile(
    r"\b(?:statement|alert|notice|announcement|release|bulletin|communiqu[eé]|update|report|"
    r"findings|letter|post)s?+\b[^:\n]{0,120}+:\s*+$"
)
# The subject opening such an announcement: a name before a verb in the past ("Harbour Freight
# answered …"), its small words inside it.
_ANNOUNCER = re.compile(
    r"(?P<who>(?:[A-Z][\w’'&-]*+[ ]++(?:(?:of|for|and)[ ]++)?){0,5}[A-Z][\w’'&-]*+)"
    r"(?:[ ]++\([^()\n]{1,20}+\))?[ ]++[a-z]{1,20}ed\b"
)
# A word a body's name holds when the speaker stage reads no organisation in it.
_BODY_NOUNS = frozenset(
    {"mission", "delegation", "panel", "tribunal", "secretariat", "board", "commission", "office"}
)
# Its issuer after "issued by" ("The notice issued by the Office for Ports and Harbours …").
_ISSUED_BY = re.compile(
    r"\b(?:issued|released|published|posted|signed)[ ]++by[ ]++(?:the[ ]++)?"
    r"(?P<issuer>(?:[A-Z][\w’'&-]*+[ ]++(?:(?:of|for|and)[ ]++)?){0,6}[A-Z][\w’'&-]*+)"
)
_SAID = re.compile(r"\bsaid\b")
# How many characters a heading runs to at most.
_HEADING_CHARS = 240


def headed_documents(
    body: str, paragraphs: list[tuple[int, str]] | None = None
) -> list[tuple[int, int, str, int]]:
    """Documents printed in full in their issuer's own voice, unquoted and without a verb of
    saying, under a heading line naming the issuer (after the title, or after "from") or after a
    paragraph announcing them with a colon and naming their issuer: (start, end, the issuer's
    words, where). A document runs from its first paragraph with a sentence to the next heading
    line, an end line, a quotation, a paragraph in the news' voice again ("said") or the end."""
    if paragraphs is None:
        paragraphs = list(_paragraphs(body))
    found: list[tuple[int, int, str, int]] = []
    index = 0
    while index < len(paragraphs):
        start, text = paragraphs[index]
        opened = _document_opening(start, text.strip()) or _release_headline(paragraphs, index)
        index += 1
        if opened is None:
            continue
        issuer, where = opened
        first = end = -1
        listing = False  # whether the document has gone on in items under its headings
        while index < len(paragraphs):
            p_start, p_text = paragraphs[index]
            stripped = p_text.strip()
            if _STATEMENT_END.fullmatch(stripped.rstrip(". -")):
                break
            item = BULLET.match(stripped) or LABELLED_ITEM.match(stripped)
            if item is not None and (listing or first < 0):
                # A document's items under its own heading ("KEY POINTS", then "- …"): each
                # its issuer's, whether it ends as a sentence or is a figure and its words.
                listing = True
                first = index if first < 0 else first
                end = p_start + len(p_text)
                index += 1
                continue
            heading = not _SENTENCE_END.search(stripped)
            if heading and _items_follow(paragraphs, index):
                # A section's heading over items: the document goes on under it.
                index += 1
                continue
            if listing:
                break  # prose after a document's items: the news' own again
            if heading and first < 0:
                index += 1  # the document's own title under the announcement
                continue
            if (
                heading
                or stripped[:1] in '“"'
                or BULLET.match(stripped)
                or _SAID.search(mask_quotes(stripped))
                or index - first > _STATEMENT_PARAGRAPHS
            ):
                break
            first = index if first < 0 else first
            end = p_start + len(p_text)
            index += 1
        if first >= 0:
            found.append((paragraphs[first][0], end, issuer, where))
    return found


# A document's title on a line of its own ("PRESS RELEASE", "Media statement"), and a headline
# under it whose subject is the body that issues it, before a verb in the present ("The Harbour
# Board opens an inquiry into …").
_RELEASE_TITLE = re.compile(
    r"(?i:(?:press|news|media)[ ]++(?:release|statement))[ \t]*+",
)
_HEADLINE_ISSUER = re.compile(
    r"(?:The[ ]++)?(?P<issuer>(?:[A-Z][\w’'&.-]*+[ ]++){1,6}?[A-Z][\w’'&.-]*+)[ ]++[a-z]{2,20}s\b"
)
# How many heading lines under such a title are read for its headline.
_HEADLINE_LINES = 3


def _release_headline(paragraphs: list[tuple[int, str]], index: int) -> tuple[str, int] | None:
    """The body a release's headline names as its subject, under the release's title at
    `index`, and where: the first of the heading lines under it that opens with a name of two
    words or more before a verb in the present."""
    if not _RELEASE_TITLE.fullmatch(paragraphs[index][1].strip()):
        return None
    for start, text in paragraphs[index + 1 : index + 1 + _HEADLINE_LINES]:
        stripped = text.strip()
        if len(stripped) > _HEADING_CHARS or _SENTENCE_END.search(stripped):
            return None
        headline = _HEADLINE_ISSUER.match(stripped)
        if headline is not None:
            at = start + len(text) - len(text.lstrip()) + headline.start("issuer")
            return headline["issuer"], at
    return None


def _items_follow(paragraphs: list[tuple[int, str]], index: int) -> bool:
    """Whether the paragraph after paragraphs[index] is an item of a list (a bullet or a
    labelled number), the heading at `index` one of a document's sections."""
    if index + 1 >= len(paragraphs) or len(paragraphs[index][1]) > _HEADING_CHARS:
        return False
    following = paragraphs[index + 1][1].strip()
    return bool(BULLET.match(following) or LABELLED_ITEM.match(following))


# A labelled, numbered item of a document's list ("Count 2: …", "Charge 3. …"): a capitalised
# word and a number before a colon or a stop.
LABELLED_ITEM = re.compile(r"[A-Z][a-z]{1,15}+[ \t]++\d{1,3}+[:.][ \t]++(?=\S)")
# A last sentence announcing the parts of the text the sentence before names ("Its main
# points are as follows:", "Their findings are set out below:"): the text's issuer is named
# there ("The review, issued by the X, covers …").
_ITS_PARTS = re.compile(r"(?:Its|Their)[ ]++[^:\n]{0,160}?\b(?:as[ ]++follows|below)[ ]*+:\s*+$")
_TEXT_WORD = re.compile(
    r"\b(?:statement|alert|notice|bulletin|communiqu[eé]|update|report|review|findings)\b"
)


def opens_an_item(body: str, position: int) -> bool:
    """Whether the line holding `position` opens with a bullet or a labelled number."""
    line = line_start(body, position)
    return bool(BULLET.match(body, line) or LABELLED_ITEM.match(body, line))


def _document_opening(start: int, text: str) -> tuple[str, int] | None:
    """The issuer a heading line or an announcing paragraph names, and where, if it is one."""
    if not text or len(text) > _HEADING_CHARS * 3:
        return None
    if text.endswith(":") and "\n" not in text:
        breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
        last = max(breaks, default=0)
        sentence = text[last:]
        if _ITS_PARTS.match(sentence) and breaks:
            # The sentence before names the text and who issued it.
            before = max((b for b in breaks if b < last), default=0)
            named = _ISSUED_BY.search(text, before, last)
            if named is not None and _TEXT_WORD.search(text, before, named.start()):
                words = re.sub(r"^[Tt]he[ ]++", "", named["issuer"])
                return words, start + named.start("issuer")
        if (
            _ANNOUNCED_TEXT.search(sentence) is None
            or _TEXT_FOLLOWS.search(sentence) is not None
            or _PRINTED.search(sentence) is not None
            or _ANSWERS.search(sentence) is not None
        ):
            return None
        named = _ISSUED_BY.search(sentence) or _ANNOUNCER.match(sentence)
        if named is None:
            return None
        words = re.sub(r"^[Tt]he[ ]++", "", named.group(1))
        if words.split()[0] in ("It", "This", "They", "He", "She"):
            return None
        return words, start + last + named.start(1)
    if len(text) > _HEADING_CHARS or _SENTENCE_END.search(text):
        return None
    titled = _TITLED_ISSUER.fullmatch(text)
    if titled is not None and _a_body(titled["issuer"]):
        return titled["issuer"], start + titled.start("issuer")
    if _RESPONSE_OPENING.match(text):
        return None
    source = _FROM_ISSUER.fullmatch(text)
    if source is not None:
        words = source["issuer"]
        if words.isupper():
            words = from_capitals(words)
        if _a_body(words):
            return words, start + source.start("issuer")
    return None


def _a_body(words: str) -> bool:
    """Whether a name of two words or more says it is a body, not a person or a place, nor an
    office holder of one ("Chair of the Harbour Board")."""
    names = words.split()
    if len(names) < 2:
        return False
    head = re.split(r"[ ]++(?:of|OF)[ ]++", words, maxsplit=1)[0]
    if head != words and not _a_body(f"{head} {head}"):
        return False
    return bool(organisation_kind(words) or any(name.lower() in _BODY_NOUNS for name in names))


# A run-in title opening a document's numbered paragraph ("2. Access to the site. The team
# was …"): a few words and a stop before the paragraph's first sentence.
_RUN_IN_TITLE = re.compile(r"\d{1,3}+\.[ \t]++(?P<title>[^.!?\n]{1,80}+)\.[ \t]++(?=\S)")
_TITLE_WORDS = 12


def run_in_title(body: str, start: int, end: int) -> bool:
    """Whether the sentence from `start` to `end` is the run-in title of a numbered paragraph
    (its number with it or not)."""
    opening = line_start(body, start)
    title = _RUN_IN_TITLE.match(body, opening)
    return (
        title is not None
        and start < title.end("title")
        and end <= title.end("title") + 1
        and len(title["title"].split()) <= _TITLE_WORDS
    )


# Whose answers or text an announcement names: up to five capitalised words or a possessive
# pronoun, and the space after it ("Brindle Water's ", "Its ").
_OWNER = (
    r"(?P<owner>\b(?:[A-Z][\w’'&-]*+[ ]++){0,4}[A-Z][\w’'&-]*+|\b(?:its|their|his|her))"
    r"(?:['’]s?)?[ ]++"
)
# A paragraph announcing answers printed under the questions put ("Its answers, received by
# email …, are printed below in full", "The ministry's replies are reproduced below"), and who
# gave them: the owner of the answers, by name or by a possessive pronoun.
_ANSWERS = re.compile(
    _OWNER + r"(?:(?:written|emailed|full)[ ]++)?(?:answers|replies|responses)\b"
    r"[^.\n]{0,200}?\b(?:printed|published|reproduced|given|set out)\b[^.\n]{0,40}?"
    r"\b(?:below|in full)\b"
)
# A question put in such an exchange: a paragraph that ends with one ("1. … Do you accept
# those results?"); a note the outlet adds after an answer ("Editor's note: …").
_QUESTION_END = re.compile(r"\?[”\"’]?\s*+$")
_NOTE = re.compile(r"(?:[A-Z][\w’'-]*+[ ]++)?[Nn]otes?:[ ]")
# How many paragraphs an answer runs to at most, and how many follow the announcement at most.
_ANSWER_PARAGRAPHS, _EXCHANGE_PARAGRAPHS = 3, 60


def printed_answers(body: str) -> list[tuple[int, int, str, int]]:
    """Answers printed under the questions put, with no verb of saying: (start, end, the
    words naming who answered, where), a paragraph each. An answer is the paragraphs after a
    question, up to the next question, a note, a heading in capitals or a few paragraphs."""
    paragraphs = list(_paragraphs(body))
    found: list[tuple[int, int, str, int]] = []
    for index, (start, text) in enumerate(paragraphs):
        announced = _ANSWERS.search(text)
        if announced is None:
            continue
        owner = _POSSESSIVE_PRONOUNS.get(announced["owner"].lower(), announced["owner"])
        where = start + announced.start()
        asked = collecting = False
        answered = 0
        for p_start, p_text in paragraphs[index + 1 : index + 1 + _EXCHANGE_PARAGRAPHS]:
            stripped = p_text.strip()
            if stripped.isupper() and asked:
                break
            if _QUESTION_END.search(stripped):
                asked = collecting = True
                answered = 0
                continue
            if _NOTE.match(stripped) or stripped.isupper() or answered == _ANSWER_PARAGRAPHS:
                collecting = False
            if collecting:
                answered += 1
                # (Each paragraph once, under the first announcement it follows.)
                if not found or p_start >= found[-1][1]:
                    found.append((p_start, p_start + len(p_text), owner, where))
    return sorted(found + _asked_and_answered(paragraphs, found))


# A paragraph announcing a text's questions and answers ("The leaflet ends with readers'
# questions and answers:", "Its Q&A section, in part:"); the owner before it, if it names one.
_QA_ANNOUNCED = re.compile(
    r"(?:" + _OWNER + r")?(?:[a-z]++[ ]++){0,2}?(?:questions[ ]++and[ ]++answers|Q&A)\b"
)
# A paragraph putting a question and printing its answer after it in quotation marks ("Will
# the line reopen? “Not before spring.”"): the answer starts at the mark.
_ASKED_THEN_ANSWERED = re.compile(r"[A-Z][^?\n]{2,200}+\?[ \t]++(?=[“\"][A-Z])")


def _asked_and_answered(
    paragraphs: list[tuple[int, str]], found: list[tuple[int, int, str, int]]
) -> list[tuple[int, int, str, int]]:
    """Answers printed in quotation marks after their question in the same paragraph, under a
    paragraph announcing questions and answers: (start, end, the words naming who answers, or
    "it" for the text's owner named before, where), to the first paragraph that is not one."""
    answers: list[tuple[int, int, str, int]] = []
    for index, (start, text) in enumerate(paragraphs):
        announced = _QA_ANNOUNCED.search(text)
        if announced is None or _ASKED_THEN_ANSWERED.match(text.strip()):
            continue
        named = announced["owner"] or ""
        owner = _POSSESSIVE_PRONOUNS.get(named.lower(), named)
        where = start + announced.start()
        text_named = _THE_TEXT.search(text, 0, announced.start() + 1)
        if owner in ("", "The", "A") and text_named is not None:
            # "The notice includes questions and answers": the owner of the notice named last
            # in the paragraphs before ("The X Company's recall notice … says …").
            owner, where = _text_owner(paragraphs[max(0, index - 3) : index + 1], text_named[1])
        owner = "it" if owner in ("", "The", "A", "Its") else owner
        for p_start, p_text in paragraphs[index + 1 : index + 1 + _EXCHANGE_PARAGRAPHS]:
            asked = _ASKED_THEN_ANSWERED.match(p_text)
            if asked is None:
                break
            if not any(s <= p_start < e for s, e, _, _ in found + answers):
                answers.append((p_start + asked.end(), p_start + len(p_text), owner, where))
    return answers


# The text an announcement names by its word ("The notice includes …").
_THE_TEXT = re.compile(
    r"\b[Tt]he[ ]++(notice|leaflet|letter|statement|guide|page|document|release|website)\b"
)


def _text_owner(paragraphs: list[tuple[int, str]], word: str) -> tuple[str, int]:
    """The last owner the paragraphs name for a text by `word` ("Ab Cd's recall notice"), and
    where; ("", -1) when none does."""
    owned = re.compile(
        r"(?P<owner>(?:[A-Z][\w&-]*+[ ]++){0,4}[A-Z][\w&-]*+)(?:['’]s|(?<=s)['’])[ ]++"
        r"(?:[a-z]++[ ]++){0,2}?" + re.escape(word) + r"\b"
    )
    found = [(start, m) for start, text in paragraphs for m in owned.finditer(text)]
    if not found:
        return "", -1
    start, last = found[-1]
    return last["owner"], start + last.start("owner")


# A paragraph announcing a text printed whole after it, unquoted, and whose it is when it says
# so ("Meridale's text follows, unedited", "Meridale's reply, in full:", "In their letter, the
# families write:", "The letter reads:", "The Observer prints both in full"): by name or
# possessive, else the text's own signature.
_TEXT_FOLLOWS = re.compile(
    rf"(?:{_OWNER})?(?:open[ ]++)?(?:letter|reply|text|statement|response|account)\b"
    r"[^.\n]{0,60}?\b(?:follows|reads|in full|writes?|edited|condensed)\b"
    r"|\b(?:prints?|publish(?:es)?|reproduces?)[ ]++(?:both|them|it)[ ]++in full\b"
    # The same in the passive, at the sentence's end: "It is reproduced in full, followed by the
    # company's reply." (not "Their replies are printed in full after each section": elsewhere)
    r"|\b(?:is|are)[ ]++(?:printed|published|reproduced)[ ]++(?:below[ ]++)?in[ ]full(?=[.,:])"
)
# Who posted a thread printed after the announcement ("The research collective Ab Cd shared
# a thread on what it had found").
_THREAD_POSTED = re.compile(
    r"(?P<owner>(?:[A-Z][\w’'&-]*+[ ]++){0,4}[A-Z][\w’'&-]*+)[ ]++"
    r"(?:published|posted|shared|put[ ]++out)[ ]++(?:a|its|their|the)[ ]++thread\b"
)
# A sentence after the announcement (then the text is not printed next).
_LATER_SENTENCE = re.compile(r"[.!?:][ \t]++\S")
# A heading over the outlet's own words after the printed text ("EDITORS' NOTE").
_NOTE_HEADING = re.compile(r"EDITOR['’]?S['’]? NOTE")
# A paragraph's sentence ends in it; one that does not is a salutation, a signature or a date.
# (A thread's last post may close with its end mark: "… the strikes. /end".)
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?(?:[ \t]++/(?:end|fin))?\s*+$")
_SENTENCE_END_CHARS = 80  # how far from a text's end its sentence's end mark may be
_RULE = re.compile(r"[-–—*_=~ ]{3,80}+")  # a rule between texts ("---", "* * *")
_YEAR = re.compile(r"\b\d{4}\b")  # a date line's ("Oslund, 24 November 2026")
_FIRST_PERSON_WORD = re.compile(r"\b(?:I|we|We|us|our|Our|my|My)\b")
# How many paragraphs follow the announcement at most, and a signature's words at most.
_TEXT_PARAGRAPHS, _SIGNATURE_WORDS = 40, 12
# A line heading a document printed under it and naming its author after "by" or "from"
# ("Written evidence submitted by Jane Roe, former manager (REF 01):", "Letter from John Doe
# MP, Minister for Transport, to the Chair:"); the author's name without letters after it.
_DOCUMENT_HEADER = re.compile(
    r"(?:[A-Z][\w’'-]*+[ ]++){0,3}"
    r"(?:[Ee]vidence|[Ll]etter|[Ss]tatement|[Ss]ubmission|[Tt]estimony|[Rr]eply|[Rr]esponse|"
    r"[Mm]emorandum|[Nn]ote|[Ee]mail|[Mm]essage|[Tt]ext)[ ]++(?:[a-z]++[ ]++){0,2}?(?:by|from)[ ]++"
    r"(?P<author>[A-Z](?:[a-z]|['’][A-Z])[\w’'-]*+(?:[ ]++[A-Z](?:[a-z]|['’][A-Z])[\w’'-]*+){0,4})"
    r"[^:\n]{0,200}+:"
)


def printed_texts(body: str) -> list[tuple[int, int, str, int]]:
    """Texts printed whole, with no verb of saying (a letter, a reply, an account, an op-ed):
    (start, end, the words naming its author, where), a paragraph each. A text follows a
    paragraph announcing it, opens with a salutation ("Sir, - Your report …") or follows a
    byline over words in the first person. It runs to a heading,
    its signature, an end line or the end; one not signed stops before a paragraph that
    attributes with a verb of saying outside the first person or opens with a quotation, and an
    op-ed before the note on its author ("Quillon Dabrey was defence minister …"). The first
    text is the announcement's owner's or the byline's author's, else its signer's, as each
    later one (under a heading) is its signer's; one under an editors' note is the outlet's."""
    paragraphs = list(_paragraphs(body))
    opening = _text_opening(body, paragraphs)
    if opening is None:
        return []
    first, owner, where, bylined = opening
    # An op-ed's author's surname: a paragraph naming it is the note about its author.
    surname = owner.split()[-1] if bylined else ""
    # Each text's paragraphs, its owner, its signature and where its owner is named.
    texts: list[tuple[list[tuple[int, str]], str, str, int]] = [([], owner, "", where)]
    for p_start, p_text in paragraphs[first : first + _TEXT_PARAGRAPHS]:
        stripped = p_text.strip()
        if _STATEMENT_END.fullmatch(stripped.rstrip(". -")):
            break
        if surname and re.search(rf"\b{re.escape(surname)}\b", stripped):
            break
        if stripped.isupper():
            if texts[-1][0]:
                texts.append(([], "", "", where))
            if _NOTE_HEADING.fullmatch(stripped):
                texts[-1] = ([], "Editor's note", "", where)
            continue
        post = POST_HEADER.fullmatch(stripped)
        header = _DOCUMENT_HEADER.fullmatch(stripped) or post
        if header is not None:
            # The next document or post, its author's (as a heading starts one, which gives
            # way). A post is its author's as a signed text is its signer's: all of it, the
            # sentences that quote others left to their verbs of saying.
            if not texts[-1][0]:
                texts.pop()
            named_at = p_start + len(p_text) - len(p_text.lstrip()) + header.start("author")
            texts.append(([], header["author"], header["author"] if post else "", named_at))
            continue
        if _RULE.fullmatch(stripped):
            # A rule between texts ("---") ends one; it signs none.
            if texts[-1][0]:
                texts.append(([], "", "", where))
            else:
                texts[-1] = ([], "", "", where)
            continue
        if _SENTENCE_END.search(stripped):
            texts[-1][0].append((p_start, stripped))
        elif (
            texts[-1][0]
            and not stripped.endswith(",")
            and len(stripped.split()) <= _SIGNATURE_WORDS
            and not _YEAR.search(stripped)
        ):
            # A signature ("The Committee of Families", "For the board: Kristian Berge").
            texts[-1] = (texts[-1][0], texts[-1][1], stripped, texts[-1][3])
            texts.append(([], "", "", where))
    found: list[tuple[int, int, str, int]] = []
    for index, (text_paragraphs, text_owner, signature, named_at) in enumerate(texts):
        author = text_owner or signature
        if not author and any(later[1] for later in texts[index + 1 :]):
            continue  # a text nobody is named for, between a thread's posts
        if not author:
            break
        for p_start, p_text in text_paragraphs:
            # (A thread's numbered post is its author's, a verb of saying in it or not.)
            if not (signature or surname or POST_NUMBER.match(p_text)) and (
                p_text[:1] in '“"'
                or (CUE.search(mask_quotes(p_text)) and not _FIRST_PERSON_WORD.search(p_text))
            ):
                break
            found.append((p_start, p_start + len(p_text), author, named_at))
    return found


def _text_opening(
    body: str, paragraphs: list[tuple[int, str]]
) -> tuple[int, str, int, bool] | None:
    """Where a text printed whole starts (the index of its first paragraph), whose it is as far
    as its opening says, where that is named and whether a byline names it: after the first
    paragraph announcing one (in its last sentence: the text comes next; a statement "issued
    the following" is `printed_statements`', answers `printed_answers`'), else at a paragraph
    opening with a salutation (a letter, its signer's), else after a byline whose first
    paragraph speaks in the first person (an op-ed, its author's)."""
    for index, (start, text) in enumerate(paragraphs):
        announced = _TEXT_FOLLOWS.search(text)
        if (
            announced is not None
            and _LATER_SENTENCE.search(text, announced.end()) is None
            and _ANSWERS.search(text) is None
            and _PRINTED.search(text) is None
        ):
            owner = re.sub(r"['’]s?$", "", announced["owner"] or "")
            owner = "" if owner in ("The", "This") else owner
            owner = _POSSESSIVE_PRONOUNS.get(owner.lower(), owner)
            poster = _THREAD_POSTED.search(text)
            if not owner and poster is not None:
                # "X shared a thread on what it saw. … The police's answer is printed in full.":
                # the thread comes first, and it is its poster's.
                return index + 1, poster["owner"], start + poster.start("owner"), False
            return index + 1, owner, start + announced.start(), False
        header = _DOCUMENT_HEADER.fullmatch(text.strip())
        if header is not None:
            return index + 1, header["author"], start + header.start("author"), False
    for index, (start, text) in enumerate(paragraphs):
        # A post under its header: the header's author's (`printed_texts` reads each header).
        header = POST_HEADER.fullmatch(text.strip())
        if header is not None:
            return index + 1, header["author"], start + header.start("author"), False
    for index, (start, text) in enumerate(paragraphs):
        if SALUTATION.match(text):
            return index, "", start, False
    author, byline_end = byline_author(body)
    if author:
        following = [i for i, (start, _) in enumerate(paragraphs) if start > byline_end]
        if following and _FIRST_PERSON_WORD.search(mask_quotes(paragraphs[following[0]][1])):
            return following[0], author, byline_end, True
    return None


# Where a sentence of a paragraph ends and the next one starts.
_SENTENCE_BREAK = re.compile(r"[.!?][”\"]?[ \t]++(?=[A-Z“\"])")
# How many items such a list runs to at most.
_LIST_ITEMS = 40


def listed_items(body: str) -> list[tuple[int, int, int, int]]:
    """The items of a list under a paragraph whose last sentence announces it with a colon
    ("The notice said:", "The judgment made the following findings:"), each a paragraph that
    opens with a bullet or a number, to the first that does not: (start, end, the announcing
    sentence's start and end)."""
    paragraphs = list(_paragraphs(body))
    found: list[tuple[int, int, int, int]] = []
    for index, (start, text) in enumerate(paragraphs):
        text = text.rstrip()
        if not text.endswith(":"):
            continue
        last = max((m.end() for m in _SENTENCE_BREAK.finditer(text)), default=0)
        sentence = (start + last, start + len(text))
        for p_start, p_text in paragraphs[index + 1 : index + 1 + _LIST_ITEMS]:
            if not (
                BULLET.match(p_text) or ITEM_NUMBER.match(p_text) or LABELLED_ITEM.match(p_text)
            ):
                break
            found.append((p_start, p_start + len(p_text), *sentence))
    return found


_POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she"}


def ends_a_sentence(text: str) -> bool:
    """Whether `text` ends as a sentence does, not as a heading, a signature or a date."""
    # Its last characters only: a paragraph without a blank line after it may run long.
    return _SENTENCE_END.search(text.rstrip()[-_SENTENCE_END_CHARS:]) is not None


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def is_quotation_only(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0] in '“"' and not mask_quotes(text).strip(' .,;:!?”"\u2591')


def mask_quotes(text: str) -> str:
    """The text with quoted words blanked out, offsets kept: attribution lives outside quotes."""
    return _QUOTE_PAIRS.sub(lambda m: "\u2591" * len(m.group(0)), text)


def trim(body: str, start: int, end: int) -> tuple[int, int]:
    start = lead_end(body, start, end)
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


# The words naming a speaker end within this many characters (a name is a few words).
NP_WINDOW = 1000


def until(pattern: re.Pattern[str], text: str, start: int, limit: int = NP_WINDOW) -> int:
    """Where `pattern` first matches in `text` from `start`, looking no further than `limit`
    characters: `re.split(pattern, text[start:])[0]` without splitting (and copying) all the
    rest of the text, once for every "according to" in it."""
    end = min(len(text), start + limit)
    found = pattern.search(text, start, end)
    return found.start() if found else end
