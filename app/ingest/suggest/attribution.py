"""Attribution: the cue that makes a sentence someone's claim ("X said", "according to X",
"…,” X said", "X denied …") and the words before or after it that name the speaker."""

import bisect
import itertools
import re
from dataclasses import replace
from typing import TypeVar

from app.ingest.suggest.actors import normalise_name
from app.ingest.suggest.breaks import paragraph_start
from app.ingest.suggest.carried import carries_on
from app.ingest.suggest.clauses import (
    QUOTE_MARK,
    sentence_of_its_own,
    stands_alone,
    turns_on_a_denial,
)
from app.ingest.suggest.cues import (
    ACCUSE_WORDS,
    ANSWER_BACK,
    ANSWER_PHRASE,
    BACKED,
    CALL_FOR,
    CLAIM_NOUN,
    CUE,
    DENY_WORDS,
    EVIDENCE_VERB,
    LABEL_WORDS,
    PUT_TO,
    PUT_TOLL,
    SAYS_WHAT,
    STOOD_BY,
    THAT_ONLY,
    UNSAID,
    VOUCHED_BY,
    word_list,
)
from app.ingest.suggest.documents import heading_writer, title_adopter, title_author
from app.ingest.suggest.headed import (
    authored_part_author,
    described_response_owner,
    headed_author,
    response_heading_owner,
)
from app.ingest.suggest.kinds import claim_signal, classify_kind
from app.ingest.suggest.letters import answers_a_question, part_author
from app.ingest.suggest.model import Context, Speaker, Unit
from app.ingest.suggest.narration import own_observation
from app.ingest.suggest.procedure import is_procedure
from app.ingest.suggest.reports import (
    FINDING_LABEL,
    REPLY_LABEL,
    REPORT_TITLE,
    known_by_name,
    reply_owner,
    report_maker,
    section_heading,
)
from app.ingest.suggest.sentences import (
    BULLET,
    LABELLED_ITEM,
    colon_quotation_sentences,
    ends_a_sentence,
    is_quotation_only,
    lead_end,
    mask_quotes,
    opening_quotation_sentences,
    opens_an_item,
    puts_a_claim,
    quotation_sentences,
    run_in_title,
    until,
)
from app.ingest.suggest.speaker_words import (
    CAPITALS_SMALL_WORDS,
    from_capitals,
    looks_like_name,
    looks_like_speaker,
    names_a_role,
    organisation_kind,
)
from app.ingest.suggest.speakers import (
    answerer,
    is_claim_field,
    is_field_label,
    is_rubric,
    label_speaker,
    lookup,
    mentions_from,
    resolve,
    turn_speaker,
)
from app.ingest.suggest.subjects import subject_before_verb
from app.ingest.suggest.voices import byline_writer, issuer_heading, writer_finding
from app.vocabulary import ActorKind, ClaimKind

# A denial verb denies a claim only with a claim for its object ("denied medical care" is harm).
# A denial verb denies whatever its object is ("denied shelling the village", "rejected the
# results", "denied the attack"), except what someone is deprived of ("denied medical care").
# A gerund before the noun is what was denied doing ("denies blocking food from entering").
_DEPRIVED_OBJECT = re.compile(
    r"\s++(?:(?![\w-]*?ing\b)[\w-]++\s++)?"
    r"(?:care|access|entry|treatment|food|water|medicines?|aid|bail|visas?|permission|visits?|"
    r"rights|justice|asylum|help|passage|counsel)\b",
    re.IGNORECASE,
)


# A verb of saying followed by "it" or "its" ("said it had", "said its aircraft had", "said on
# Wednesday evening that it had").
_ITSELF = re.compile(r"\s++its?\b|(?:\s++[\w’'-]++){0,4}?\s++that\s++its?\b")
_FINITE_VERB = re.compile(r"\b(?:was|were|is|are|had|has|have|did|does|would|will|could)\b")
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_AS_REPORTED = re.compile(
    r"\bas\s+(?:reported|characteri[sz]ed|quoted|cited)\s+by\s+|\bas\s+(?=[A-Z]\w+\s+"
    r"(?:reported|characteri[sz]ed|quoted))",
)
_INVERTED = re.compile(
    r"(?:[”\"’\u2591]\s*|,\s+)(?P<verb>said|says|added|countered|charged|claimed|insisted|"
    r"asked|warned|wrote|explained|noted|continued|recalled|stated|argued|replied|alleged|"
    r"retorted|answered|responded|conceded|admitted|observed|remarked)"
    r"\s+(?!(?:that|it|they|he|she|we|in|on|at|to|by|from|with|for|during|after|before|last|"
    r"this|earlier|later|yesterday|today|\w+day|there|about|whether|if|how|why|what|over)\b)"
    # "said its chair, Declan Moore": a possessive only before a role and a name ("said its
    # figures were …" is the clause).
    r"(?!(?:its|his|her|their|our)\b(?!\s[\w-]++,\s[A-Z]))(?P<np>[^,.;:!?”\"\u2591]{2,140})"
)


def attribute(unit: Unit, context: Context, previous: Unit | None) -> bool:
    """Find who the unit is attributed to. True when it is a claim."""
    text = unit.text
    masked = mask_quotes(text)
    # "OSLEN, Jan 22 (Northern Courier) - Norland accused …", "09:40 - …", "KASK: …": what
    # opens the paragraph is no speaker.
    lead = lead_end(masked)
    reply = REPLY_LABEL.match(text) if lead == 0 else None
    if reply is not None and paragraph_start(context.body, unit.start) == unit.start:
        # ("Board reply: The Board rejects …": a reply's label, whose words say no one spoke.)
        lead = reply.end()
    masked = " " * lead + masked[lead:]
    if unit.label and is_procedure(text, lead):
        # A transcript turn's words that only run the meeting (a greeting, the next question,
        # a question that asserts nothing) are no one's claim; its label is still read here if
        # this is its first turn, as below.
        if not is_rubric(unit.label, context):
            turn_speaker(unit.label, unit.start, context)
        return False
    candidates = [
        c
        for c in _candidates(unit, masked, context)
        # "The Ministry states the following." says nothing yet; "The union pushed back hard.",
        # "The authority maintained its figure." answer in the cue itself.
        if c[1] in DENY_WORDS | ACCUSE_WORDS
        or ANSWER_PHRASE.fullmatch(c[1])
        or ANSWER_BACK.fullmatch(c[1])
        or STOOD_BY.fullmatch(c[1])
        or c[1] in ("declined", "refused")
        or _content_words(unit, c[2]) >= 3
    ]
    if candidates:
        candidates.sort(key=lambda c: c[0])
        primary = candidates[0]
        relative = next(
            (c for c in candidates if c[2].relative and c[1] in ACCUSE_WORDS | DENY_WORDS), None
        )
        if relative is not None and primary[1] not in ACCUSE_WORDS | DENY_WORDS:
            # "X notes the report by Y, which alleges that …": the claim is Y's.
            primary = relative
        elif _closing_cue(candidates[-1], unit, masked) and not _is_reporter(
            candidates[-1], context
        ):
            # "Karst told the cooperative that he saw no flare, Emren said.": the cue that
            # closes the sentence reports all of it, the cues inside included.
            primary = candidates[-1]
        # A news outlet relaying someone else's words is the reporter, not the claimant:
        # "The Guardian reports that a spokesman … denied", "…, according to Deutsche Welle".
        if _is_reporter(primary, context) and len(candidates) > 1:
            primary = candidates[1]
        unit.via.extend(
            c[2].text for c in candidates if c is not primary and _is_reporter(c, context)
        )
        unit.cue_at, unit.cue, speaker = primary
        answer = _containing(context.answers, unit.start)
        turn = _turn_of(unit, context) if _FIRST_PERSON_SUBJECT.match(speaker.text) else None
        if answer is not None and _FIRST_PERSON_SUBJECT.match(speaker.text):
            # "Our own sampling found …" in an answer printed under a question: the answerer.
            unit.speaker = answerer(answer[2], answer[3], context) or resolve(speaker, context)
        elif turn is not None:
            # "I accept that …" in a labelled turn: the turn's speaker, not whoever the text
            # named last (the chair who put the question).
            unit.speaker = turn
        else:
            unit.speaker = resolve(speaker, context)
        owner = _block_owner(unit, context) or _signer(_containing_block(unit, context), context)
        if owner is None and _FIRST_PERSON_SUBJECT.match(speaker.text):
            # ("I reject …" under "RESPONSE OF DR. ANA ROE": the heading's author's "I".
            # "We reject …" under "Response of Carrow Police": the police's "we"; a subject
            # the section names keeps its own words: "An RFA spokeswoman said …".)
            owner = _authored_author(unit, context) or _heading_owner(unit, context)
        if (
            owner is None
            and turn is None
            and answer is None
            and _FIRST_PERSON_SUBJECT.match(speaker.text)
        ):
            # ("We found …" in a document printed in full: its issuer's "we"; a labelled
            # turn's or an answer's "I" stays its speaker's.)
            owner = _document_issuer(unit, context) or _part_issuer(unit, context)
        if (
            owner is None
            and turn is None
            and answer is None
            and _NUMBERED.match(context.body, paragraph_start(context.body, unit.start))
        ):
            # ("3. Workers at two sites said …" in a document's numbered findings: what its
            # researchers were told is its finding, when the subject names no one.)
            owner = _document_issuer(unit, context)
        if owner is None and turn is None and answer is None:
            # ("- Partners report that …" among a printed document's items: a source naming no
            # one is the document's; one named keeps its words, below.)
            owner = _item_issuer(unit, context)
        if owner is None and turn is None and answer is None:
            # ("3. The inspectors found …" in a report's findings: "the inspectors" are its
            # issuer's, as any subject naming no one there.)
            owner = _findings_owner(unit, context)
        if owner is None and turn is None and answer is None:
            # ("I think the wall is moving." in an email under its "From:" line: its sender's.)
            owner = _part_author(unit, context)
            if owner is None and _FIRST_PERSON_SUBJECT.match(speaker.text):
                # ("We are publishing the list." in a channel's post under its "Source:" line;
                # a subject naming a source of its own keeps it.)
                owner = _headed_author(unit, context)
        labelled_by = _response_label(unit, context)
        # (The subject read past the label's colon: "Board reply: The Board rejects …".)
        subject = speaker.text.rpartition(": ")[2]
        if labelled_by is not None and _names_itself(subject, labelled_by):
            # "Comments of the Ministry of Health: The Ministry rejects …": the
            # responder's short name for itself is the responder, whatever else it resolves to.
            unit.speaker = labelled_by
        # ("Every incident was reported …" there too: a subject naming no one.)
        owner = owner or labelled_by
        if owner is not None and (
            _FIRST_PERSON_SUBJECT.match(speaker.text)
            or _NOBODY_SUBJECT.fullmatch(speaker.text.strip())
            or (unit.speaker.actor is None and not looks_like_name(speaker.text))
        ):
            # Inside a quotation its announcement gives to an owner, "we" and a subject that
            # names no one ("The investigation found …", "Two players heard …") are the owner's.
            unit.speaker, unit.cue = owner, ""
        if _ITSELF.match(text, unit.cue_at + len(unit.cue)) and unit.speaker.name:
            # "The Banking Complaints Ombudsman said it had …": a speaker its own sentence calls
            # "it" is one a later "It said" can stand for, whatever its name suggests.
            context.pronouns.setdefault(unit.speaker.name, "it")
        context.speakers.append(unit.speaker)
        return True
    # A quotation standing alone after a turn's attributed sentence is what that speaker
    # wrote or said ("Its director wrote to the committee, and I will read it. “…”").
    if (
        previous is not None
        and previous.cue
        and previous.paragraph == unit.paragraph
        and is_quotation_only(text)
        and previous.speaker is not None
    ):
        unit.speaker = previous.speaker
        unit.cue = previous.cue
        unit.continuation = True
        return True
    # A fact-check's or a findings sheet's field ("CLAIM 2: “…”", "FACT: …", "Verdict: …"):
    # the claim field quotes the claim answered, whose words it is; the other fields are the
    # page's own, every whole statement of them its issuer's.
    field = _field_label(unit, context)
    if field:
        if is_claim_field(field):
            quoted = _claim_field_speaker(unit, lead, context)
            return _voiced_by(unit, quoted, context) if quoted is not None else False
        if _a_whole_statement(text, lead):
            issuer = _document_issuer(unit, context) or _part_issuer(unit, context)
            publisher = context.issuer_at(unit.start) if issuer is None else None
            if publisher is not None:
                issuer = Speaker(
                    text=publisher.name, start=unit.start, name=publisher.name, actor=publisher
                )
            if issuer is not None:
                return _voiced_by(unit, issuer, context)
    # In a transcript, the paragraph's words are its labelled speaker's (a question is none).
    # The label is read at its first turn, a question or not ("Q3 The Chair (Dame Ora Finch):
    # Ms Tallis, what happened …?" names the chair for the turns after it).
    # ("FACT: The police acted lawfully." under a sheet's heading: a rubric, no speaker; the
    # words are whoever's the text is.)
    label = unit.label if unit.label and not is_rubric(unit.label, context) else ""
    labelled = turn_speaker(label, unit.start, context) if label else None
    if (
        label
        and len(text[lead:].split()) >= 3
        # (A question that puts a claim to be granted is the asker's: "Would she confirm that …?")
        and (not text.rstrip().endswith("?") or puts_a_claim(text[lead:]))
        # ("ACME - KETTLE RECALL: QUESTIONS AND ANSWERS": a heading's title, not a turn; so
        # "Harbour Board: Review of the Contract (summary)", a report's title line.)
        and not text[lead:].isupper()
        and (ends_a_sentence(text) or not REPORT_TITLE.fullmatch(text.strip()))
        # ("Sequence of events" under a report's title line: its section's heading.)
        and (ends_a_sentence(text) or not section_heading(text[lead:].strip()))
    ):
        if labelled is not None:
            unit.speaker = labelled
            context.speakers.append(labelled)
            return True
        return False
    # A quotation standing alone goes on the previous speaker's words.
    if previous is not None and is_quotation_only(text) and previous.speaker is not None:
        unit.speaker = previous.speaker
        unit.cue = previous.cue
        unit.continuation = True
        return True
    # A report's own narration: what its writer or a body it names saw, found or could not
    # establish, what its images show (narration.py); not inside a text with an owner of its own.
    observer = _observer(unit, text[lead:], lead, context)
    if observer is not None and not _printed_or_listed(unit, context):
        return _voiced_by(unit, observer, context)
    # Reported speech carried on after its verb of saying ("X said the depot had been empty.
    # Its guards had left the day before."): the same speaker's, as a quotation standing alone
    # is; not inside a text printed in full, a list or an answer, which have their own owners.
    if (
        previous is not None
        and previous.speaker is not None
        and not label
        and not _printed_or_listed(unit, context)
        and carries_on(unit, previous, context.body, lead, masked)
    ):
        unit.speaker = previous.speaker
        unit.cue = previous.cue
        unit.continuation = True
        return True
    # A part under a heading naming its author ("STATEMENT BY DR. ANA ROE") is theirs, every
    # statement of it, inside whatever document prints it.
    author = _authored_author(unit, context)
    if (
        author is not None
        and len(text[lead:].split()) >= 4
        and not text.rstrip().rstrip('”"’').endswith("?")
    ):
        return _voiced_by(unit, author, context)
    # A statement quoted in full over several paragraphs is its issuer's, every sentence of it
    # but a heading or a question: whoever its first attributed sentence names ("The Ministry …
    # categorically rejects …"), else the last speaker before it ("Meskia's Foreign Ministry
    # rejected … given below in full").
    block = _containing_block(unit, context)
    if (
        block is not None
        and len(text[lead:].split()) >= 4
        and ends_a_sentence(text)
        and not text.rstrip().rstrip('”"’').endswith("?")
    ):
        # One the paragraph before announces by name is that owner's, whoever its sentences
        # name ("The UNICEF statement … reads in full:", after the ministry that answers it).
        issuer = (
            _block_owner(unit, context)
            or _signer(block, context)
            or next(
                (s for s in context.speakers if block[0] <= s.start < unit.start),
                next((s for s in reversed(context.speakers) if s.start < block[0]), None),
            )
        )
        if issuer is not None:
            unit.speaker = issuer
            unit.cue = ""
            return True
    # A statement printed in full under its announcement is its issuer's, every sentence of
    # it but a heading.
    printed = next((p for p in context.printed if p[0] <= unit.start < p[1]), None)
    if (
        printed is not None
        and len(text.split()) >= 4
        and not text.isupper()
        and not text.rstrip().endswith("?")
        # ("2. Access to the site." opening a numbered paragraph: its title, no claim.)
        and not run_in_title(context.body, unit.start, unit.end)
        # (The printer's bracketed description, "[Front. A drawing of …]", and the maker's
        # signature line: no claims.)
        and context.body[paragraph_start(context.body, unit.start)] != "["
        and unit.start != printed[3]
    ):
        # ("We print all three" over parts each headed by its issuer: the part's.)
        issuer = _part_owner_in(printed, unit, context) or label_speaker(
            printed[2], printed[3], context
        )
        if issuer is None and printed[2] in _PRONOUNS:
            # "Her account has been edited for length.": whom the pronoun stands for.
            issuer = answerer(printed[2], printed[3], context)
        if issuer is not None:
            return _voiced_by(unit, issuer, context)
    # A list's item is the words of whom the sentence announcing it names ("The notice said:",
    # "The judgment made the following findings:"), unless it has a verb of saying of its own.
    item = _containing(context.items, unit.start)
    if item is not None and len(text[lead:].split()) >= 4 and not text.rstrip().endswith("?"):
        labelled_item = _item_label(unit, lead, context)
        if labelled_item is not None:
            # "- The ministry: 31 gunmen, …" under "Three counts have been published:": each
            # item names whose count or account it gives.
            return _voiced_by(unit, labelled_item, context)
        announcer = _list_announcer(item[2], item[3], context)
        if announcer is not None:
            return _voiced_by(unit, announcer, context)
    # An answer printed under the question put is the answering side's, every sentence of it
    # but a heading or a question ("Brindle Water does not comment on tests it did not
    # commission.").
    answer = _containing(context.answers, unit.start)
    if (
        answer is not None
        and len(text[lead:].split()) >= 4
        and not text.isupper()
        and not text.rstrip().endswith("?")
    ):
        answering = answerer(answer[2], answer[3], context)
        if answering is not None:
            return _voiced_by(unit, answering, context)
    # An email's, a memo's or a letter's sentences are the author its header or its signature
    # names, every whole statement of them.
    author = _part_author(unit, context)
    if author is not None and _a_whole_statement(text, lead):
        return _voiced_by(unit, author, context)
    # A part whose author a line above or each item's label names ("Briefing by …", "Source:
    # <channel>" over "Post 2 (09:10): …", "[21:05] Ana: …"): every statement of it, a chat's
    # message ending at its line's end without a stop.
    author = _headed_author(unit, context)
    if (
        author is not None
        and len(text[lead:].split()) >= 4
        and not text.rstrip().rstrip('”"’').endswith("?")
    ):
        return _voiced_by(unit, author, context)
    # An op-ed's or a letter's first person is the author its byline names, as a transcript's
    # label names its speaker ("I did not take a cent from the contract").
    # ("By Ana Roe, Readers' Editor": a byline with the writer's role too.)
    writer = byline_writer(context)
    if (
        writer[0]
        and unit.start > writer[1]
        and _FIRST_PERSON.search(masked)
        and len(text[lead:].split()) >= 4
        and not text.rstrip().endswith("?")
    ):
        author = label_speaker(writer[0], unit.start, context)
        if author is not None:
            return _voiced_by(unit, author, context)
    # Under a heading naming whose response follows ("Response of Carrow Police"), the
    # sentences are the responder's, not the issuer's of the text around it.
    # Every sentence there, as in a statement printed in full, a claim signal or not ("The
    # correct figure is 41 nights."); not a signature's lines nor a question.
    # So under a paragraph's own label naming whose comments follow ("Comments of the Ministry:
    # …", a report printing each reply after its finding): every sentence of that paragraph.
    responder = _heading_owner(unit, context) or _response_label(unit, context)
    if responder is not None and _a_whole_statement(text, lead):
        return _voiced_by(unit, responder, context)
    # A document printed under a heading that names its issuer ("Issued by the Mines Safety
    # Authority", "ACME RESEARCH: THE REPORT'S TITLE"): its numbered paragraphs are the
    # issuer's findings, every sentence of them, as a response's are the responder's; under a
    # letterhead in capitals ("MINISTRY OF FOREIGN AFFAIRS"), every paragraph of it is.
    issuer = _document_issuer(unit, context) or _part_issuer(unit, context)
    if issuer is not None and _a_whole_statement(text, lead):
        return _voiced_by(unit, issuer, context)
    # A report's findings, every whole statement of them its issuer's: a paragraph opening on
    # a finding's label ("Finding 2. …") or one under the report's own section headings below
    # the title line naming the issuer.
    findings = _findings_owner(unit, context)
    if findings is not None and _a_whole_statement(text, lead):
        return _voiced_by(unit, findings, context)
    # A fact-check's own voice: under each claim field, its verdict and the evidence for it.
    desk = _fact_check_voice(unit, lead, context)
    if desk is not None:
        return _voiced_by(unit, desk, context)
    # A columnist's or an ombudsman's own findings, under the heading opening them.
    finder = writer_finding(unit, text[lead:], context)
    if finder is not None:
        return _voiced_by(unit, finder, context)
    # A statement's own voice: the issuer's assertions need no "said".
    publisher = context.issuer_at(unit.start)
    if (
        publisher is not None
        and _a_whole_statement(text, lead)
        and _ISSUER_WE.search(text[lead:])
        and answers_a_question(context.body, unit.start)
    ):
        # ("Our engineers reproduced the fault." under "Has anyone been hurt?" on an issuer's
        # questions-and-answers page: the issuer's "we", no verb of saying.)
        unit.speaker = Speaker(
            text=publisher.name, start=unit.start, name=publisher.name, actor=publisher
        )
        unit.cue = ""
        return True
    if publisher is not None and claim_signal(text):
        unit.speaker = Speaker(
            text=publisher.name, start=unit.start, name=publisher.name, actor=publisher
        )
        unit.cue = ""
        return True
    return False


def _observer(unit: Unit, sentence: str, lead: int, context: Context) -> Speaker | None:
    """Who observes in a sentence of a report's own narration (`own_observation`): the body it
    names, if that is a known actor; the writer (the part's issuer, else the outlet) for "we",
    "the reporter" or the images."""
    observed = own_observation(sentence)
    if observed is None:
        return None
    who, at = observed
    if who and lookup(who, context) is not None:
        return resolve(Speaker(who, unit.start + lead + at), context)
    if who and not _names_outlet(who, context.outlet):
        return None
    issuer = context.issuer_at(unit.start)
    if issuer is not None:
        return Speaker(text=issuer.name, start=unit.start, name=issuer.name, actor=issuer)
    return resolve(Speaker(context.outlet, unit.start), context) if context.outlet else None


def _names_outlet(words: str, outlet: str) -> bool:
    """Whether `words` name the outlet by its name or a part of it ("The Herald" for "The
    Continental Herald")."""
    named = set(normalise_name(words).split())
    return bool(named) and named <= set(normalise_name(outlet).split())


def _printed_or_listed(unit: Unit, context: Context) -> bool:
    """Whether `unit` is inside a quotation of several paragraphs, a text printed in full, a
    list's item or an answer printed under its question: words whose owner is read there."""
    at = unit.start
    return (
        _containing_block(unit, context) is not None
        or any(p[0] <= at < p[1] for p in context.printed)
        or _containing(context.items, at) is not None
        or _containing(context.answers, at) is not None
    )


def _field_label(unit: Unit, context: Context) -> str:
    """The field label opening the paragraph that holds `unit` ("CLAIM 2", "FACT"), if a
    field's name opens it; not one carried on from a paragraph before."""
    if not unit.label or not is_field_label(unit.label):
        return ""
    start = paragraph_start(context.body, unit.start)
    # (A numbered field: "2. Claim: “…”", a fact-check's second claim.)
    numbered = _NUMBERED.match(context.body, start)
    start = numbered.end() if numbered is not None else start
    return unit.label if context.body.startswith(unit.label, start) else ""


# What a fact-check page says it answers: "<outlet> published an investigation …", "<the
# outlet>'s “<title>” report". The name in capitalised words, read once.
_ANSWERED_WORK = (
    r"(?:investigation|report|article|story|documentary|series|piece|feature|broadcast|post)s?\b"
)
_ANSWERED = re.compile(
    r"(?P<who>[A-Z][\w&-]*+(?:[ ]++[A-Z][\w&-]*+){0,4}+)[ ]++(?:(?:has|had)[ ]++)?"
    r"(?:published|released|issued|broadcast|aired|ran|posted|printed|carried)[ ]++"
    rf"(?:an?|its|the)[ ]++(?:[\w-]++[ ]++){{0,2}}?{_ANSWERED_WORK}"
    r"|(?P<owner>[A-Z][\w&-]*+(?:[ ]++[A-Z][\w&-]*+){0,4}+)['’]s[ ]++"
    rf"(?:[“\"][^”\"\n]{{1,120}}+[”\"][ ]++)?(?:[\w-]++[ ]++){{0,2}}?{_ANSWERED_WORK}"
)


def _claim_field_speaker(unit: Unit, lead: int, context: Context) -> Speaker | None:
    """Whose claim a claim field quotes: whoever the quoted words themselves say speaks
    ("CLAIM 2: “Neighbours say …”"), else the report, outlet or person the page says it
    answers ("… The Courier published an investigation …"); None when it names neither, as
    the answering page's issuer did not make the claim."""
    label = re.compile(rf"{re.escape(unit.label)}[ \t]*+:").search(unit.text, 0, 80)
    lead = max(lead, label.end() if label else 0)
    dashed = _dashed_claimant(unit, lead, context)
    if dashed is not None:
        return dashed
    quoted = unit.text[lead:]
    inner = quoted.strip()
    if inner[:1] in '“"' and inner[-1:] in '”"':
        inner = " " + inner[1:-1] + " "
        offset = lead + quoted.find(quoted.strip())
        bare = " " * offset + inner
        masked = mask_quotes(bare)
        own = sorted(
            (
                c
                for c in _candidates(unit, masked, context)
                # (A verb of saying: "… has refused to allow …" is the claim's own content.)
                if not _is_reporter(c, context)
                and _content_words(unit, c[2]) >= 3
                and c[1] not in DENY_WORDS | ACCUSE_WORDS | {"declined", "refused"}
            ),
            key=lambda c: c[0],
        )
        if own:
            speaker = resolve(own[0][2], context)
            if speaker.name:
                return speaker
    return _claim_maker(unit, context) or _answered_report(unit.start, context)


# A claim field's quotation followed by a dash and who made the claim, then when or where:
# "Claim: “…” - the Interior Minister Ana Roe, 3 May", "“…” – Acme Ltd, press release".
_DASHED_MAKER = re.compile(
    r"[ \t]*+[“\"](?P<quote>[^”\"\n]{2,600}+)[”\"][ \t]*+[-–—][ \t]*+"
    r"(?P<who>[A-Z][^,;\n()]{1,120}+)(?:[,;(][^\n]{0,200}+)?[ \t]*+"
)


def _dashed_claimant(unit: Unit, lead: int, context: Context) -> Speaker | None:
    """Who made the claim a claim field quotes, when a dash after the quotation names them
    ("Claim: “…” - <who>, <when>"): the unit is cut to the quotation, the name and date after it
    being the page's reference, not the claim's words. None without such a dash."""
    dashed = _DASHED_MAKER.fullmatch(unit.text, lead)
    if dashed is None:
        return None
    speaker = answerer(dashed["who"].strip(), unit.start + dashed.start("who"), context)
    if speaker is None:
        return None
    end = dashed.end("quote") + 1
    unit.text, unit.end = unit.text[:end], unit.start + end
    return speaker


# The sentence after a claim field naming who made it: "The senator made this claim at a rally.",
# "The mayor repeated the figure twice." Its subject in capitalised words, read once.
_MADE_THIS = re.compile(
    r"(?P<who>[A-Z][\w’'-]*+(?:[ ]++[A-Z][\w’'-]*+){0,3}+)[ ]++(?:first[ ]++)?"
    r"(?:made|repeated|used|gave|cited|posted|wrote|tweeted|said)[ ]++"
    r"(?:this|that|the)[ ]++(?:claim|figure|number|statement|line|remark|words)\b"
)


def _claim_maker(unit: Unit, context: Context) -> Speaker | None:
    """Who the paragraph after a claim field says made the claim it quotes, if it says."""
    end = context.body.find("\n\n", unit.start)
    if end < 0:
        return None
    start = end + 2
    while context.body.startswith("\n", start):
        start += 1
    made = _MADE_THIS.match(context.body, start)
    return answerer(made["who"], start, context) if made is not None else None


def _answered_report(position: int, context: Context) -> Speaker | None:
    """Whom the page says it answers, before its first claim field (the one at `position` when
    first asked); read once per text."""
    return context.remembered("answered-report", lambda: _report_answered(position, context))


def _report_answered(position: int, context: Context) -> Speaker | None:
    match = _ANSWERED.search(context.body, 0, position)
    if match is None:
        return None
    who = "owner" if match["owner"] else "who"
    words = match[who].split()
    while words and words[0].lower() in ("on", "in", "last", "this", "when", "after"):
        words.pop(0)
    return answerer(" ".join(words), match.start(who), context) if words else None


# A paragraph opening with a claim field, numbered or not: "Claim: “…”", "3. The claim: …".
_CLAIM_FIELD_OPENING = re.compile(
    r"(?:\d{1,3}+[.)][ \t]++)?(?:(?i:the|our)[ \t]++)?(?i:claim)(?:[ \t]++#?\d{1,3}+)?[ \t]*+:"
)
# A paragraph opening with another field of the page: "Verdict: …", "Rating: …".
_FIELD_OPENING = re.compile(r"(?P<label>[A-Z][A-Za-z]{2,20}+(?:[ \t]++[A-Za-z]{2,20}+)?)[ \t]*+:")
# How far back a fact-check's claim field is looked for, in paragraphs.
_SECTION_LOOKBACK = 8


def _fact_check_voice(unit: Unit, lead: int, context: Context) -> Speaker | None:
    """Whose words a sentence with no verb of saying is in a fact-check's section: under a
    claim field (a paragraph opening "Claim:") and before the next heading, the page's verdict
    ("Verdict: False", "It is misleading.") and the evidence it weighs are the page's own,
    its issuer's (the publisher, else the outlet its header names); None elsewhere, and for
    the sentence saying who made the claim ("The senator made this claim …") or a question."""
    text = unit.text[lead:].strip()
    body = context.body
    start = paragraph_start(body, unit.start)
    field = _FIELD_OPENING.match(body, start)
    labelled = field is not None and is_field_label(field["label"])
    if not labelled and not _a_whole_statement(unit.text, lead):
        return None
    if text.endswith("?") or _MADE_THIS.match(text):
        return None
    if not _in_claim_section(start, context):
        return None
    publisher = context.issuer_at(unit.start)
    if publisher is not None:
        return Speaker(text=publisher.name, start=unit.start, name=publisher.name, actor=publisher)
    if not context.outlet:
        return None
    return answerer(context.outlet, unit.start, context)


def _in_claim_section(start: int, context: Context) -> bool:
    """Whether the paragraph at `start` follows a claim field with no heading between (a line
    of its own without a sentence's end, other than a field: "Verdict: False" is one)."""
    body = context.body
    for _ in range(_SECTION_LOOKBACK):
        if start <= 0:
            return False
        start = paragraph_start(body, start - 2)
        if _CLAIM_FIELD_OPENING.match(body, start):
            return True
        end = body.find("\n\n", start)
        paragraph = body[start : len(body) if end < 0 else end].strip()
        field = _FIELD_OPENING.match(paragraph)
        if field is not None and is_field_label(field["label"]):
            continue
        if paragraph and "\n" not in paragraph and not ends_a_sentence(paragraph):
            return False  # a heading: the section ended
    return False


def _turn_of(unit: Unit, context: Context) -> Speaker | None:
    """The speaker of the transcript turn the unit is in, if its label names one."""
    if not unit.label or is_rubric(unit.label, context):
        return None
    return turn_speaker(unit.label, unit.start, context)


def _block_owner(unit: Unit, context: Context) -> Speaker | None:
    """The owner of the quotation of several paragraphs holding `unit`, as the paragraph
    announcing it names them (`sentences.block_owners`), if it does."""
    owned = _containing(context.block_owners, unit.start)
    if owned is None:
        return None
    if owned[2]:
        return answerer(owned[2], owned[3], context)
    # "… replied in a statement. It reads:": the speaker that paragraph names; "The union
    # issued the following statement:": the subject of the verb before "the following".
    named = next((s for s in reversed(context.speakers) if owned[3] <= s.start < owned[0]), None)
    if named is not None:
        return named
    line_end = context.body.find("\n", owned[3], owned[0])
    return _list_announcer(owned[3], line_end if line_end >= 0 else owned[0], context)


# A letter's sign-off and the signature under it, at the end of a letter quoted whole
# ("Yours sincerely,\nDr Ana Voss, Director"): the line after the sign-off names its writer.
_SIGN_OFF = re.compile(
    r"\n(?:Yours[ ]++(?:sincerely|faithfully|truly)|Sincerely(?:[ ]++yours)?|"
    r"(?:(?:Kind|Best|With[ ]++best|Warm)[ ]++)?[Rr]egards|Respectfully(?:[ ]++yours)?)"
    r",?+[ \t]*+\n(?P<signer>[A-Z][^\n“”\",]{1,80}+)"
)


# How far back a response's heading is looked for, in paragraphs.
_HEADING_LOOKBACK = 12
# The same heading as a label opening its paragraph, before a colon: "Comments of the Ministry
# of the Interior: The Ministry accepts …", "Response from the company: …".
_RESPONSE_LABEL = re.compile(
    r"(?:[Tt]he[ ]++)?(?:[Rr]esponse|[Rr]eply|[Ss]tatement|[Cc]omment|[Aa]nswer)s?[ ]++"
    r"(?:of|from|by)[ ]++(?:the[ ]++)?(?P<owner>[A-Z][^\n.:;,]{1,120}+):[ \t]++(?=\S)"
)


def _response_label(unit: Unit, context: Context) -> Speaker | None:
    """Whose response the paragraph holding `unit` is, as a label opening it says ("Comments
    of the Ministry of the Interior: …"); None when it opens with no such label."""
    start = paragraph_start(context.body, unit.start)
    label = _RESPONSE_LABEL.match(context.body, start)
    if label is None:
        # ("Response: The Board rejects …", "Management response: …": whose, the label's
        # possessive, the reply's own subject or the text announcing the replies says.)
        reply = REPLY_LABEL.match(context.body, start)
        if reply is None or reply.end() > unit.start + len(unit.text):
            return None
        return context.remembered(f"reply@{start}", lambda: reply_owner(reply, start, context))
    if label.end() > unit.start + len(unit.text):
        return None
    return answerer(label["owner"].strip(), start + label.start("owner"), context)


def _names_itself(subject: str, responder: Speaker) -> bool:
    """Whether a sentence's subject is the responder by a short name or a pronoun ("The
    Ministry", "We", "It" for the Ministry of the Interior)."""
    words = subject.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) == 1 and words[0].lower() in ("we", "i", "it", "our", "my"):
        return True
    name = f" {(responder.name or responder.text).lower()} "
    return bool(words) and len(words) <= 3 and f" {' '.join(words).lower()} " in name


def _a_whole_statement(text: str, lead: int) -> bool:
    """Whether a sentence under a response or issuer's heading is one of its statements: four
    words or more after its lead, a finished sentence, not a question (nor a signature's
    lines)."""
    return (
        len(text[lead:].split()) >= 4
        and ends_a_sentence(text)
        and not text.rstrip().endswith("?")
        and _POINT_LABEL.fullmatch(text[lead:].strip()) is None
    )


# A point's label opening a letter's paragraph ("On the cause of the delay.", "As to the
# fuel."): the topic answered, no statement. A few words of a noun's phrase: no verb in the
# past, no day ("On Monday the army fired." is a statement).
_POINT_LABEL = re.compile(
    r"(?:On|As[ ]++to|Regarding|Concerning)[ ]++(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
    r"(?:(?![\w’'-]{0,30}?ed\b)[\w’'-]{1,30}+[ ]++){0,5}+(?![\w’'-]{0,30}?ed\b)[\w’'-]{1,30}+\."
)


def _item_issuer(unit: Unit, context: Context) -> Speaker | None:
    """The issuer of the printed document holding `unit`, if `unit` is in one of its items (a
    line opening with a bullet or a labelled number)."""
    printed = next((p for p in context.printed if p[0] <= unit.start < p[1]), None)
    if printed is None or not opens_an_item(context.body, unit.start):
        return None
    return label_speaker(printed[2], printed[3], context)


def _heading_owner(unit: Unit, context: Context) -> Speaker | None:
    """Whose response the section holding `unit` is, as the heading over it says; None when
    the nearest heading (a paragraph without a sentence's end) says no such thing."""
    # The unit's own paragraph first: a heading on its own line may open it ("Government
    # response\nThe Government accepts …").
    end = context.body.find("\n\n", unit.start)
    end = len(context.body) if end < 0 else end
    for _ in range(_HEADING_LOOKBACK + 1):
        if end < 0:
            return None
        start = paragraph_start(context.body, end)
        paragraph = context.body[start : min(end, unit.start)].strip()
        first, newline, rest = paragraph.partition("\n")
        if newline and rest.strip() and ends_a_sentence(rest):
            # A heading line over the paragraph's sentences.
            paragraph = first.strip()
        # (A heading over a title is two lines or three: the test first, as it is cheap.)
        writer = heading_writer(paragraph) if not unit.label and "\n" in paragraph else None
        if writer is not None:
            # ("THE OWNER'S APPEAL" over "Ana Roe, managing director, …": the writer's part.)
            name, person = writer
            speaker = (
                answerer(name, start, context) if person else _writing_body(name, start, context)
            )
            if speaker is not None:
                return speaker
        if _SUBJECT_LINE.match(paragraph):
            end = start - 2
            continue  # ("Re: Claim 4471": a letter's subject, no heading of its own.)
        issuing = issuer_heading(paragraph) if not unit.label and "\n" in paragraph else None
        if issuing is not None:
            # ("ACME LTD" over "Your questions answered": the issuer's part, from here on; a
            # transcript's labelled turn under it stays its speaker's.)
            name = from_capitals(issuing)
            issuer = _letterhead_body(name, start, context) or _heading_body(name, start, context)
            if issuer is not None:
                return issuer
        if paragraph and not ends_a_sentence(paragraph) and "\n" not in paragraph:
            owner = response_heading_owner(paragraph)
            if owner is None:
                # ("3. Acme's reply to the regulator (extract)": a compiled document's part.)
                return _part_heading_owner(paragraph, start, context)
            if owner in _FIRST_PERSON_OWNERS:
                # ("Our reply" in the publisher's own report: first person is its author.)
                publisher = context.issuer_at(start)
                return Speaker.of_actor(publisher, start) if publisher is not None else None
            return answerer(owner, start, context)
        end = start - 2
    return None


# A letter's subject line under its heading: "Re: Claim 4471, cold store", "Subject: …".
_SUBJECT_LINE = re.compile(r"(?:Re|RE|Subject|SUBJECT)[ ]?:[ ]")
# A response heading's first-person owner ("Our reply", "My response"): the document's author.
_FIRST_PERSON_OWNERS = frozenset({"Our", "OUR", "My", "MY"})
# A part of a compiled document, numbered or lettered before its heading: "2.", "Part B.".
_PART_NUMBER = re.compile(r"(?:(?:Part|Section|Annex|Appendix)[ ]++)?(?:\d{1,3}+|[A-Z])[.):][ ]++")
# What a part heading says of the text rather than who issued it: "(extract)", "(summary)",
# "(published 3 May)", ", 3 May 2026", "in full".
_PART_QUALIFIER = re.compile(
    r"[ ]*+(?:\([^()\n]{0,120}+\)|,[ ]++[^,\n\d]{0,40}+\d[^,\n]{0,40}+|in full)$"
)
# Part headings are short lines: one longer than this is read as text.
_PART_HEADING_CHARS = 240
# The texts a part prints: a letter, a response, the findings, a note, a summary.
_PART_TEXT = (
    r"(?:(?:open|written|formal|full|joint|final)[ ]++)?"
    r"(?:findings|notes?|letters?|introduction|statements?|responses?|repl(?:y|ies)|comments?|"
    r"answers?|submissions?|rebuttal)"
)
# Whose text a part heading says it is: "Findings of the Institute for X", "Open letter from
# Ana Roe to the board", "Note by The Desk", "Acme's response to the regulator", a text
# "lodged for X by his counsel, Ana Roe" (the one who wrote it, named last).
_PART_OWNER = re.compile(
    rf"(?:(?:[Aa]n?|[Tt]he)[ ]++)?(?i:{_PART_TEXT})[ ]++(?:of|from|by)[ ]++(?:the[ ]++)?"
    r"(?P<of>[A-Z][^\n,:;()]{1,100}?)(?:,[ ]++(?P<named>[A-Z][^\n,:;()]{1,60}+))?"
    r"(?:[ ]++(?:to|on|about|regarding|concerning)[ ]++[^\n]{1,120}+)?"
    rf"|(?:[Tt]he[ ]++)?(?P<owner>[A-Z][\w&.-]*+(?:[ ]++[A-Z][\w&.-]*+){{0,5}}+)['’]s?[ ]++"
    rf"(?i:{_PART_TEXT})(?:[ ]++(?:to|on|about)[ ]++[^\n]{{1,120}}+)?"
    rf"|(?:[Aa]n?[ ]++|[Tt]he[ ]++)?(?i:{_PART_TEXT})[ ]++[^\n]{{0,160}}?[ ]by[ ]++"
    r"(?:(?:his|her|their|its)[ ]++[a-z]++(?:[ ]++[a-z]++)?,[ ]++)(?P<agent>[A-Z][^\n,:;()]{1,80}+)"
)


def _part_owner_in(
    printed: tuple[int, int, str, int], unit: Unit, context: Context
) -> Speaker | None:
    """The issuer a numbered part heading inside a printed text names over `unit` (an
    introduction announcing several documents, then each under its own numbered heading), if
    one does."""
    owner = _heading_owner(unit, context)
    if owner is None or owner.start <= printed[3]:
        return None
    return owner if _PART_NUMBER.match(context.body, owner.start) else None


def _part_heading_owner(heading: str, position: int, context: Context) -> Speaker | None:
    """Whose text a compiled document's part heading says follows ("1. Findings of the X
    (summary)", "3. Acme's response to the regulator (extract)", "Part B. Written reply
    lodged for X by his counsel, Ana Roe"): a name it gives, not a description in
    lower case ("Note by the secretariat" leaves the text to whoever issued it); None when the
    heading names no one so."""
    if len(heading) > _PART_HEADING_CHARS:
        return None  # (a line that long is text, not a heading; and it bounds the loop below)
    number = _PART_NUMBER.match(heading)
    bare = heading[number.end() :] if number is not None else heading
    while (qualifier := _PART_QUALIFIER.search(bare)) is not None and qualifier.start() > 0:
        bare = bare[: qualifier.start()]
    named = _PART_OWNER.fullmatch(bare.strip())
    if named is None:
        return None
    # ("Findings of the Coroner for X, Mrs Ana Roe": the person the office is named with.)
    owner = (named["named"] or named["of"] or named["owner"] or named["agent"]).strip()
    if owner.lower().startswith("the "):
        owner = owner[4:]
    if not owner or not owner[0].isupper():
        return None
    if " " not in owner and re.search(rf"\b[Tt]he[ ]++{re.escape(owner.lower())}\b", context.body):
        return None  # ("Company's comments": a common noun, "the company" in the text)
    speaker = answerer(owner, position, context)
    if speaker is not None and speaker.actor is None and speaker.name.startswith("The "):
        # (A body's one-word name the text also writes after "The" in a title: the name.)
        speaker = replace(speaker, name=owner)
    return speaker


# A heading line naming the document's issuer: "Issued by the National Audit Office under
# section 4", or a name in capitals before the title: "NORTHGATE RESEARCH: \"A HOUSE OF CARDS\"".
_ISSUER_LINE = re.compile(
    r"(?:[Ii]ssued|[Pp]ublished|[Pp]repared)[ ]++by[ ]++(?:the[ ]++)?"
    r"(?P<issued>[A-Z][\w&’'-]{0,30}+(?:[ ]++(?:of|for|and|on|[A-Z][\w&’'-]{0,30}+)){0,8}+)"
    r"(?:[ ,(][^\n]{0,200}+)?"
    # (Not a label and its number over a printed text's part, "COUNT 2: Murder", "ENTRY 14:
    # …": no issuer, the document's own heading.)
    r"|(?![A-Z]{2,12}+[ ]++(?:\d{1,4}+|[IVX]{1,5}+|[A-Z])[ ]*+:)"
    r"(?P<named>[A-Z][A-Z0-9&’'.-]{1,30}+(?:[ ]++[A-Z0-9&’'.-]{1,30}+){0,5}+):[ ]++[^\n]{1,160}+"
)
# A document's letterhead: a line in capitals naming the issuing body, with no title after it
# ("MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF X" over "Press Service" and "STATEMENT"; a
# mission's to an office abroad runs to fifteen words).
# (Each word opens on a letter: "X POLICE STATION - INCIDENT LOG" is a body and its document's
# title, `_DASHED_HEADING`'s.)
_LETTERHEAD = re.compile(r"[A-Z][A-Z&’'.-]{0,30}+(?:[ ]++[A-Z&][A-Z&’'.-]{0,30}+){1,15}+")
# A body's name in capitals before a dash or a colon and the title of what it issues: "NORTH
# WATER BOARD - DAILY BULLETIN, 3 MAY", "ACME LTD: QUESTIONS AND ANSWERS (4 JUNE)".
_DASHED_HEADING = re.compile(
    # (A colon may follow the name at once: "ACME LTD: YOUR QUESTIONS ANSWERED".)
    r"(?P<body>[A-Z][A-Z&’'.-]{0,30}+(?:[ ]++[A-Z&][A-Z&’'.-]{0,30}+){0,9}+)"
    r"(?:[ ]++[-–—:]|:)[ ]++"
    r"[^\n]{1,160}+"
)
# A mandate's line opening a letter of a body's office holder: "Mandate of the Independent
# Expert on …", the holder it names the writer.
_MANDATE = re.compile(r"Mandates?[ ]++of[ ]++(?:the[ ]++)?(?P<holder>[A-Z][^\n,;:]{1,150}+)")
# A line ending a document printed in full ("END OF NOTICE", "ENDS", "- ends -") or signing it
# off ("Signed: …"): what follows is the compiler's again.
_DOCUMENT_END = re.compile(
    r"END[ ]++OF[ ]++[A-Z][A-Z ]{0,60}+|[-–]?[ ]?(?:ENDS?|[Ee]nds)[ ]?[-–]?"
    r"|(?:Signed|SIGNED)[:,][^\n]{0,200}+"
)
# A company's legal form written with stops, at the end of an issuer's line ("Acme S.A."),
# left off before the name is read.
_DOTTED_LEGAL_FORMS = (" S.A.", " S.p.A.", " N.V.", " B.V.", " A.G.", " Inc.", " Ltd.", " Co.")
# A briefing's field naming its speaker: "Spokesperson for the High Commissioner: Ana Roe",
# "Speaker: Ana Roe"; the name read to a comma or the line's end.
_SPEAKER_FIELD = re.compile(
    r"(?:[Ss]pokes(?:person|man|woman)|[Ss]peaker)(?:[ ]++(?:for|of)[ ]++[^:\n]{1,120}+)?"
    r":[ \t]++(?P<who>[A-Z][^\n,:;]{1,60}+)(?:,[^\n]{0,120}+)?"
)
# A line naming the issuer under a document's title in capitals ("STATEMENT ON THE FIRST
# ROUND" over "Regional Observer Mission, Country, Election of 29 November"): its name before
# the first comma.
# A document's title under its issuer's name, not an issuer: "Audit of …", "Report on …",
# "Summary of findings", "Review into …".
_DOCUMENT_TITLE = re.compile(
    r"(?:(?:An?|The)[ ]++)?(?:Audit|Report|Review|Summary|Investigation|Inquiry|Assessment|"
    r"Evaluation|Survey|Study|Findings|Analysis|Examination)[ ]++(?:of|on|into|for)\b"
)
_ISSUER_UNDER_TITLE = re.compile(r"(?P<issuer>[A-Z][^\n,:;.]{1,100}+)(?:,[^\n]{0,160}+)?")
# A paragraph opening with its number: "3. The Authority has established …", "2.4 In June …".
_NUMBERED = re.compile(r"\d{1,3}+(?:\.\d{1,3}+){0,3}+\.?+[ \t]")
# How far back a document's issuer is looked for, in paragraphs.
_ISSUER_LOOKBACK = 40


def _document_issuer(unit: Unit, context: Context) -> Speaker | None:
    """The issuer a heading over the paragraph holding `unit` names: an issuer's line over a
    numbered paragraph, or over any a letterhead, a briefing's spokesperson field or the line
    naming a body under a title in capitals; None when a response's heading or a separator
    line ("*") comes first."""
    start = paragraph_start(context.body, unit.start)
    numbered = _NUMBERED.match(context.body, start) is not None
    end = start - 2
    below = ""  # the heading line read just before, the one under this line
    for _ in range(_ISSUER_LOOKBACK):
        if end < 0:
            return None
        start = paragraph_start(context.body, end)
        for line in reversed(context.body[start:end].split("\n")):
            line = line.strip()
            if not line or (ends_a_sentence(line) and not line.endswith(_DOTTED_LEGAL_FORMS)):
                below = ""
                continue
            issuer = _issuer_under_title(line, below, start, context)
            if issuer is not None:
                return issuer
            if response_heading_owner(line) is not None:
                return None
            if not line.strip("*#=~_-") or _DOCUMENT_END.fullmatch(line):
                return None  # the document ended: what follows is the reporter's
            mandate = _MANDATE.fullmatch(line)
            if mandate is not None:
                return answerer(mandate["holder"].strip(), start, context)
            field = _SPEAKER_FIELD.fullmatch(line)
            if field is not None:
                # A briefing's notes under the field naming its spokesperson: theirs.
                return answerer(field["who"].strip(), start, context)
            below = line
            named = _ISSUER_LINE.fullmatch(line) if numbered else None
            if named is not None:
                words = (named["issued"] or from_capitals(named["named"])).split()
                # ("… Authority of" before a lower-case word.)
                while words[-1] in CAPITALS_SMALL_WORDS:
                    words.pop()
                return answerer(" ".join(words), start, context)
            if _LETTERHEAD.fullmatch(line):
                body = _letterhead_body(from_capitals(line), start, context)
                if body is not None:
                    return body
            dashed = _DASHED_HEADING.fullmatch(line)
            if dashed is not None:
                body = _heading_body(from_capitals(dashed["body"]), start, context)
                if body is not None:
                    return body
        end = start - 2
    return None


def _findings_owner(unit: Unit, context: Context) -> Speaker | None:
    """The issuing body of the report whose findings hold `unit`: a paragraph under the
    report's own section headings ("Background", "Causes"), below the title line naming the
    issuer ("Harbour Board: Review of …"), or one opening on a finding's label ("Finding 2.
    …"), whose issuer is the title's or the speaker the text says issued the report ("… said
    in a report"); None elsewhere, and under a heading naming a party."""
    body = context.body
    start = paragraph_start(body, unit.start)
    return context.remembered(
        f"findings@{start}", lambda: _paragraph_findings_owner(start, context)
    )


def _paragraph_findings_owner(start: int, context: Context) -> Speaker | None:
    owner = _title_owner_above(start, context)
    if owner is None and FINDING_LABEL.match(context.body, start) is not None:
        return report_maker(start, context)
    return owner


def _title_owner_above(start: int, context: Context) -> Speaker | None:
    """The issuer a report's title line names above the paragraph at `start`, read up past the
    report's own section headings and its paragraphs; None at a heading naming a party, a
    response's heading or a separator line first. (What a section heading was found under is
    kept: the paragraphs under it read no further than it.)"""
    body = context.body
    end = start - 2
    headings: list[str] = []
    owner = None
    for _ in range(_ISSUER_LOOKBACK):
        if end < 0:
            break
        top = paragraph_start(body, end)
        paragraph = body[top:end].strip()
        end = top - 2
        if not paragraph or "\n" in paragraph or ends_a_sentence(paragraph):
            continue
        key = f"section@{top}"
        if key in context.labels:
            owner = context.labels[key]
            break
        if response_heading_owner(paragraph) is not None or not paragraph.strip("*#=~_-"):
            break  # (a response's part, "Acme: statement on the report"; a separator line)
        if _DOCUMENT_END.fullmatch(paragraph):
            break
        title = REPORT_TITLE.fullmatch(paragraph)
        if title is not None:
            name = title["body"].strip()
            owner = _heading_body(name, top, context) or known_by_name(name, top, context)
            break
        if not section_heading(paragraph):
            break  # (a heading naming a party: "The tenants' solicitor", "Acme: statement")
        headings.append(key)
    for key in headings:
        context.labels[key] = owner
    return owner


def _part_issuer(unit: Unit, context: Context) -> Speaker | None:
    """The issuer of the part of a compiled document holding `unit` (a source line naming
    several bodies), when a heading naming the issuer opens that part ("STATEMENT OF THE …"
    over the statement printed after the paper it answers): every sentence of it is the
    issuer's, up to a separator line (`article_actors.document_issuers`)."""
    part = context.part_at(unit.start)
    if part is None:
        return None
    start, issuer, introduced = part
    if not introduced or issuer is None:
        return None
    return Speaker(text=issuer.name, start=start, name=issuer.name, actor=issuer)


def _issuer_under_title(title: str, below: str, position: int, context: Context) -> Speaker | None:
    """The body the line just under a document's title in capitals names ("STATEMENT ON THE
    FIRST ROUND" over "Regional Observer Mission, Country, 29 November"), if the title names no
    body itself (a letterhead over "Press Service" is the letterhead's)."""
    if not below or below.isupper() or not title.isupper():
        return None
    if below.endswith(",") or below.startswith(("To ", "Dear ")):
        return None  # a letter's salutation ("To the board,"), whom it is written to
    if _LETTERHEAD.fullmatch(title) and organisation_kind(from_capitals(title)):
        return None
    if _DOCUMENT_TITLE.match(below):
        # "FAIR WAGES WATCH" over "Review of the X supply chain - Summary": the line under it
        # names the document, and the capitals above are its issuer's name when the text writes
        # that name as a name elsewhere (not a title: "PRESS BRIEFING NOTES").
        written = from_capitals(title)
        if _LETTERHEAD.fullmatch(title) and re.search(rf"\b{re.escape(written)}\b", context.body):
            return answerer(written, position, context)
        return None
    issued = _ISSUER_LINE.fullmatch(below)
    if issued is not None and issued["issued"]:
        # "Issued by the Water Quality Board (WQB), 2 September": the name after "by".
        return _issuing_body(issued["issued"], position, context)
    for form in _DOTTED_LEGAL_FORMS:
        if below.endswith(form) and _ISSUER_UNDER_TITLE.fullmatch(below[: -len(form)]):
            # ("Acme S.A.": a company by its legal form, whatever its name's words say.)
            return answerer(below[: -len(form)].strip(), position, context)
    under = _ISSUER_UNDER_TITLE.fullmatch(below)
    return _issuing_body(under["issuer"], position, context) if under else None


# A company's word of kind ending its full name ("Acme Mutual Insurance", "Acme Ltd"), which the
# text's other mentions often leave off.
_COMPANY_WORDS = frozenset({"Insurance", "Ltd", "Limited", "Group", "Company", "Holdings", "plc"})


def _writing_body(name: str, position: int, context: Context) -> Speaker | None:
    """The body a document's writer line names: as `_issuing_body` reads it, or by its name
    without a company's word of kind ("Acme Mutual Insurance" → "Acme Mutual") when the text
    names it so too."""
    speaker = _issuing_body(name, position, context)
    short, _, kind = name.rpartition(" ")
    if (speaker is None or speaker.actor is None) and kind in _COMPANY_WORDS:
        # (The shorter name when it is a known actor's, or the text writes it without the word.)
        alone = re.search(rf"\b{re.escape(short)}\b(?! {kind}\b)", context.body)
        known = answerer(short, position, context)
        if known is not None and (known.actor is not None or alone is not None):
            return known
    return speaker


def _issuing_body(name: str, position: int, context: Context) -> Speaker | None:
    """The body a line under a document's title names, if it names one: a known actor or a
    name the speaker stage reads as a body, not a person ("By Ana Roe") nor a place or date."""
    speaker = answerer(name.strip(), position, context)
    if speaker is None:
        return None
    if speaker.actor is not None or organisation_kind(name):
        return speaker
    if name.split()[-1].lower() in _ISSUING_BODIES:
        return speaker
    return speaker if speaker.kind and speaker.kind != ActorKind.person else None


# Bodies that issue findings and that the speaker stage does not read as organisations: "Joint
# Observation Mission", "Independent Expert Panel", "Permanent Delegation".
_ISSUING_BODIES = frozenset({"mission", "delegation", "panel", "tribunal", "secretariat"})


def _letterhead_body(name: str, position: int, context: Context) -> Speaker | None:
    """The body a letterhead names, if its words say it is one ("… AGENCY", "MINISTRY OF …"):
    not a title in capitals ("PRESS BRIEFING NOTES", "WHAT OTHERS SAY", "RECALL NOTICE"). A
    document's title ("FINAL VIEWS ON …") is the body's the text says adopted it, or its maker's
    (`_title_maker`); a description's response heading the body named under it."""
    adopter = title_adopter(name, position, context.body)
    if adopter is not None:
        speaker = answerer(*adopter, context)
        if speaker is not None:
            return speaker
    described = described_response_owner(name, context.body, position)
    if described is not None:
        return answerer(*described, context) if described[0] else None
    author = title_author(name)
    if author is not None:
        return answerer(author, position, context) if author else _untitled(name, position, context)
    office = _unaccredited(name)
    if office == name and not organisation_kind(name):
        return None  # (a diplomatic office's letterhead says where it serves: a body's)
    return answerer(office, position, context)


def _untitled(title: str, position: int, context: Context) -> Speaker | None:
    """The body a document's title naming no maker resolves to ("CCAA Statement on …", "Summary
    of Findings" when the introduction says whose findings it prints); None when it resolves to
    the title's own words ("Final Report on an Investigation"): a title is no speaker, and the
    letterhead above it may say whose it is."""
    speaker = answerer(title, position, context)
    if speaker is None or speaker.actor is not None:
        return speaker
    # ("Statement" from "Statement on the Market Clinic": the title's own words name no one.)
    return None if normalise_name(speaker.name) in normalise_name(title) else speaker


# A state's offices abroad, whose letterheads say where they are accredited.
_DIPLOMATIC_OFFICES = frozenset(
    {"mission", "embassy", "delegation", "consulate", "representation", "legation"}
)


def _unaccredited(name: str) -> str:
    """A diplomatic office's name without where it is accredited ("Permanent Mission of X to
    the Office at Y" → "Permanent Mission of X"): the office, as the text names it."""
    words = name.split()
    for i, word in enumerate(words):
        if word.lower() in _DIPLOMATIC_OFFICES:
            if "to" in words[i + 2 :]:
                return " ".join(words[: words.index("to", i + 2)])
            break
    return name


def _heading_body(name: str, position: int, context: Context) -> Speaker | None:
    """The body a heading names before the title of what it issues, if it names one: an actor
    the article knows, or a name of two words or more whose words say it is a body or that the
    text writes elsewhere as a name, the introduction announcing what it issued ("TEST
    REPORT" and "PRODUCT RECALL NOTICE" are titles)."""
    author = title_author(name)
    if author is not None:
        return answerer(author, position, context) if author else _untitled(name, position, context)
    speaker = answerer(name, position, context)
    if speaker is None:
        return None
    if speaker.actor is not None:
        return speaker
    if len(name.split()) < 2:
        return None
    if name not in context.written_names:
        context.written_names[name] = context.body.find(name) >= 0
    return speaker if organisation_kind(name) or context.written_names[name] else None


def _containing_block(unit: Unit, context: Context) -> tuple[int, int] | None:
    return next((b for b in context.quoted_blocks if b[0] <= unit.start < b[1]), None)


def _signer(block: tuple[int, int] | None, context: Context) -> Speaker | None:
    """Who signs the letter quoted whole in `block`, as its signature names them, if it
    has one: every sentence of the letter is theirs, its "we" their side's."""
    if block is None:
        return None
    signed = next(reversed(list(_SIGN_OFF.finditer(context.body, block[0], block[1]))), None)
    if signed is None:
        return None
    return answerer(signed["signer"].strip(), signed.start("signer"), context)


def _part_author(unit: Unit, context: Context) -> Speaker | None:
    """Who wrote the email, memo or letter holding `unit`, as its frame names them."""
    author = part_author(context.body, unit.start)
    if author is None:
        return None
    # The role and organisation beside the name say which known actor it is, if one is; the
    # name alone names the author otherwise ("Ann Lee, Site Engineer": Ann Lee).
    speaker = answerer(*author, context)
    if speaker is not None and speaker.actor is not None:
        return speaker
    return answerer(author[0].split(",")[0].strip(), author[1], context) or speaker


def _authored_author(unit: Unit, context: Context) -> Speaker | None:
    """Who a heading over the part holding `unit` names as its author, as `_headed_author`
    reads them; None outside such a part."""
    if authored_part_author(context.body, unit.start) is None:
        return None
    return _headed_author(unit, context)


def _headed_author(unit: Unit, context: Context) -> Speaker | None:
    """Who wrote or spoke the part holding `unit`, as a line above it or its label names them:
    a known actor the words name, whole or by one of their comma's parts ("the port
    authority's spokesman, Captain Ana Roe"), else the name after a role, else the words."""
    author = headed_author(context.body, unit.start)
    if author is None:
        return None
    speaker = answerer(*author, context)
    if speaker is not None and speaker.actor is not None:
        return speaker
    pieces = [piece.strip() for piece in author[0].split(",") if piece.strip()]
    named = [answerer(piece, author[1], context) for piece in reversed(pieces[1:])]
    known = next((s for s in named if s is not None and s.actor is not None), None)
    return known or next((s for s in named if s is not None), None) or speaker


def _voiced_by(unit: Unit, speaker: Speaker, context: Context) -> bool:
    """`unit` is `speaker`'s words though no verb of saying says so (a printed text, an answer
    under its question, a byline's first person); later pronouns may name them."""
    unit.speaker = speaker
    unit.cue = ""
    context.speakers.append(speaker)
    return True


_Span = TypeVar("_Span", tuple[int, int, str, int], tuple[int, int, int, int])


def _containing(spans: list[_Span], at: int) -> _Span | None:
    """The span of `spans` (in order, apart) that holds offset `at`, found by bisection."""
    index = bisect.bisect_right(spans, at, key=lambda span: span[0]) - 1
    return spans[index] if index >= 0 and at < spans[index][1] else None


# "made the following findings:": the verb before "the following".
_FOLLOWING = re.compile(r"\b(?P<verb>[a-z]++)[ ]++(?:the[ ]++)?following\b")


# A list item's label naming a party before a colon ("- The hospital's staff committee: 19
# dead"): a few words, read once ("{1,60}+"), no quotation in them.
_ITEM_LABEL = re.compile(r"(?P<who>[A-Z][^:\n“”\"\u2591]{1,60}+):[ \t]++(?=\S)")
_ITEM_LABEL_WORDS = 6


def _item_label(unit: Unit, lead: int, context: Context) -> Speaker | None:
    """The party a list item's label names, if it names one."""
    bullet = BULLET.match(unit.text)
    label = _ITEM_LABEL.match(unit.text, bullet.end() if bullet else lead)
    if label is None or LABELLED_ITEM.match(unit.text, label.start("who")):
        # ("Count 2: …": a word and the item's number, not a party.)
        return None
    who = label["who"].strip()
    if len(who.split()) > _ITEM_LABEL_WORDS or CUE.search(who) or not looks_like_speaker(who):
        return None
    speaker = resolve(Speaker(who, unit.start + label.start("who")), context)
    if speaker.actor is not None or (speaker.kind and speaker.kind != ActorKind.person):
        return speaker
    # A person by full name ("- Maria Lind: …"), not a field's one word ("- Hazard: …").
    return speaker if len(who.split()) >= 2 and looks_like_name(who) else None


def _list_announcer(start: int, end: int, context: Context) -> Speaker | None:
    """Whom the sentence body[start:end] announcing a list names as its speaker: the subject of
    its verb of saying ("The notice said:"), or of the verb before "the following"; resolved once
    per list."""
    return context.remembered(f"list@{start}", lambda: _announcer(start, end, context))


def _announcer(start: int, end: int, context: Context) -> Speaker | None:
    sentence = Unit(start, end, context.body[start:end], -1)
    masked = mask_quotes(sentence.text)
    found = sorted(_candidates(sentence, masked, context), key=lambda c: c[0])
    speaker = found[0][2] if found else None
    following = _FOLLOWING.search(masked) if speaker is None else None
    if following is not None:
        verb = following["verb"]
        speaker = subject_before_verb(sentence, masked, following.start(), verb)
    return resolve(speaker, context) if speaker is not None else None


_PRONOUNS = ("it", "they", "he", "she")
_FIRST_PERSON_SUBJECT = re.compile(r"(?:I|[Ww]e|[Mm]y|[Oo]ur)\b")
# A quantifier or a determiner alone as a subject ("Nobody told us …", "Both said …"): no one
# named, a capital letter though it has.
_NOBODY_SUBJECT = re.compile(
    r"(?:Nobody|No[ ]one|None|Nothing|No|Some|Someone|Somebody|Both|Everyone|Everybody|All)"
)
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)\b")
# An issuer's first person plural outside a quotation's marks.
_ISSUER_WE = re.compile(r"^[^“”\"]{0,2000}?\b(?:[Ww]e|[Oo]ur|us)\b")


def _content_words(unit: Unit, speaker: Speaker) -> int:
    return len(unit.text.split()) - len(speaker.text.split()) - 1


def _is_reporter(candidate: tuple[int, str, Speaker], context: Context) -> bool:
    _, cue, speaker = candidate
    if cue == "as reported by":
        return True
    end = speaker.start + len(speaker.text)
    actor = lookup(speaker.text, context) or next(
        (a for s, e, a in mentions_from(context, speaker.start, end) if e <= end),
        None,
    )
    return actor is not None and actor.kind == ActorKind.media


def _candidates(unit: Unit, masked: str, context: Context) -> list[tuple[int, str, Speaker]]:
    found: list[tuple[int, str, Speaker]] = []
    taken: list[tuple[int, int]] = []
    for match in _INVERTED.finditer(masked):
        np = _clean_np(_past_abbreviations(masked, match.start("np"), match["np"]))
        if not np or not looks_like_speaker(np) or _FINITE_VERB.search(np):
            # ", said Brandt's account was …": the words after the verb are its clause.
            continue
        if _appositive_subject(unit, masked, match):
            continue
        at = match.start("np")
        named = _named_after(masked, at + len(np))
        if named and names_a_role(np):
            # "said the group's researcher, Noor Hadi": the role's name follows it.
            np = f"{np}, {named.group(1).strip().rstrip('.')}"
        found.append((match.start("verb"), match["verb"], Speaker(np, unit.start + at)))
        taken.append((match.start("verb"), match.end("verb")))
    for match in _ACCORDING.finditer(masked):
        rest = masked[match.end() : until(_ACCORDING_END, masked, match.end())]
        np = _clean_np(rest)
        named = _named_after(masked, match.end() + len(np))
        if np and named and not looks_like_name(np):
            np = f"{np}, {named.group(1).strip()}"  # "the grid operator, Norlink"
        if np and looks_like_speaker(np):
            found.append((match.start(), "according to", Speaker(np, unit.start + match.end())))
    for match in _AS_REPORTED.finditer(masked):
        np = _clean_np(masked[match.end() : until(_AS_REPORTED_END, masked, match.end())])
        if np:
            found.append((match.start(), "as reported by", Speaker(np, unit.start + match.end())))
    for match in CUE.finditer(masked):
        verb = match.group(1)
        if any(a <= match.start() < b for a, b in taken):
            continue
        if not _cue_applies(masked, match, verb):
            continue
        speaker = subject_before_verb(unit, masked, match.start(), verb)
        if speaker is None:
            continue
        found.append((match.start(), verb, speaker))
    vouched = _vouched(unit, masked)
    if vouched is not None:
        found.append(vouched)
    for pattern in (
        STOOD_BY,
        ANSWER_PHRASE,
        UNSAID,
        ANSWER_BACK,
        CALL_FOR,
        PUT_TOLL,
        PUT_TO,
        BACKED,
    ):
        phrase = pattern.search(masked)
        if phrase:
            cue = "called for" if pattern is CALL_FOR else phrase.group(0)
            speaker = subject_before_verb(unit, masked, phrase.start(), cue)
            if speaker is not None:
                found.append((phrase.start(), cue, speaker))
    return found


# Where the words naming who vouches for the evidence end: "reviewed by the Observer on
# Monday", "seen by the Post, lists", "reviewed by the lab at a university" ("for" and "and"
# before a capital go on with a name: "the Centre for Rights and Accountability").
_VOUCHER_END = re.compile(
    r"[,;:.\u2591]|\s(?:on|in|at|from|to|under|with|after|during)\s|\s(?:for|and)\s(?![A-Z])"
)
# The evidence's verb comes within so many characters of the first "… by".
_EVIDENCE_WINDOW = 200


def _vouched(unit: Unit, masked: str) -> tuple[int, str, Speaker] | None:
    """What evidence shows, as the claim of whoever vouches for it: "Satellite images taken
    on Monday and reviewed by the Observer show two craters" (the last party named by "by"
    before the verb)."""
    first = VOUCHED_BY.search(masked)
    if first is None:
        return None
    verb = EVIDENCE_VERB.search(masked, first.end(), first.end() + _EVIDENCE_WINDOW)
    if verb is None:
        return None
    by = first
    for later in VOUCHED_BY.finditer(masked, first.end(), verb.start()):
        by = later
    np = masked[by.end() : until(_VOUCHER_END, masked, by.end(), verb.start() - by.end())]
    np = np.strip()
    gap = masked[by.end() + len(np) : verb.start()]
    # "Photographs released by the company were taken in May and show …": a verb of its own
    # between makes the evidence's verb another clause's.
    if (
        not np
        or not looks_like_speaker(np)
        or _FINITE_VERB.search(masked, by.end(), verb.start())
        or CUE.search(gap)
    ):
        return None
    return verb.start(), verb.group(0), Speaker(np, unit.start + by.end())


# After a sentence's closing cue: a time, a place of a few words, the full stop.
_AFTER_CLOSING = re.compile(r"(?:\s++(?:on|in|at|by|to|late|early)\s++[\w’'-]++){0,2}[\s.]*+$")


def _closing_cue(candidate: tuple[int, str, Speaker], unit: Unit, masked: str) -> bool:
    """True for a speaker and verb after a comma or a quotation that end the sentence
    (", Emren said."), when another cue comes before them."""
    at, verb, speaker = candidate
    before = masked[: speaker.start - unit.start].rstrip()
    return (
        verb in ("said", "says", "added", "told")
        and speaker.start - unit.start < at
        and before.endswith(",")
        and _AFTER_CLOSING.match(masked, at + len(verb)) is not None
    )


def _appositive_subject(unit: Unit, masked: str, match: re.Match[str]) -> bool:
    """True when the comma before an inverted cue closes an appositive of the sentence's
    subject ("Its director, Naomi Fell, said the findings …"): the verb has its subject before
    it, and the words after it are what was said, not who said it."""
    if masked[match.start()] != ",":
        return False
    subject = subject_before_verb(unit, masked, match.start("verb"), match["verb"])
    if subject is None or ", " not in subject.text:
        return False
    opening = len(masked) - len(masked.lstrip())
    return subject.start - unit.start <= opening


# What the text just before and after a cue may hold, matched in place (never on a copy of
# the rest of the sentence, which made a sentence of many cues quadratic).
_PASSIVE_BEFORE = re.compile(r"\b(?:to|was|were|been|being|be|is|are)\s+(?:\w+ly\s+)?$")
# (The publisher's "Our notes are shown in brackets.": a determiner alone is never a speaker.)
_NOUN_BEFORE = re.compile(
    r"\b(?:the|these|those|such|its|their|his|her|our|my|your|of|and)\s+$", re.I
)
# "called the claim …", and a label given in quotation marks (blanked out by then): "called
# the strike “a new crime”", "called that “a smear”".
_CALLED_CLAIM = re.compile(
    rf"\s+(?!(?:for|on)\b)(?:[\w’'-]+\s+){{0,3}}?(?:{CLAIM_NOUN}\b|[“\"\u2591])"
)
# Verbs of saying that are as often nouns: "the charges", "their note on the house", "his
# answer: …", "claims that …" after a noun.
_NOUNS_TOO = frozenset(
    word_list(
        "charges claims reports states notes finds warns note stress answer answers reply "
        "replies point points remarks repeats"
    )
)
_FOUND_WHERE = re.compile(r"\s++(?:in|on|at|near|inside|under|dead|alive|guilty)\b")
_PRONOUN_OBJECT = re.compile(r"\s+(?:him|her|them|it|his|its)\b")
_SPACES = re.compile(r"\s*")
# The words before a cue that decide it are within this many characters of it.
_CUE_WINDOW = 200


# Where the words after "according to" and "as reported by" end. "(?<!\s)": a run of spaces
# is tried from its start only (from each of its spaces, a long run was quadratic).
_ACCORDING_END = re.compile(r"[,.;:!?\u2591]|(?<!\s)\s+(?:who|which|that|and\s+(?=\w+\s+said))\b")
_AS_REPORTED_END = re.compile(r"[,.;:!?\u2591]|(?<!\s)\s+(?:reported|characteri[sz]ed|quoted)\b")
# "according to the grid operator, Norlink": a name of one to five capitalised words. The
# words are possessive ("*+"): split in every way, a long capitalised word took minutes.
_NAMED_AFTER = re.compile(r",\s*((?:[A-Z][\w’'&.-]*+\s*){1,5})(?=[.,;]|$)")
_NAME_WINDOW = 400


# The words naming a speaker end within this many characters (a name is a few words).
NP_WINDOW = 1000


def _named_after(masked: str, at: int) -> re.Match[str] | None:
    window = masked[at : at + _NAME_WINDOW].lstrip(" ")
    named = _NAMED_AFTER.match(window)
    if named and named.end() == len(window) and at + _NAME_WINDOW < len(masked):
        return None  # cut by the window: no name is that long
    return named


def _cue_applies(masked: str, match: re.Match[str], verb: str) -> bool:
    start, end = match.start(), match.end()
    window = max(0, start - _CUE_WINDOW)
    # Infinitives and passives are not someone saying something ("declined to say",
    # "was dismissed", "has been accused").
    if _PASSIVE_BEFORE.search(masked, window, start):
        return False
    if verb in _NOUNS_TOO and _NOUN_BEFORE.search(masked, window, start):
        return False
    if verb in DENY_WORDS and _DEPRIVED_OBJECT.match(masked, end):
        return False
    if verb in ("declined", "refused"):
        # "declined to comment": an answer that says nothing, not "refused entry".
        return masked.startswith(" to ", end)
    if verb in LABEL_WORDS:
        # (Not "the so-called “council”": an adjective, no one calling it anything.)
        so_called = masked[max(0, start - 3) : start].lower() == "so-"
        return not so_called and bool(_CALLED_CLAIM.match(masked, end))
    if verb in THAT_ONLY:
        # "responded that …", "replied: “…”", "has written back to say that …": an answer
        # with its content, not "responded to questions" nor "submitted a report".
        return SAYS_WHAT.match(masked, end) is not None
    if verb in (
        "found",
        "finds",
        "described",
        "describes",
        "pointed",
        "points",
        "point",
        "pointing",
    ):
        # "found that", "described … as", "pointed out": not "found him under a stall", nor
        # "two men found in their homes".
        if verb.startswith("point"):
            return masked.startswith(" out", end)
        return not _PRONOUN_OBJECT.match(masked, end) and not _FOUND_WHERE.match(masked, end)
    if verb == "claims":
        # "Claims that …" opening a sentence is the noun.
        spaces = _SPACES.match(masked)
        assert spaces is not None  # \s* matches anywhere
        if spaces.end() >= start:
            return False
    return True


_NP_END = re.compile(
    r"(?<!\s)\s+(?:according to|as reported|on condition|in an? |who |which |adding|"
    r"saying|by telephone|on (?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday))",
    re.IGNORECASE,
)


# A title's or an initial's full stop ends no speaker's name ("said Prof. Sunil Varga",
# "countered a U.S. State Department official"): the words after it, up to the next mark,
# as many times as a name has such stops.
_ABBREVIATED = re.compile(
    r"(?:\b[A-Z]|\b(?:Prof|Dr|Gen|Brig|Col|Lt|Capt|Sgt|Maj|Adm|Cmdr|Supt|Mr|Mrs|Ms|St))$"
)
_ON_PAST_STOP = re.compile(r"\.[^,.;:!?”\"\u2591]{1,140}")
_STOPS_IN_A_NAME = 4


def _past_abbreviations(masked: str, at: int, np: str) -> str:
    end = at + len(np)
    for _ in range(_STOPS_IN_A_NAME):
        more = _ON_PAST_STOP.match(masked, end) if _ABBREVIATED.search(np) else None
        if more is None:
            break
        np, end = np + more.group(0), more.end()
    return np


def _clean_np(np: str) -> str:
    np = np.strip().strip("\u2591").strip()
    np = np[: until(_NP_END, np, 0)]
    return np.strip(" ,")


# A clause joined by "while", "whereas", "as", "but", "and", "a day after" or a semicolon may
# be a second speaker's claim ("…, officials said; the ministry denied …", "…, a day after the
# separatists denied firing on the town", "…, officials said, and residents accused …").
_CLAUSE_JOIN = re.compile(
    r",\s++(?:while|whereas|as|but|and|(?:a\s++day|hours|days)\s++after)\s++(?=\w)"
    r"|;\s++(?=\w)"
)
# The second clause's cue comes within this many characters of its start ("while the
# Tessalian Defence Ministry denied"), and so many clauses of one sentence are tried.
_JOIN_CUE_WINDOW, _JOINS_TRIED = 160, 3


def _speaks_after(unit: Unit, masked: str, join: re.Match[str]) -> bool:
    """True when the unit's speaker and cue are both in the clause after `join` and the words
    before it have no cue of their own: "A runner died on Sunday, as fellow runners accused
    the organisers of …" (the clause after the join is the speaker's claim; the words before
    it report what happened)."""
    return (
        # (After a semicolon the clauses stand apart, and the gold reads both as the second's:
        # "Shells hit the town overnight; officials say 12 were killed".)
        join.group(0)[:1] == ","
        and unit.speaker is not None
        and _opens_on_speaker(unit.speaker.start - unit.start, unit.cue_at, join.end())
        and CUE.search(masked, 0, join.start()) is None
        and _EACH_OTHER.search(masked, join.end()) is None
    )


# Two sides blaming each other ("…, as the army and the rebels each blamed the other"): no one
# speaker's claim, but the report's account of the dispute.
_EACH_OTHER = re.compile(r"\beach[ ]++other\b|\beach\b[^.;]{0,60}?\bthe[ ]++other\b")


def _clause_of_its_own(join: re.Match[str], second: Unit, masked: str) -> bool:
    """True unless the clause after ", and" is no claim of its own: one that does not open on
    its speaker ("…, and a bakery burned, officials said"), or two sides blaming each other."""
    if not join.group(0).rstrip().endswith("and"):
        return True
    return (
        second.speaker is not None
        and _opens_on_speaker(second.speaker.start - second.start, second.cue_at, 0)
        and _EACH_OTHER.search(masked, join.end()) is None
    )


# The subject of a joined clause opens it (at most a mark or a space after the join).
_SUBJECT_OPENS = 2


def _opens_on_speaker(speaker_at: int, cue_at: int, clause_at: int) -> bool:
    """True when a clause starting at `clause_at` opens on its speaker, before its cue ("and
    residents accused …"), not on what a closing attribution speaks ("and four were hurt,
    officials said": the attribution is the whole sentence's)."""
    return 0 <= speaker_at - clause_at <= _SUBJECT_OPENS and speaker_at < cue_at


def _head(unit: Unit, end: int) -> Unit:
    """The unit's text up to `end` (relative to it), with its speaker and cue."""
    return Unit(
        unit.start,
        unit.start + end,
        unit.text[:end],
        unit.paragraph,
        unit.speaker,
        unit.cue,
        unit.cue_at,
        list(unit.via),
    )


def _tail(unit: Unit, at: int, cue: str) -> Unit:
    """The unit's text from `at` (relative to it), with its speaker, under the cue that opens
    it: a second claim of the same speaker."""
    return Unit(
        unit.start + at,
        unit.end,
        unit.text[at:],
        unit.paragraph,
        unit.speaker,
        cue,
        0,
        list(unit.via),
    )


# A second verb of the same speaker: "denied shelling the village and said …", "… but
# dismissed suggestions of …". (A second clause of the same verb, "said … and that …", is
# split only when each clause quotes: `_AND_THAT`.)
_JOINED = re.compile(
    r"(?<!\s)\s++(?:and|but)\s++(?:(?:he|she|it|they)\s++)?(?:also\s++|flatly\s++)?"
    r"(?P<verb>said|says|added|accused|accuses|insisted|claimed|blamed|warned|dismissed|"
    r"dismisses|denied|denies|rejected|rejects|described|acknowledged|conceded|admitted|"
    r"slammed|declined|(?:called|calls)(?!\s++(?:for|on)\b))\b"
)


# A participle of the same speaker carrying a second claim: "…, calling the report
# “baseless”", "…, adding that …", "…, while maintaining that …". (", saying …" and ", accusing
# …" most often only go on with the one claim, and the gold keeps them whole.)
_PARTICIPLE = re.compile(
    r"(?<!\s),\s++(?:while\s++)?(?P<verb>calling|arguing|maintaining|conceding)\b"
)


# A participle or a relative clause right after an attribution that closes its claim: "…,
# killing 16 people, the city administration said, blaming government forces", "…, according
# to the traders' association, which said goods had been taken …". The attribution ends the
# first claim, so what follows is a second one of the same speaker (after an attribution that
# opens its claim, ", saying …" most often goes on with it).
_AFTER_ATTRIBUTION = re.compile(
    r"(?<!\s),\s++(?P<verb>saying|blaming|accusing|adding|which\s++(?:said|says|accused|"
    r"accuses|blamed|blames))\b"
)
# The words at most from a closing attribution's verb to that participle ("said on
# Wednesday"), or from "according to" ("according to the Ministry of Agriculture").
_AFTER_VERB_WORDS, _ATTRIBUTION_WORDS = 4, 8
# What the first claim holds at least before its closing attribution, and the second after it.
_FIRST_WORDS, _SECOND_WORDS = 6, 4


def _after_closing_attribution(unit: Unit, masked: str) -> re.Match[str] | None:
    """The participle or relative clause going on after the attribution that closes the unit's
    first claim ("…, the ministry said, blaming …", "…, according to X, which said …")."""
    if unit.cue_at <= 0 or unit.speaker is None:
        return None
    after = _AFTER_ATTRIBUTION.search(masked, unit.cue_at + len(unit.cue))
    if after is None or len(unit.text[after.start("verb") :].split()) < _SECOND_WORDS:
        return None
    if unit.cue == "according to":
        first = masked[: unit.cue_at]
        between = masked[unit.cue_at : after.start()]
        closing = len(between.split()) <= _ATTRIBUTION_WORDS
    else:
        # The speaker named between the claim (a comma or a quotation before it) and the verb.
        named_at = unit.speaker.start - unit.start
        first = masked[: max(named_at, 0)]
        between = masked[unit.cue_at + len(unit.cue) : after.start()]
        closing = (
            0 < named_at < unit.cue_at
            and first.rstrip().endswith((",", "\u2591"))
            and len(between.split()) <= _AFTER_VERB_WORDS
        )
    return after if closing and len(unit.text[: len(first)].split()) >= _FIRST_WORDS else None


# A second that-clause of the same verb of saying: "said … and that …".
_AND_THAT = re.compile(r"(?<!\s),?\s++and\s++(?=that\s)")
# A that-clause set against the first: "said it had no evidence of a fault, but that two
# engines had cracked blades". The contrast makes it a claim of its own, quoted or not.
_BUT_THAT = re.compile(r"(?<!\s),\s++but\s++(?=that\s)")
# A turn of the sentence to a clause that may be a claim of its own (`turns_on_a_denial`):
# "…, but …", "…; …", "…, and that …". A few turns at most are read.
_TURN = re.compile(r"(?<!\s)(?:,\s++(?:and\s++(?=that\s)|but\s++)|;\s++)")
_TURNS_TRIED = 3


def _earliest(text: str, at: int, *patterns: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of any of `patterns` in `text` from `at`."""
    found = [m for m in (p.search(text, at) for p in patterns) if m is not None]
    return min(found, key=lambda m: m.start(), default=None)


def _accused_in(unit: Unit, end: int, pronoun: Speaker, context: Context) -> Speaker:
    """The speaker a pronoun answering the allegation stands for: the last organisation the
    allegation names other than its own speaker."""
    own = unit.speaker.name if unit.speaker else ""
    for start, _, actor in reversed(mentions_from(context, unit.start, unit.start + end)):
        if actor.kind != ActorKind.person and actor.name != own:
            return resolve(Speaker(actor.name, start), context)
    return pronoun


# "…, an allegation Y dismissed as “baseless”", "…, a charge the ministry called “…”": the
# answer's speaker and verb after a noun for what was said.
_TRAILING_ANSWER = re.compile(
    r",\s+(?:(?:an?|the)\s+)?(?:(?:allegation|accusation|charge|claim|suggestion|account|"
    r"version)s?|something)\s+(?:that\s+)?"
    # "Acme's legal team": a name, then a few lower-case words.
    r"(?P<who>(?:[A-Z][\w’'-]*\s+){1,4}?(?:[a-z’'-]+\s+){0,2}?|"
    r"(?:the|its)\s+(?:[a-z’'-]+\s+){1,2}?|"
    r"(?:it|they|he|she)\s+)"
    r"(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?(?:also\s+)?"
    r"(?P<verb>denied|dismissed|rejected|disputed|refuted|denies|dismisses|rejects|called|"
    r"calls|branded)\b",
)


def _sentence_claims(unit: Unit, pieces: list[tuple[int, int]], keep_cue: bool) -> list[Unit]:
    """A claim of the unit's speaker for each (start, end) sentence of its text; the one holding
    the cue keeps its place only when `keep_cue`, the others have none."""
    return [
        Unit(
            unit.start + start,
            unit.start + end,
            unit.text[start:end],
            unit.paragraph,
            unit.speaker,
            unit.cue,
            unit.cue_at - start if keep_cue and start <= unit.cue_at < end else -1,
            list(unit.via),
        )
        for start, end in pieces
    ]


def _own_sentences(unit: Unit) -> list[tuple[int, int]]:
    """A quotation of several sentences that opens the unit, alone or with its speaker after it
    ("“… . … ,” she said."), cut where a later sentence is a claim of its own
    (`sentence_of_its_own`): (start, end) of each claim, or none when it stays whole."""
    pieces = opening_quotation_sentences(unit.text)
    if not pieces or 0 <= unit.cue_at < pieces[-1][0]:
        return []
    first = unit.text[slice(*pieces[0])]
    starts = [
        start for start, end in pieces[1:] if sentence_of_its_own(first, unit.text[start:end])
    ]
    if not starts:
        return []
    return list(zip([pieces[0][0], *starts], [*starts, pieces[-1][1]], strict=True))


def split_claims(unit: Unit, context: Context, joins_left: int = _JOINS_TRIED) -> list[Unit]:
    """One sentence, two claims: "X called the claim “a fabrication” and said the incident
    was …" (a denial, then a counter-claim), or "…, an allegation Y dismissed as “baseless”"."""
    if _containing_block(unit, context) or _containing(context.answers, unit.start):
        # A text printed whole in one quoted paragraph: a claim each sentence, as over several.
        pieces = quotation_sentences(unit.text)
        if len(pieces) > 1:
            return _sentence_claims(unit, pieces, keep_cue=False)
    pieces = colon_quotation_sentences(unit.text)
    opening = QUOTE_MARK.search(unit.text)
    if pieces and opening and unit.cue_at < opening.start():
        # A statement printed after its speaker and a colon: a claim each sentence (not when
        # the speaker is one the quotation itself reports).
        return _sentence_claims(unit, pieces, keep_cue=True)
    pieces = _own_sentences(unit)
    if pieces:
        return _sentence_claims(unit, pieces, keep_cue=True)
    masked = mask_quotes(unit.text)
    trailing = _TRAILING_ANSWER.search(masked)
    if trailing and trailing.start() > unit.cue_at >= 0:
        first = _head(unit, trailing.start())
        at = trailing.start() + 2
        who = trailing["who"].strip()
        speaker = resolve(Speaker(who, unit.start + trailing.start("who")), context)
        if who in ("it", "they"):
            # "…, allegations it denied": "it" is whom the allegation names, not its speaker.
            speaker = _accused_in(unit, trailing.start(), speaker, context)
        second = Unit(
            unit.start + at,
            unit.end,
            unit.text[at:],
            unit.paragraph,
            speaker,
            trailing["verb"],
            0,
        )
        return [first, second]
    # "…, Ukrainian officials said, while Russia's Defence Ministry denied …": a second
    # clause with a speaker and a cue of its own is that speaker's claim.
    joins = (
        j
        for j in _CLAUSE_JOIN.finditer(masked)
        if (j.start() > unit.cue_at or _speaks_after(unit, masked, j))
        and CUE.search(masked, j.end(), j.end() + _JOIN_CUE_WINDOW)
    )
    # A few clauses at most are read again, in all (each reading is of the rest of the
    # sentence: reading every clause's rest was quadratic).
    for join in itertools.islice(joins, joins_left):
        at = join.end()
        second = Unit(unit.start + at, unit.end, unit.text[at:], unit.paragraph)
        if (
            attribute(second, context, None)
            and second.cue_at >= 0
            and _clause_of_its_own(join, second, masked)
        ):
            first = _head(unit, join.start())
            if first.cue_at >= len(first.text):
                # The unit's cue was the second clause's: the words before it, no one's claim
                # ("A runner died on Sunday, as runners accused …"), are the outlet's report.
                first.cue_at = -1
                if context.outlet:
                    first.speaker = resolve(Speaker(context.outlet, unit.start), context)
            return [
                *split_claims(first, context, 0),
                *split_claims(second, context, joins_left - 1),
            ]
    joined = (
        _earliest(masked, unit.cue_at + len(unit.cue), _JOINED, _PARTICIPLE)
        if unit.cue_at >= 0
        else None
    )
    if joined:
        first = _head(unit, joined.start())
        second = _tail(unit, joined.start("verb"), joined["verb"])
        # Two claims when each is a clause of six words or more ("accused the coach of abuse
        # and said the federation ignored their complaints", "said the pathologist's findings
        # “stand” and described the autopsy as “commissioned …”"), whatever the rules make of
        # each half's kind: the gold splits a second verb of saying off as its own claim,
        # answer or not; a short aside stays with its claim.
        if min(len(first.text.split()), len(second.text.split())) >= 6:
            return [first, second]
    after = _after_closing_attribution(unit, masked)
    if after is not None:
        return [_head(unit, after.start()), _tail(unit, after.start("verb"), unit.cue)]
    again = _AND_THAT.search(masked, unit.cue_at + len(unit.cue)) if unit.cue_at >= 0 else None
    if again:
        first = _head(unit, again.start())
        second = _tail(unit, again.end(), unit.cue)
        # Two claims when a clause quotes words and the second says something contested
        # ("said the spill was “far smaller than reported” and that the monitor had
        # “invented the dead fish”", "said its figures were “inflated” and that the group had
        # never been registered"); otherwise the second clause is as often a detail of one
        # claim, and splitting it off cost more precision than it gained recall. Two claims
        # too, whatever the rules make of the second's kind, when both clauses quote and the
        # second is a sentence's worth (`stands_alone`): the gold splits those.
        quoting = any(QUOTE_MARK.search(part.text) for part in (first, second))
        if (
            quoting
            and min(len(first.text.split()), len(second.text.split())) >= 6
            and classify_kind(second) != ClaimKind.statement
        ) or stands_alone(first.text, second.text):
            return [first, second]
    but = _BUT_THAT.search(masked, unit.cue_at + len(unit.cue)) if unit.cue_at >= 0 else None
    if but and min(len(unit.text[: but.start()].split()), len(unit.text[but.end() :].split())) >= 4:
        return [_head(unit, but.start()), _tail(unit, but.end(), unit.cue)]
    turns = _TURN.finditer(masked, unit.cue_at + len(unit.cue)) if unit.cue_at >= 0 else ()
    for turn in itertools.islice(turns, _TURNS_TRIED):
        if turns_on_a_denial(unit.text[: turn.start()], unit.text[turn.end() :]):
            return [_head(unit, turn.start()), _tail(unit, turn.end(), unit.cue)]
    return [unit]
