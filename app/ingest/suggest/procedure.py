"""Procedure: what a transcript's turn says to run the meeting, not to claim anything. A chair's
or a spokesperson's greeting and thanks, the agenda and the turn-taking ("the floor is yours",
"one more question"), a note in brackets, a question put with no assertion of its own, an
answer that only says it will follow up or that the speaker has seen what was put; a radio
call or its acknowledgement ("Bravo-1, Base.", "Copy."), a remark on the exchange itself ("I've
answered that.", "My colleague Dr Salk is here.")."""

import re

from app.ingest.suggest.turns import puts_with_a_tag

# An inner label the paragraph's own label did not take ("Moderator: …" inside another
# speaker's turn): the words after it are read.
_INNER_LABEL = re.compile(r"^[A-Z][\w.'’ -]{0,30}:\s+")
# A whole sentence in brackets: a stage direction or a translator's note, no one's words.
_BRACKETED = re.compile(r"^[(\[][^()\[\]]*[)\]][.]?$")
_GREETING = re.compile(
    r"(?:good\s+(?:morning|afternoon|evening|day)|hello|hi|welcome(?:\s+back)?|"
    r"thank\s+you(?:\s+(?:very|so)\s+much)?|thanks|many\s+thanks)\b",
    re.IGNORECASE,
)
# A radio or a chat turn's acknowledgement: it runs the exchange as a greeting does.
_ACKNOWLEDGEMENT = re.compile(
    r"(?:understood|copy(?:\s+that)?|roger(?:\s+that)?|received|noted|got\s+it|wilco|over)\b",
    re.IGNORECASE,
)
# What a greeting or thanks may carry besides the one greeted ("for making the time",
# "everybody", "again", "for joining us tonight").
_COURTESY = re.compile(
    r"(?:and\s+)?(?:everyone|everybody|all(?:\s+of\s+you)?|both(?:\s+of\s+you)?|again|"
    r"to\s+(?:you|all)|ladies\s+and\s+gentlemen|"
    r"for\s+(?:coming|joining|being|having|taking|making)\b[\w\s’'-]*)",
    re.IGNORECASE,
)
# Words of a vocative besides names and titles in capitals ("Minister of Works").
_VOCATIVE_WORDS = frozenset({"of", "the", "and", "for", "mr", "mrs", "ms", "dr", "sir", "madam"})
# The meeting's running: the turns, the agenda, the end.
_TURN_TAKING = re.compile(
    r"^(?:"
    # "I'll say a few words, then take questions.", "A couple of notices before questions."
    r".*\b(?:take|taking)\s+(?:your\s+|some\s+|a\s+few\s+|any\s+)?questions"
    r"(?:\s+(?:now|then|after(?:wards)?))?|"
    r"(?:\w+\s+){0,3}(?:items?|points?|announcements?|notices?|things?)\s+(?:from\s+me\s+)?"
    r"before\s+(?:we\s+(?:go|turn|come)\s+to\s+)?(?:your\s+|any\s+|the\s+)?questions|"
    # "Our last question is from …", "Next question.", "One more question."
    r"(?:the\s+|a\s+|one\s+|my\s+|our\s+)?(?:first|next|last|final|second|third|more|further|"
    r"quick)\s+question\b(?:\s+(?:comes|is|goes)\b.*)?|"
    r"(?:next|another)\s+question(?:,?\s+please)?|"
    # "I now call the member for …", "Let me move on to …", "The floor is yours."
    r"i\s+(?:now\s+)?call\s+(?:on\s+)?.*|"
    r"let\s+(?:me|us)\s+(?:turn|move|come|go)\s+(?:on\s+)?to\b.*|"
    r"let\s+me\s+take\s+(?:that|this)(?:\s+one)?|"
    r"let\s+me\s+read\s+(?:you\s+)?(?:something|this)|"
    r"over\s+to\s+you|the\s+floor\s+is\s+yours|"
    # "I'm afraid we must stop there."
    r"(?:i'?m\s+afraid\s+)?we(?:'ll|\s+will)?\s+(?:have\s+to\s+|must\s+)?(?:leave|stop|end)\s+"
    r"(?:it\s+)?there|"
    # A member's "Point of order, Madam Deputy Speaker." and the chair's ruling on it.
    r"(?:on\s+)?a\s+point\s+of\s+order(?:\s+\w+){0,3}|"
    r"that\s+is\s+not\s+a\s+point\s+of\s+order\b.*|"
    # "My hon. Friend raises a fair point.": a courtesy to the member who asked.
    r"(?:my\s+|the\s+)?(?:right\s+)?hon(?:ourable|\.)?\s+(?:and\s+\w+\s+)?(?:friend|member|lady|"
    r"gentleman)(?:\s+for\s+[\w\s-]{1,30}?)?\s+(?:makes|has\s+made|raises|has\s+raised)\s+"
    r"(?:a|an|the)?\s*(?:very\s+)?(?:important|fair|good|valid|powerful|serious|reasonable)\s+"
    r"point|"
    # "That's all I have for now."
    r"(?:and\s+)?that(?:\s+is|'s|’s)\s+all(?:\s+(?:from\s+me|for\s+(?:today|now|this\s+\w+)|"
    r"(?:that\s+)?i\s+have(?:\s+(?:for\s+now|at\s+this\s+stage|on\s+that))?))?|"
    # "The next session is at ten tomorrow.", "We'll hold another briefing this evening."
    r"(?:the\s+|our\s+)?next\s+(?:briefing|update|session|hearing)\b.*|"
    r"(?:i|we)(?:'ll|\s+will)\s+(?:give|hold|provide)\s+(?:a|another|the\s+next)\s+"
    r"(?:further\s+)?(?:update|briefing)\b.*|"
    # "I have two announcements."
    r"(?:i|we)\s+have\s+(?:a|an|one|two|three|a\s+few|some)\s+(?:short\s+)?"
    r"(?:statement|announcement|items?|points?|updates?)s?(?:\s+(?:on|about)\s+[^,;]{1,40})?"
    r")[.!]?$",
    re.IGNORECASE,
)
# A remark on the exchange itself, not on what it is about: the speaker has answered or has
# nothing more to say, will not speculate, asks to be heard plainly; a colleague is present
# ("I've said what I had to say.", "I'm not going to go into that further.", "Let me be
# clear.", "My colleague Dr Salk is here with me.").
_ON_THE_EXCHANGE = re.compile(
    r"^(?:"
    r"i(?:'ve|’ve|\s+have)\s+(?:already\s+)?(?:answered(?:\s+(?:that|this|the|your)(?:\s+"
    r"question)?)?|said\s+what\s+i\s+(?:have|had)\s+(?:said|to\s+say))|"
    r"i\s+have\s+nothing\s+(?:more\s+|further\s+|else\s+)?to\s+(?:add|say)(?:\s+on\s+"
    r"(?:that|this))?|"
    r"i(?:'m|’m|\s+am)\s+not\s+going\s+to\s+(?:speculate|go\s+into\s+(?:that|this)|add\s+"
    r"(?:to\s+(?:that|this)|anything))(?:\s+(?:any\s+)?further)?(?:\s+(?:today|now))?|"
    r"i\s+(?:will|shall)\s+not\s+speculate(?:\s+(?:any\s+)?further)?|"
    r"let\s+me\s+be\s+(?:very\s+|as\s+|quite\s+)?(?:clear|plain|frank)(?:\s+(?:as\s+i\s+can|about\s+"
    r"(?:that|this)))?|"
    r"(?:(?:mr|mrs|ms|dr|my\s+colleague)\b[\w\s.'’-]{1,40}?)\s+is\s+(?:also\s+)?here"
    r"(?:\s+(?:with\s+(?:me|us)|today|too))?"
    r")[.!]?$",
    re.IGNORECASE,
)
# "We'll check that and get back to you.", "I shall, of course, write to the member."
_FOLLOW_UP = re.compile(
    r"^(?:i|we)(?:'ll|’ll|\s+will|\s+shall)(?:,?\s+[\w\s]{1,20},)?\s+(?:happily\s+)?"
    r"(?:come\s+back|get\s+back|write|look\s+(?:at|into)|check|find\s+out|"
    r"follow\s+(?:up|that\s+up))"
    r"\b[^,;]{0,40}[.!]?$",
    re.IGNORECASE,
)
# "We've read their letter.": what was put, acknowledged, no more.
_ACKNOWLEDGED = re.compile(
    r"^(?:i|we)(?:'ve|’ve|\s+have)\s+(?:also\s+)?(?:seen|read|heard)\s+"
    r"(?:that|this|the|those|these|their|his|her|its|your)(?:\s+[\w-]+){1,2}[.]?$",
    re.IGNORECASE,
)


def is_procedure(text: str, lead: int = 0) -> bool:
    """Whether a transcript turn's sentence (from `lead`, past its label) only runs the
    meeting: a greeting or thanks, the agenda or a turn handed on, a note in brackets, a
    question with no assertion, a promise to follow up, an acknowledgement."""
    sentence = _INNER_LABEL.sub("", text[lead:].strip(), count=1).strip()
    if not sentence:
        return False
    return (
        _BRACKETED.match(sentence) is not None
        or is_bare_question(sentence)
        or _TURN_TAKING.match(sentence) is not None
        or only_manages(sentence)
        or _FOLLOW_UP.match(sentence) is not None
        or _ACKNOWLEDGED.match(sentence) is not None
        or _ON_THE_EXCHANGE.match(sentence) is not None
        or is_a_call(sentence)
    )


def is_bare_question(sentence: str) -> bool:
    """A question that asserts nothing in a clause of its own: no "that" clause, no words
    quoted ("Did the agency pay for it?", "And the second site?")."""
    bare = sentence.rstrip().rstrip("”\"’'").rstrip()
    if not bare.endswith("?"):
        return False
    # ("Do you accept that your officers fired first?", "Why did the mayor call it “a lie”?",
    # "The hose was worn, wasn't it?": the question puts a claim.)
    if puts_with_a_tag(bare):
        return False
    return re.search(r"\bthat\s+(?!is\b|was\b)|[“\"]", bare) is None


def only_manages(sentence: str) -> bool:
    """A greeting or thanks, a turn handed on or the agenda, and whom it is for, and nothing
    else ("Welcome back, everybody.", "Thanks for making the time, Senator.", "Thanks, that's
    all for now.", "One more question, Doctor.")."""
    parts = [p.strip() for p in re.split(r"[,;:]|\s[-–—]\s", sentence.rstrip(".! ")) if p.strip()]
    managed = False
    for part in parts:
        greeting = _GREETING.match(part) or _ACKNOWLEDGEMENT.match(part)
        if greeting is not None:
            rest = part[greeting.end() :].strip()
            if rest and not _COURTESY.fullmatch(rest) and not _is_vocative(rest):
                return False
            managed = True
        elif _TURN_TAKING.match(part) is not None:
            managed = True
        elif not (_is_vocative(part) or _COURTESY.fullmatch(part)):
            return False
    return managed


def _is_vocative(part: str) -> bool:
    """A name or a title, its words in capitals but a few small ones ("Minister of Works",
    "Senator Ode Lamm", "Dr Fane")."""
    words = part.replace(".", " ").split()
    return 0 < len(words) <= 5 and all(
        w[0].isupper() or w.casefold() in _VOCATIVE_WORDS for w in words
    )


# Words that answer what was put ("No, Chair.", "Correct, Senator."): not a call.
_ANSWER_WORDS = frozenset(
    {"yes", "no", "never", "not", "correct", "right", "true", "false", "absolutely", "indeed"}
)


def is_a_call(sentence: str) -> bool:
    """A radio call: only who is called and who calls, two names or call signs ("Bravo-1,
    Base.", "Harbour, this is Osprey-3."); or a reporter's sign-off, the name, the outlet and the
    place ("Ana Lee, City News, Quillmere.")."""
    parts = [p.strip() for p in re.split(r"[,;]", sentence.rstrip(".!? ")) if p.strip()]
    if len(parts) not in (2, 3):
        return False  # (three: a reporter's sign-off, "Ana Lee, City News, Quillmere.")
    parts[1] = re.sub(r"^this\s+is\s+", "", parts[1], flags=re.IGNORECASE)
    if any(p.split()[0].casefold() in _ANSWER_WORDS for p in parts):
        return False  # "No, Chair.": an answer
    return all(len(p.split()) <= 2 and _is_vocative(p) for p in parts)
