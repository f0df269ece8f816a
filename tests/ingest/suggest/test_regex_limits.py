"""The patterns the suggestion engine's stages gained for issue 13, on adversarial input at the
size limits: each case runs in another process under the generous limit of
tests/ingest/test_ingest_regex.py (a superlinear pattern takes hours at these sizes, these take well
under a second) and checks its result."""

import re
from typing import Any

from app.ingest import wordnet_table
from app.ingest.importing.prepare import MAX_SUGGEST_CHARS
from app.ingest.suggest import (
    ActorDirectory,
    article_actors,
    attribution,
    carried,
    clauses,
    cues,
    documents,
    exhibits,
    headed,
    kind_model,
    kinds,
    letters,
    link_features,
    narration,
    procedure,
    reports,
    sentences,
    sides,
    speaker_words,
    speakers,
    subjects,
    suggest_claims,
    turns,
    voices,
)
from app.ingest.suggest import actors as actor_names
from app.ingest.suggest.actors import KnownActor
from app.ingest.suggest.model import Context
from tests.ingest.test_ingest_regex import within  # noqa: F401  (the fixture)
from tests.reliability_fixtures import LONG

# The whole engine's text in the slowest cases below (each marked ENGINE_CHARS): the limit
# itself in the long profile (GAINSAY_LONG_TESTS=1, tests/reliability_fixtures.py's LONG);
# by default a third of it, still over sixteen times the widest window a stage reads around a
# sentence (test_the_engines_default_text_spans_every_window), so that every look-back reads its
# whole window thousands of times, as at the limit, and a superlinear pattern still takes hours.
ENGINE_CHARS = MAX_SUGGEST_CHARS if LONG else MAX_SUGGEST_CHARS // 3


def test_the_engines_default_text_spans_every_window():
    windows = (
        speakers._TITLED_WINDOW,
        speakers._DEFINITION_WINDOW,
        speakers._INTRODUCTION_WINDOW,
        documents._MENTION_WINDOW,
        reports._REPORT_WINDOW,
        subjects._SUBJECT_WINDOW,
        attribution.NP_WINDOW,
        sentences.NP_WINDOW,
    )
    assert 16 * max(windows) <= MAX_SUGGEST_CHARS // 3


def answered_and_finite_verbs() -> dict[str, Any]:
    words = MAX_SUGGEST_CHARS // 12
    return {
        # Subjects and adverbs that never reach a denial verb.
        "subjects": kinds._ANSWERED.search("it had also badly " * words),
        "adverbs": kinds._ANSWERED.search("he " + "firmly " * words + "x"),
        "spaces": kinds._ANSWERED.search("had" + " " * MAX_SUGGEST_CHARS + "none"),
        "finite": attribution._FINITE_VERB.search("wasx " * words),
        "found": bool(kinds._ANSWERED.search("x " * words + "but denied it")),
        # "must" before runs of spaces and words that never end in a verb.
        "prescriptive": kinds._PRESCRIPTIVE.search("mustnot " * words + "must" + " " * words),
        "claimed": bool(kinds._PRESCRIPTIVE.search("claimed " * words + "responsibility")),
        # The wrongdoing words of more than one word, before long runs of spaces.
        "wrongdoing": kinds.HARM.search(("failed" + " " * 64 + "x ") * (words // 8)),
        "without": bool(kinds.HARM.search("without " * words + "charge")),
        # Corrections (", not a school") each followed by a long run that ends in a word.
        # Partial answers: "parts" and "vast" before runs of spaces that end in no "of".
        "partial": kinds._PARTIAL.search(
            ("parts" + " " * 64 + "x vast" + " " * 64 + "x ") * (words // 16)
        ),
        # A name, a legal form and a parenthesis that defines nothing, far apart.
        "definition": article_actors._DEFINITION.search(
            "Ab" + " " * words + "plc" + " " * words + "(x)"
        ),
        # Capitalised words joined by long runs of small words, and one very long word.
        "organisations": len(
            article_actors.local_definitions(
                ("Ab " + "of " * 64) * (words // 16) + "A" + "b" * (MAX_SUGGEST_CHARS // 4),
                ActorDirectory(),
            ).actors
        ),
        # A business noun before long runs of spaces that end in no name.
        "introduced": article_actors._INTRODUCED.search(("maker" + " " * 64 + "x ") * (words // 8)),
        # One long first word with hyphens that never ends in "-based".
        "based": speaker_words.strip_article("a-" * words + "x Forum"),
        # A possessive owner before a rest of words and spaces to the limit.
        "possessive": len(speakers._POSSESSIVE.match("Dorvania's " + "a  " * words)["rest"]),
        "correction": kinds.DENIAL_WORDS.search((", not a school" + "!" * 64 + "x") * (words // 8)),
        # The first words of acts blamed on another side and of discrediting, each before a
        # long run of spaces that ends in a word that completes none of them.
        "blamed": kinds.HARM.search(
            ("fired" + " " * 64 + "x human" + " " * 64 + "x hide" + " " * 64 + "x caused")
            * (words // 32)
        ),
        "discrediting": kinds.DENIAL_WORDS.search(
            ("not" + " " * 64 + "x lower" + " " * 64 + "x than") * (words // 16)
        ),
        "presence": kinds._PRESENCE.search(("been" + " " * 64 + "x ") * (words // 8)),
        "first_hand": sides.FIRST_HAND.search("treatedx " * words),
        # "that" and "its" before long runs of spaces that end in no act of harm.
        "own_act": sides.OWN_ACT.search(
            ("that its" + " " * 64 + "x had" + " " * 64 + "y ") * (words // 16)
        ),
        # "but" and "and" before long runs of spaces that end in no verb.
        "joined": attribution._JOINED.search(
            ("x but" + " " * 64 + "also" + " " * 64 + "y ") * (words // 16)
        ),
        "unsure": kinds._UNSURE.search(
            ("could" + " " * 64 + "not" + " " * 64 + "x ") * (words // 16)
        ),
        # Saying the account is wrong: "not", "is" and "characterise it" each before long runs
        # of spaces and words that complete none of them.
        "wrong": kinds.DENIAL_WORDS.search(
            ("not" + " " * 64 + "x" + " " * 64 + "y is" + " " * 64 + "z describe it" + " " * 64)
            * (words // 32)
        ),
        # Steps taken: "opened" and "placed on" before runs of small words that name no inquiry.
        "procedure": kinds._PROCEDURE.search(
            ("opened" + " " * 64 + "the" + " " * 64 + "x y z placed on" + " " * 64 + "x ")
            * (words // 32)
        ),
        # How an answer answers: the first words of each phrase before long runs of spaces
        # and words that complete none of them.
        "discrediting_source": kinds._DISCREDITING.search(
            ("based" + " " * 64 + "x" + " " * 64 + "on" + " " * 64 + "y long" + " " * 64 + "z ")
            * (words // 32)
        ),
        "no_answer": kinds._NO_ANSWER.search(
            ("can" + " " * 64 + "not" + " " * 64 + "x nothing" + " " * 64 + "y ") * (words // 32)
        ),
        "no_more": kinds._PARTIAL.search(
            ("no" + " " * 64 + "more" + " " * 64 + "x ") * (words // 16)
        ),
        # The object of a rejection: long runs of possessives and spaces that end in no answer.
        "rejoinder": sides.REJOINDER.match("the" + (" " * 64 + "its x's") * (words // 16)),
        # A role, a comma and capitalised words with long runs of spaces that end in no comma.
        "introduced_person": speakers._APPOSITIVE_PERSON.search(
            ("minister," + " " * 64 + "Ab" + " " * 64 + "Cd Ef Gh ") * (words // 16)
        ),
        # "set" and "broke" before long runs of spaces that end in no "fire" or "into".
        "set_fire": kinds.HARM.search(
            ("set" + " " * 64 + "x broke" + " " * 64 + "y ") * (words // 16)
        ),
        # "Asked whether" before a long run of words that holds no "would".
        "asked": kinds._PRESCRIPTIVE.search("Asked whether " + "x " * words),
        "campaigned": kinds._DISCREDITING.search(("campaigned" + " " * 64 + "x ") * (words // 8)),
        # "called" before runs of words and spaces that reach no claim noun or quotation.
        "called_label": attribution._CALLED_CLAIM.match(" " + ("x" + " " * 64) * (words // 8)),
        "put_toll": cues.PUT_TOLL.search("put the number of " * words),
        # Answers of several words, each cut one word short, and an age-like run of digits.
        "stood_by": cues.STOOD_BY.search("stood by its own " * words),
        "no_answer_phrase": cues.ANSWER_PHRASE.search("did not has not addressx " * words),
        "answered_back": cues.ANSWER_BACK.search("hit pushed backx " * words),
        "age": subjects._AGE.fullmatch("5" * MAX_SUGGEST_CHARS),
        # Counsel's case and backing an account, each cut short of its last word.
        "put_to": cues.PUT_TO.search("put it to the witness " * words),
        "backed": cues.BACKED.search("backed the x y " * words),
        "lie": kinds.DENIAL_WORDS.search(("a" + " " * 64 + "x ") * (words // 8)),
        # A preposition and a determiner before long runs of spaces and more words than the
        # one the pattern allows before the end.
        "reacted_to": kinds._EVENT_REACTED_TO.search(
            ("by" + " " * 64 + "the" + " " * 64 + "x y ") * (words // 16)
        ),
        # "to comment on" before a long run of words that holds no claim noun.
        "declined_on_claim": kinds._DECLINED_ON_CLAIM.match(" to comment on " + "x " * words),
        # "would not" and "declined to" before long runs of spaces that end in no verb of talk.
        "refusal": kinds._REFUSAL.search(
            ("would not" + " " * 64 + "x declined to" + " " * 64 + "y ") * (words // 16)
        ),
        # Possessives before long runs of spaces, each followed by a capital: no owned noun ends
        # the words.
        "owned_noun": speaker_words._OWNED_NOUN.search(("x's" + " " * 64 + "X ") * (words // 8)),
        # A time opener before a long run of spaces that ends in no article.
        "time_opener": subjects._TIME_OPENER.match("on" + " " * MAX_SUGGEST_CHARS + "x"),
        # A label of capitals and spaces to the limit, with no colon after it.
        "label": sentences.SPEAKER_LABEL.match("A" + " " * MAX_SUGGEST_CHARS + "x"),
        # A speaker before a colon and a long run of spaces that ends in no quotation mark;
        # a name running past the limit of its words; a handle never closed.
        "block_speaker": sentences.BLOCK_SPEAKER.match("A:" + " " * MAX_SUGGEST_CHARS + "x"),
        "block_name": sentences.BLOCK_SPEAKER.match("A" + "x " * words + ': "'),
        "handle": speakers._HANDLE.search(" (@" + " " * MAX_SUGGEST_CHARS),
        # A byline's name followed by a long run of spaces that ends in a word, and first
        # persons cut short of their last letter.
        "byline": article_actors._BYLINE.search("By Ann Lee" + " " * MAX_SUGGEST_CHARS + "x"),
        "first_person": attribution._FIRST_PERSON.search("Iwe ourx " * words),
        # An announcement's words each cut short; an end line's spaces and dashes before no
        # end word; an issuer of capitalised words to the limit with no space after the last.
        "printed": sentences._PRINTED.search("the following statemen in ful " * words),
        "statement_end": sentences._STATEMENT_END.match(" -" + " " * MAX_SUGGEST_CHARS + "x"),
        # "published by" before a long run of capitalised words and "of" with no end.
        "printed_by": sentences._PRINTED_BY.search(
            "the following notice was published by " + "Ab of " * words
        )
        is not None,
        "issuer": len(sentences._ISSUER.match("Ab " * words)[0]) < 20,
        # Initials before a long run of spaces that ends in no lower-case word.
        "initials": speakers._INITIALS.match("SAF" + " " * MAX_SUGGEST_CHARS + "X"),
        # Commas before long runs of spaces that end in no "not".
        "correction_detail": kinds._CORRECTION.search(("," + " " * 64 + "x ") * (words // 8)),
        # "for" before a long run of spaces that ends in no capital.
        "for_owner": speakers._FOR_OWNER.match(" for" + " " * MAX_SUGGEST_CHARS + "x"),
        # Possessives before long runs of spaces that end in no claim noun.
        "others_claim": kinds._OTHERS_CLAIM.search(("x's" + " " * 64 + "y ") * (words // 8)),
        "which": speakers._WHICH.match("," + " " * MAX_SUGGEST_CHARS + "whichx"),
        # "said its" before long words that end in no comma: no role and name follow.
        "inverted_possessive": attribution._INVERTED.search(
            (", said its " + "x" * 64 + " ") * (words // 8)
        ),
        # "who" after long runs of spaces, never followed by one.
        "relative": subjects._RELATIVE.search(("x" + " " * 64 + "whox ") * (words // 8)),
        "forecast": kinds._FORECAST.search(
            ("could" + " " * 64 + "still" + " " * 64 + "x is likely" + " " * 64) * (words // 32)
        ),
        # "would" and "will" before long runs of spaces that end in "not" or "have".
        "intent": kinds._INTENT.search(
            ("would" + " " * 64 + "not will" + " " * 64 + "have ") * (words // 16)
        ),
        # "has" before long runs of spaces, adverbs and words with no participle's ending.
        "done": kinds._DONE.search(
            ("has" + " " * 64 + "firmly x" + "y" * 64 + " ") * (words // 16)
        ),
        # The words of a figure and of a number, each run into the next word.
        "speaks_of_figure": link_features._SPEAKS_OF_FIGURE.search("figuresx tolls " * words),
        "states_number": link_features._STATES_NUMBER.search("onex xthree " * words),
        # "relies" before a long run of spaces that ends in no "on"; words that only start like
        # a messenger's ("fundamental").
        "messenger_words": link_features._MESSENGER_WORDS.search(
            "relies" + " " * MAX_SUGGEST_CHARS + "x fundamental " * words
        ),
        # An article and a spokesperson, each before a long run of spaces: the first ends in
        # no spokesperson, the second in "for", whom the spokesperson names.
        "its_spokesperson": sides._ITS.match("a" + " " * MAX_SUGGEST_CHARS + "spokesmanx"),
        "spokesperson_for": sides._ITS.match("a spokesman" + " " * MAX_SUGGEST_CHARS + "for"),
        # A long run of initials' full stops past a verb (read four at most); a title and a
        # name before a long run of spaces that ends in no "of".
        "abbreviations": len(
            attribution._past_abbreviations("U" + ".U" * MAX_SUGGEST_CHARS, 0, "U")
        ),
        "titled_of": speakers._TITLED_OF.match("Dr Ab Cd" + " " * MAX_SUGGEST_CHARS + "x"),
        # A document's owner: possessives and words to the limit before no end of the window.
        "document_owner": speakers._DOCUMENT_OWNER.search(
            "the ab's cd " * words + "x's" + "y" * MAX_SUGGEST_CHARS
        ),
        # Long lower-case words that never end in "ed", and words that are no preposition.
        "participle": speakers._PARTICIPLE.search(("a" + " " * 64 + "x" * 64) * (words // 16)),
        "people_cut": speakers._PEOPLE_CUT.search(("a" + " " * 64 + "atx ") * (words // 16)),
    }


def test_answer_and_finite_verb_patterns_at_scale(within):  # noqa: F811
    assert within(answered_and_finite_verbs) == {
        "subjects": None,
        "adverbs": None,
        "spaces": None,
        "finite": None,
        "found": True,
        "prescriptive": None,
        "claimed": True,
        "wrongdoing": None,
        "without": True,
        "correction": None,
        "blamed": None,
        "discrediting": None,
        "presence": None,
        "first_hand": None,
        "own_act": None,
        "joined": None,
        "unsure": None,
        "wrong": None,
        "procedure": None,
        "forecast": None,
        "intent": None,
        "done": None,
        "speaks_of_figure": None,
        "states_number": None,
        "messenger_words": None,
        "its_spokesperson": None,
        "spokesperson_for": None,
        "abbreviations": 9,
        "titled_of": None,
        "document_owner": None,
        "participle": None,
        "people_cut": None,
        "relative": None,
        "inverted_possessive": None,
        "owned_noun": None,
        "which": None,
        "others_claim": None,
        "for_owner": None,
        "correction_detail": None,
        "time_opener": None,
        "label": None,
        "block_speaker": None,
        "block_name": None,
        "handle": None,
        "byline": None,
        "first_person": None,
        "printed": None,
        "statement_end": None,
        "printed_by": True,
        "issuer": True,
        "initials": None,
        "reacted_to": None,
        "refusal": None,
        "declined_on_claim": None,
        "discrediting_source": None,
        "no_answer": None,
        "no_more": None,
        "lie": None,
        "put_toll": None,
        "stood_by": None,
        "answered_back": None,
        "no_answer_phrase": None,
        "age": None,
        "put_to": None,
        "backed": None,
        "called_label": None,
        "campaigned": None,
        "asked": None,
        "set_fire": None,
        "introduced_person": None,
        "rejoinder": None,
        "possessive": 3 * (MAX_SUGGEST_CHARS // 12),
        "partial": None,
        "definition": None,
        "organisations": 0,
        "introduced": None,
        "based": "a-" * (MAX_SUGGEST_CHARS // 12) + "x Forum",
    }


def clause_after_clause() -> tuple[set[str], int, Any]:
    # A sentence of one clause after another, each with a speaker and a cue: the clauses read
    # again are a few per sentence, not each against the rest of the sentence.
    clause = ", while the ministry said it was false"
    body = "The monitor said shelling killed nine people" + clause * (ENGINE_CHARS // 40)
    suggestions = suggest_claims(body + ".", ActorDirectory())
    joins = attribution._CLAUSE_JOIN.search("," + " " * MAX_SUGGEST_CHARS + "while")
    return {s.claimant_name for s in suggestions}, max(len(s.quote) for s in suggestions), joins


def test_sentences_of_many_clauses_at_scale(within):  # noqa: F811
    speakers, longest, joins = within(clause_after_clause)
    assert speakers == {"monitor", "ministry"}
    assert longest < 10_000
    assert joins is None  # a comma, then spaces to the limit: no clause follows


def clause_joins_after_semicolons_and_days() -> tuple[Any, ...]:
    # A semicolon before spaces to the limit and no word; ", a" and "day" far apart, again and
    # again, never followed by "after"; then one join that does match.
    words = MAX_SUGGEST_CHARS // 12
    return (
        attribution._CLAUSE_JOIN.search(";" + " " * MAX_SUGGEST_CHARS),
        attribution._CLAUSE_JOIN.search((", a" + " " * 64 + "day" + " " * 64) * (words // 16)),
        bool(attribution._CLAUSE_JOIN.search("x " * words + ", a day after the ministry")),
    )


def test_clause_joins_after_semicolons_and_days_at_scale(within):  # noqa: F811
    assert within(clause_joins_after_semicolons_and_days) == (None, None, True)


def answers_after_answers() -> int:
    # A sentence of one "…, allegations the x" after another, none with a denial verb: each is
    # read once, not against the rest of the sentence.
    body = "The monitor said shelling killed nine people" + ", allegations the x y" * (
        MAX_SUGGEST_CHARS // 24
    )
    return len(suggest_claims(body + ".", ActorDirectory()))


def test_sentences_of_many_answer_clauses_at_scale(within):  # noqa: F811
    assert within(answers_after_answers) == 1


def accounts_after_accounts() -> int:
    # The same with "…, an account the x y's", two lowercase words after "the" that reach no
    # denial verb.
    body = "The monitor said shelling killed nine people" + ", an account the x y's" * (
        MAX_SUGGEST_CHARS // 24
    )
    return len(suggest_claims(body + ".", ActorDirectory()))


def test_sentences_of_many_answered_accounts_at_scale(within):  # noqa: F811
    assert within(accounts_after_accounts) == 1


def documents_after_documents() -> tuple[int, set[str]]:
    # Statement after statement, each a speaker to resolve: each issuer is looked for within a
    # window before it, not in all the text before.
    unit = (
        "Valen said in a statement that it was false. "
        "“No waste left the site,” the statement said. "
    )
    body = unit * (ENGINE_CHARS // len(unit))
    suggestions = suggest_claims(body, ActorDirectory())
    return len(suggestions), {s.claimant_name for s in suggestions}


def test_document_speakers_at_scale(within):  # noqa: F811
    count, claimants = within(documents_after_documents)
    assert count == 2 * (ENGINE_CHARS // 91)  # the unit is 91 characters
    assert claimants == {"Valen"}


def short_forms() -> tuple[bool, bool, str, str]:
    # A name's first word before long runs of spaces that end in a word cut short of its
    # second; the full name over and over, its last word read each time, then the first alone.
    runs = MAX_SUGGEST_CHARS // 80
    cut_short = ("Tessen" + " " * 64 + "Harbou ") * runs
    in_full = ("Tessen Harbour Line" + " " * 64) * runs + "Tessen said"
    first, second = (
        speakers._short_form_first(
            "Tessen Harbour Line", Context(body, ActorDirectory(), ActorDirectory(), [], None)
        )
        for body in (cut_short, in_full)
    )
    # The word alone before long runs of spaces that end in no capital, and the longer
    # names it starts, each counted.
    lower = ("Tessen" + " " * 64 + "x ") * runs + "Tessen Harbour Line"
    longer, alone = (
        speakers._organisation_in_full(
            "Tessen", Context(body, ActorDirectory(), ActorDirectory(), [], None)
        )
        for body in (lower, in_full)
    )
    return first, second, longer, alone


def test_short_forms_of_names_at_scale(within):  # noqa: F811
    # "Tessen" alone, never "Line": the name of an organisation, both times; the word alone
    # is that organisation's when the text shortens its name to it.
    assert within(short_forms) == (True, True, "Tessen Harbour Line", "Tessen Harbour Line")


def steps_taken() -> dict[str, Any]:
    words = MAX_SUGGEST_CHARS // 12
    run = " " * 64 + "x "
    return {
        # The first word of each step of two words before long runs of spaces that end in no
        # second word.
        "steps": kinds._STEP.search(
            ("set" + run + "is" + run + "had" + run + "full" + run) * (words // 32)
        ),
        # Negations all the way to a step at the end: the step does not count.
        "negated": kinds._takes_steps("not " * words + "had recalled"),
        "found": kinds._takes_steps("x " * words + "had recalled"),
    }


def test_steps_taken_at_scale(within):  # noqa: F811
    assert within(steps_taken) == {"steps": None, "negated": False, "found": True}


def no_answers_and_concessions() -> dict[str, Any]:
    words = MAX_SUGGEST_CHARS // 12
    run = " " * 64 + "x "
    return {
        # The first words of each phrase before long runs of spaces that end in no next word.
        "no_answer": kinds._NO_ANSWER.search(
            ("does" + run + "not in a" + run + "could" + run + "under" + run) * (words // 40)
        ),
        "conceded": kinds._CONCEDED.search(
            ("was" + run + "in" + run + "own" + run) * (words // 24)
        ),
        # Negated acceptance all the way, then one that grants.
        "negated": kinds._CONCEDED.search("not accept " * words),
        "found": bool(kinds._CONCEDED.search("not accept " * words + "we accept")),
    }


def test_no_answers_and_concessions_at_scale(within):  # noqa: F811
    assert within(no_answers_and_concessions) == {
        "no_answer": None,
        "conceded": None,
        "negated": None,
        "found": True,
    }


def dismissals() -> Any:
    # "changes", "does not", "not" and "damage" before long runs of spaces that end in no next
    # word.
    run = " " * 64 + "x "
    return kinds._DISMISSIVE.search(
        ("changes" + run + "does not" + run + "not" + run + "damage" + run)
        * (MAX_SUGGEST_CHARS // 12 // 40)
    )


def test_dismissals_at_scale(within):  # noqa: F811
    assert within(dismissals) is None


def tolls() -> tuple[bool, bool]:
    # Toll words all the way, then the same with a doer named by "by" at the very end.
    said = "nine people died and " * (MAX_SUGGEST_CHARS // 24)
    return kinds._toll_only(said), kinds._toll_only(said + "by rebels")


def test_tolls_at_scale(within):  # noqa: F811
    assert within(tolls) == (True, False)


def negations_and_corrections() -> tuple[Any, bool, bool]:
    # Words that start like "me" and "my" all the way; then corrections only, then one more
    # negation after them.
    corrections = ", not x" * (MAX_SUGGEST_CHARS // 8)
    return (
        kinds._FIRST_PERSON.search("mere myth Ivory " * (MAX_SUGGEST_CHARS // 16)),
        bool(kinds.NEGATION.search(kinds._CORRECTION.sub(",", corrections))),
        bool(kinds.NEGATION.search(kinds._CORRECTION.sub(",", corrections + " never"))),
    )


def test_negations_beside_corrections_at_scale(within):  # noqa: F811
    assert within(negations_and_corrections) == (None, False, True)


def transcript_labels_and_answers() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    exchange = "Its answers are printed below.\nWhy?\nBecause we can say so.\n"
    rounds = MAX_SUGGEST_CHARS // len(exchange)
    return (
        # A name of capitalised words to the limit with no colon after it; a clip's label
        # and a role's brackets never closed.
        sentences.SPEAKER_LABEL.match("Ab " * words + "x"),
        sentences.SPEAKER_LABEL.match("Q1 [A" + " " * MAX_SUGGEST_CHARS),
        sentences.SPEAKER_LABEL.match("Ab Cd (" + "x" * MAX_SUGGEST_CHARS),
        # A name and a role after a comma that runs on with no colon.
        sentences.SPEAKER_LABEL.match("Ab Cd, " + "Ab " * words + "x"),
        # Capitalised words and one long capitalised word that own no answers; answers
        # announced with nothing printed after them.
        sentences._ANSWERS.search("Ab " * words + "A" * (MAX_SUGGEST_CHARS // 2)),
        sentences._ANSWERS.search("Its answers " + "x " * words),
        # An announcement, a question and an answer over and over: every answer once.
        len(sentences.printed_answers(exchange * rounds)) == 2 * rounds - 1,
        speakers._ROLE_AND_NAME.fullmatch("a (" * words),
    )


def test_transcript_labels_and_printed_answers_at_scale(within):  # noqa: F811
    assert within(transcript_labels_and_answers) == (
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        None,
    )


def interviewees() -> tuple[Any, ...]:
    # Capitalised words to the limit with no verb of answering after them; "interview with"
    # before a long run of spaces that ends in no name.
    return (
        speakers._INTERVIEWEE.search("Ab " * (MAX_SUGGEST_CHARS // 3) + "x"),
        speakers._INTERVIEWEE.search("interview with" + " " * MAX_SUGGEST_CHARS + "x"),
    )


def test_interviewees_at_scale(within):  # noqa: F811
    assert within(interviewees) == (None, None)


def names_of_sides() -> tuple[set[str], set[str]]:
    # Names of one to eight words, and a text at the limit of their first words that never
    # completes one; then the same text with one name in full at the very end.
    names = {
        (*(f"w{n}" for n in range(length)), f"end{length}"): f"side {length}" for length in range(8)
    }
    text = "W0 w1 w2 w3 w4 w5 w6 " * (MAX_SUGGEST_CHARS // 21)
    return sides._sides_named(text, names), sides._sides_named(text + "w0 w1 end2", names)


def test_sides_named_at_scale(within):  # noqa: F811
    assert within(names_of_sides) == (set(), {"side 2"})


def closing_cues_and_gendered_titles() -> tuple[Any, ...]:
    # After a closing cue: time phrases that never end the sentence, a long run of spaces
    # before a word; titles: a text of capitalised words that are none.
    words = MAX_SUGGEST_CHARS // 8
    return (
        attribution._AFTER_CLOSING.match("on Monday " * words + "x"),
        attribution._AFTER_CLOSING.match(" " * MAX_SUGGEST_CHARS + "x"),
        bool(attribution._AFTER_CLOSING.match(" on Monday" + " ." * words)),
        speakers._GENDERED_TITLE.search("Mrx Sirx " * words),
    )


def test_closing_cues_and_gendered_titles_at_scale(within):  # noqa: F811
    assert within(closing_cues_and_gendered_titles) == (None, None, True, None)


def people_then_roles() -> tuple[Any, ...]:
    # Capitalised names with a comma and an article before text that never reaches a role, and
    # a long run of spaces after the comma.
    words = MAX_SUGGEST_CHARS // 24
    return (
        speakers._PERSON_THEN_ROLE.search("Ab Cd, the xx yy zz " * words),
        speakers._PERSON_THEN_ROLE.search("Ab Cd," + " " * MAX_SUGGEST_CHARS + "x"),
        speakers._PERSON_THEN_ROLE.search("Ab " * (MAX_SUGGEST_CHARS // 3)),
    )


def test_people_then_roles_at_scale(within):  # noqa: F811
    assert within(people_then_roles) == (None, None, None)


def printed_texts() -> tuple[Any, ...]:
    # Capitalised words and a letter with no verb after them; a long run of spaces before no
    # sentence; a text under its announcement whose paragraphs are all unsigned sentences.
    words = MAX_SUGGEST_CHARS // 12
    text = "Its reply follows:\n" + "We did nothing wrong here.\n" * (MAX_SUGGEST_CHARS // 27)
    return (
        sentences._TEXT_FOLLOWS.search("Ab " * words + "letter" + " x" * words),
        sentences._SENTENCE_END.search("." + " " * MAX_SUGGEST_CHARS + "x"),
        sentences._LATER_SENTENCE.search("." + " " * MAX_SUGGEST_CHARS),
        len(sentences.printed_texts(text)),
    )


def test_printed_texts_at_scale(within):  # noqa: F811
    assert within(printed_texts) == (None, None, None, 40)


def document_headers_and_that_clauses() -> tuple[Any, ...]:
    # Capitalised words before no document noun; a header whose author's description never
    # ends in a colon; "and" before a long run of spaces and no "that".
    words = MAX_SUGGEST_CHARS // 12
    return (
        sentences._DOCUMENT_HEADER.fullmatch("Ab " * words + "letter"),
        sentences._DOCUMENT_HEADER.fullmatch("Letter from Jo Doe" + ", x" * words),
        attribution._AND_THAT.search(("x and" + " " * 64 + "y ") * (words // 8)),
        bool(attribution._AND_THAT.search("x " * words + "and that y")),
    )


def test_document_headers_and_that_clauses_at_scale(within):  # noqa: F811
    assert within(document_headers_and_that_clauses) == (None, None, None, True)


def sentence_turns() -> tuple[Any, ...]:
    # Commas before long runs of spaces and no "and that" or "but"; a turn after endless words.
    words = MAX_SUGGEST_CHARS // 12
    return (
        attribution._TURN.search(("x," + " " * 64 + "and ") * (words // 8)),
        bool(attribution._TURN.search("x " * words + "x; y")),
    )


def test_sentence_turns_at_scale(within):  # noqa: F811
    assert within(sentence_turns) == (None, True)


def roles_alone() -> tuple[Any, ...]:
    # "the" and lower-case words that never end in a role; a text of one role repeated with
    # no name after it; a possessive pronoun before a long run of spaces and no document.
    words = MAX_SUGGEST_CHARS // 12
    body = "mayor " * words + "x"
    context = Context(body, ActorDirectory(), ActorDirectory(), [], None)
    return (
        speakers._THE_ROLE.fullmatch("the " + "abc " * words + "X"),
        speakers._titled_person("mayor", len(context.body), context),
        bool(speakers._THE_ROLE.fullmatch("the sitting mayor")),
        # (Capitalised words too, as minutes write a role: "The Chief Inspector".)
        speakers._THE_ROLE.fullmatch("The " + "Abc " * words + "x"),
        bool(speakers._THE_ROLE.fullmatch("The Chief Inspector")),
        speakers._PRONOUN_DOCUMENT.fullmatch("its" + " " * MAX_SUGGEST_CHARS + "own x"),
    )


def test_roles_alone_at_scale(within):  # noqa: F811
    assert within(roles_alone) == (None, None, True, None, True, None)


def no_record_and_absurd() -> tuple[Any, ...]:
    # "no" before long runs of spaces that end in no "record"; "absurd" before a long word.
    words = MAX_SUGGEST_CHARS // 8
    return (
        kinds.DENIAL_WORDS.search(("no" + " " * 64 + "x ") * (words // 8)),
        kinds.DENIAL_WORDS.search("absurd" + "x" * MAX_SUGGEST_CHARS) is not None,
    )


def test_no_record_and_absurd_at_scale(within):  # noqa: F811
    assert within(no_record_and_absurd) == (None, True)


def its_and_their() -> tuple[Any, ...]:
    # "their" before a long run of spaces, and before kin words run together.
    return (
        sides._ITS.match("their" + " " * MAX_SUGGEST_CHARS + "families"),
        sides._ITS.match("their " + "families" * (MAX_SUGGEST_CHARS // 8)) is not None,
    )


def test_its_and_their_at_scale(within):  # noqa: F811
    assert within(its_and_their) == (None, True)


def contrast() -> tuple[Any, ...]:
    # A long run of punctuation before a word that is no "but".
    return (kinds._CONTRAST.search("," * MAX_SUGGEST_CHARS + "butter"),)


def test_contrast_at_scale(within):  # noqa: F811
    assert within(contrast) == (None,)


def not_going_to_and_ruling() -> tuple[Any, ...]:
    # "not going to" and "ruling" before long runs of spaces that end in neither phrase.
    words = MAX_SUGGEST_CHARS // 8
    return (
        kinds._NO_ANSWER.search(("not going" + " " * 64 + "x ") * (words // 16)),
        kinds._NO_ANSWER.search(("ruling" + " " * 64 + "x in" + " " * 64 + "y ") * (words // 32)),
    )


def test_not_going_to_and_ruling_at_scale(within):  # noqa: F811
    assert within(not_going_to_and_ruling) == (None, None)


def no_culprit() -> tuple[Any, ...]:
    # "natural", "a" and "heart" before long runs of spaces and words that end in no cause.
    words = MAX_SUGGEST_CHARS // 8
    return (
        kinds._NO_CULPRIT.search(
            ("natural" + " " * 64 + "x a" + " " * 64 + "y heart" + " " * 64 + "z ") * (words // 32)
        ),
    )


def test_no_culprit_at_scale(within):  # noqa: F811
    assert within(no_culprit) == (None,)


def accounts_op_eds_and_ages() -> tuple[Any, ...]:
    # Names with a comma and a figure that never close with a comma, before a long run of
    # spaces too; an account and an op-ed of paragraphs that never end (each is read to at
    # most 40 paragraphs).
    words = MAX_SUGGEST_CHARS // 12
    account = "Her account has been edited for length.\n" + "We saw it.\n" * words
    op_ed = "By Ana Rell\n" + "I did not take a cent from it.\n" * (MAX_SUGGEST_CHARS // 32)
    return (
        speakers._PERSON_WITH_AGE.search("Ab Cd, 52 " * words),
        speakers._PERSON_WITH_AGE.search("Ab Cd," + " " * MAX_SUGGEST_CHARS + "5"),
        sentences._TEXT_FOLLOWS.search("Its account" + " x" * words + " edited"),
        len(sentences.printed_texts(account)),
        len(sentences.printed_texts(op_ed)),
    )


def test_accounts_op_eds_and_ages_at_scale(within):  # noqa: F811
    assert within(accounts_op_eds_and_ages) == (None, None, None, 40, 40)


def lists_and_owned_documents() -> tuple[Any, ...]:
    # Bullets before long runs of spaces; sentence ends before runs of spaces that reach no
    # capital; words before "following" that never reach it; capitalised names and a
    # possessive that never reach a document's word, or reach it after a long run of spaces; a
    # list announced with a colon whose items
    # never end (read to at most 40), and paragraphs of colons with no list after them.
    words = MAX_SUGGEST_CHARS // 12
    items = "It said:\n" + "- the dust was never sent.\n" * words
    return (
        bool(sentences.BULLET.match("-" + " " * MAX_SUGGEST_CHARS)),
        sentences._SENTENCE_BREAK.search(". " * words + "x"),
        sentences._SENTENCE_BREAK.search("." + " " * MAX_SUGGEST_CHARS + "x"),
        attribution._FOLLOWING.search("made " * words + "x"),
        speakers._OWNED_DOCUMENT.fullmatch("Ab " * 3 + "Cd's " + "x " * words),
        bool(speakers._OWNED_DOCUMENT.fullmatch("Ab's" + " " * MAX_SUGGEST_CHARS + "report")),
        # A description's document followed by more lower-case words than a time's.
        speakers._OWNED_DOCUMENT.fullmatch("the ab's report" + " ab" * words),
        len(sentences.listed_items(items)),
        len(sentences.listed_items("It said:\n" * words)),
    )


def test_lists_and_owned_documents_at_scale(within):  # noqa: F811
    assert within(lists_and_owned_documents) == (
        False,
        None,
        None,
        None,
        None,
        True,
        None,
        40,
        0,
    )


def subjects_past_what_surrounds_them() -> tuple[Any, ...]:
    # Words before long runs of spaces that end in no relative word or participle; determiners
    # before more words than a subject has; long runs of spaces after "found"; a particle
    # before no capital; a sentence opening with a preposition before thousands of words,
    # which name no subject.
    words = MAX_SUGGEST_CHARS // 12
    opening = "On Friday " + "the army " * words + "said the convoy was hit."
    return (
        subjects._RELATIVE.search("ab" + " " * MAX_SUGGEST_CHARS + "x"),
        subjects._RELATIVE.search("abin " * words),
        subjects._AFTER_OPENER.match("the " + "x " * words),
        len(subjects._DETERMINER.findall("the " * words)),
        attribution._FOUND_WHERE.match(" " * MAX_SUGGEST_CHARS + "x"),
        speaker_words._NAME_PARTICLE.match("al-" + "x" * MAX_SUGGEST_CHARS),
        len(suggest_claims(opening, ActorDirectory())),
    )


def test_subjects_past_what_surrounds_them_at_scale(within):  # noqa: F811
    assert within(subjects_past_what_surrounds_them) == (
        None,
        None,
        None,
        MAX_SUGGEST_CHARS // 12,
        None,
        None,
        0,
    )


def salutations() -> tuple[Any, ...]:
    # A salutation's name before long runs that never reach its comma, and "Sir" before a long
    # run of spaces; a letter signed after 30 paragraphs and followed by thousands more.
    words = MAX_SUGGEST_CHARS // 12
    letter = "Sir, - " + "Your report was wrong.\n" * 30 + "Ana Rell\n" + "We saw it.\n" * words
    return (
        sentences.SALUTATION.match("Dear A" + "b" * 30 + " " * MAX_SUGGEST_CHARS + "x"),
        sentences.SALUTATION.match("Sir" + " " * MAX_SUGGEST_CHARS + "x"),
        len(sentences.printed_texts(letter)),
    )


def test_salutations_at_scale(within):  # noqa: F811
    assert within(salutations) == (None, None, 30)


def lists_of_names() -> tuple[Any, ...]:
    # Capitalised words that never reach "and" or a second name, and long words before a
    # possessive run of capitals; a dateline's places with slashes that never reach a dash.
    words = MAX_SUGGEST_CHARS // 12
    return (
        subjects._LAST_NAMES.fullmatch("Ab " * words + "and x"),
        subjects._ENDS_IN_NAME.search("A" + "b" * MAX_SUGGEST_CHARS + " x"),
        bool(subjects._ONE_NAME.fullmatch("Ab Cd Ef Gh")),
        sentences.DATELINE.match("AB/" * 20 + " " * MAX_SUGGEST_CHARS + "x"),
    )


def test_lists_of_names_at_scale(within):  # noqa: F811
    assert within(lists_of_names) == (None, None, True, None)


def ages() -> tuple[Any, ...]:
    # A figure before a long run of hyphens and words that never end as an age.
    return (
        speakers._AGED.fullmatch("27" + "-year" * (MAX_SUGGEST_CHARS // 5)),
        bool(speakers._AGED.fullmatch("27-year-old")),
    )


def test_ages_at_scale(within):  # noqa: F811
    assert within(ages) == (None, True)


def answers_left_open_and_sources_attacked() -> tuple[Any, ...]:
    # Negations and openers before runs of words and spaces that never reach what they need.
    words = MAX_SUGGEST_CHARS // 12
    return (
        kinds._NOT_ANSWERING.search("not " * words + "x"),
        kinds._NOT_ANSWERING.search("not" + " " * MAX_SUGGEST_CHARS + "x"),
        kinds._NOT_ANSWERING.search("had not seen " * words),
        bool(kinds._NOT_ANSWERING.search("x " * words + "would not discuss it")),
        kinds._THE_SOURCE_ATTACKED.search("made up " * words + "x"),
        kinds._THE_SOURCE_ATTACKED.search("written" + " " * MAX_SUGGEST_CHARS + "x"),
        bool(kinds._THE_SOURCE_ATTACKED.search("x " * words + "has made up her mind")),
        # "only" before a run of spaces that never reaches a figure.
        kinds._ONLY_WORD.sub("", "only" + " " * MAX_SUGGEST_CHARS + "x").strip(),
        kinds._ONLY_WORD.sub("", ("only" + " " * 64 + "a ") * (words // 8)).count("only"),
    )


def test_answers_left_open_and_sources_attacked_at_scale(within):  # noqa: F811
    assert within(answers_left_open_and_sources_attacked) == (
        None,
        None,
        None,
        True,
        None,
        None,
        True,
        "x",
        0,
    )


def subjects_and_itself() -> tuple[Any, ...]:
    # Capitalised words after a sentence's end that never reach a verb, a verb of saying
    # followed by a long run of spaces, and a long lower-case word that never ends in "ed".
    words = MAX_SUGGEST_CHARS // 12
    return (
        len(list(speakers._SUBJECT_PERSON.finditer(". " + "Ab " * words + "x"))),
        attribution._ITSELF.match(" " * MAX_SUGGEST_CHARS + "x"),
        attribution._ITSELF.match(" ab" * (MAX_SUGGEST_CHARS // 3) + " that x"),
        len(list(speakers._SUBJECT_PERSON.finditer(". Ab " + "x" * MAX_SUGGEST_CHARS))),
        bool(speakers._SUBJECT_PERSON.search("\nDana Rell repeated it.")),
    )


def test_subjects_and_itself_at_scale(within):  # noqa: F811
    assert within(subjects_and_itself) == (0, None, None, 0, True)


def quotation_owners() -> tuple[Any, ...]:
    # A long name of capitalised words and "of" after "issued by" and after "response of";
    # long runs of capitalised and of lower-case words before no word for a text; a verb of
    # announcing and "the following statement" before no colon; a paragraph's long opening
    # word that never reaches a verb in the past.
    words = MAX_SUGGEST_CHARS // 4
    found = (
        sentences._BLOCK_ISSUER.search("issued by " + "Ab of " * words + "x"),
        sentences._BLOCK_OWNER.search("The " + "Ab " * words + "x"),
        sentences._BLOCK_OWNER.search("the " + "ab " * words + "x"),
        sentences._BLOCK_OWNER_AFTER.search("response of " + "Ab of " * words + "of x"),
        sentences._BLOCK_ANNOUNCED.search("reads " + "x " * words),
        sentences._BLOCK_FOLLOWING.search("the following statement " + "x " * words),
        sentences._OPENING_SUBJECT.match("Ab " + "ab" * MAX_SUGGEST_CHARS + " x"),
    )
    named = sentences._OPENING_SUBJECT.match("Ab ab, Cd Ef, replied")
    return (*(m is not None for m in found), named["who"] if named else None)


def test_quotation_owners_at_scale(within):  # noqa: F811
    assert within(quotation_owners) == (
        True,
        False,
        False,
        True,
        False,
        False,
        False,
        "Ab ab, Cd Ef,",
    )


def second_claims_and_answers() -> tuple[Any, ...]:
    # Nouns for what was said before long runs of capitalised and lower-case words and of
    # spaces that reach no verb of answering; commas before runs of spaces and no participle;
    # "and called" before runs of spaces and "for"; a verb of answering before spaces and no
    # "that".
    words = MAX_SUGGEST_CHARS // 8
    spaces = " " * MAX_SUGGEST_CHARS
    return (
        attribution._TRAILING_ANSWER.search(", a claim " + "Ab " * words + "x"),
        attribution._TRAILING_ANSWER.search(", a claim Ab " + "ab " * words + "x"),
        attribution._TRAILING_ANSWER.search((", a claim" + " " * 64) * (words // 16) + "x"),
        attribution._PARTICIPLE.search(("," + " " * 64 + "x") * (words // 16)),
        attribution._JOINED.search("x and called" + spaces + "for"),
        cues.SAYS_WHAT.match(spaces + "back" + spaces + "x"),
        bool(attribution._TRAILING_ANSWER.search("x, a charge Ab's legal team called it")),
    )


def test_second_claims_and_answers_at_scale(within):  # noqa: F811
    assert within(second_claims_and_answers) == (None, None, None, None, None, None, True)


def free_relatives_and_hedges() -> tuple[Any, ...]:
    # "what" without the space after it; a word and long runs of spaces before no verb "to be";
    # relative words run into longer words.
    words = MAX_SUGGEST_CHARS // 12
    return (
        subjects._FREE_RELATIVE.search("whatx " * words),
        subjects._HEDGED.match("x" * MAX_SUGGEST_CHARS + " " * MAX_SUGGEST_CHARS + "isx"),
        len(subjects._CLAUSE_OPENER.split("whichx thatx " * words)),
        bool(subjects._HEDGED.match("says is a recording")),
    )


def test_free_relatives_and_hedges_at_scale(within):  # noqa: F811
    assert within(free_relatives_and_hedges) == (None, None, 1, True)


def calls_and_reactions() -> tuple[Any, ...]:
    # The first words of a call and of a reaction, each before long runs of spaces (and of
    # adverbs) that end in no word that completes them.
    words = MAX_SUGGEST_CHARS // 12
    return (
        kinds._CALL.search(("called" + " " * 64 + "x appealed" + " " * 64 + "y ") * (words // 16)),
        kinds._CALL.search("called on" + " " * MAX_SUGGEST_CHARS),
        kinds._REACTION.search(
            ("was" + " " * 64 + "deeply" + " " * 64 + "x condemned" + " " * 64 + "y ")
            * (words // 32)
        ),
        kinds._REACTION.search(("expressed its" + " " * 64 + "deepest x ") * (words // 16)),
        bool(kinds._REACTION.search("said it was “deeply concerned” by the report")),
    )


def test_calls_and_reactions_at_scale(within):  # noqa: F811
    assert within(calls_and_reactions) == (None, None, None, None, True)


def tended_asked_and_pending() -> tuple[Any, ...]:
    # A verb of tending, "asked", "whether" and "while" each before long runs of spaces and
    # words that never reach the figure, the noun or the verb that completes them; "by" before
    # a long run of spaces and a time, which names no doer.
    words = MAX_SUGGEST_CHARS // 12
    return (
        kinds._TENDED.search(("recovered" + " " * 64 + "x 5" + " " * 64 + "y ") * (words // 16)),
        kinds._TENDED.search("rescued " + "x " * words),
        kinds._ASKED.match("Asked" + " " * MAX_SUGGEST_CHARS),
        kinds._BARE_REFUSAL.search("declined to comment x " * words),
        kinds._BY_A_DOER.search("by" + " " * MAX_SUGGEST_CHARS + "Sunday"),
        kinds._ASKED_WHAT_WILL_BE_DONE.search("whether " + "x " * words),
        kinds._PENDING.search(("while" + " " * 64 + "the x ") * (words // 8)),
        bool(kinds._TENDED.search("its teams had pulled 23 bodies from the rubble")),
    )


def test_tended_asked_and_pending_at_scale(within):  # noqa: F811
    assert within(tended_asked_and_pending) == (None, None, None, None, None, None, None, True)


def sentences_before_pronouns() -> tuple[Any, ...]:
    # Long runs of capitalised words that reach no verb, of lower-case words before no comma
    # after an opener, and of spaces after stops; a text of a pronoun's sentences, each read
    # back to the sentence before it.
    words = MAX_SUGGEST_CHARS // 12
    chain = "Valen Mining said the spill was small. " + "It said it was “small”. " * (words // 16)
    return (
        speakers._OPENING_SUBJECT.search("Ab " * words),
        speakers._OPENING_SUBJECT.search("A" + "b" * MAX_SUGGEST_CHARS + " x"),
        speakers._PRONOUN_OPENER.match("In ab " * words + "x"),
        speakers._OPENER_PHRASE.search("On " + "x " * words),
        speakers._PRONOUN_SUBJECT.search("ab " * words),
        len(list(speakers._FULL_NAME.finditer("Ab " * words))),
        len(list(speakers._SENTENCE_STOP.finditer("." + " " * MAX_SUGGEST_CHARS))),
        len(suggest_claims(chain[:MAX_SUGGEST_CHARS], ActorDirectory([]))) > 1,
        bool(speakers._OPENING_SUBJECT.match("Tessaly's navy gave an account")),
    )


def names_said_to_be_descriptions() -> tuple[Any, ...]:
    # Long runs of capitalised words, of "of" between them, of spaces after an article and of
    # lower-case words that never reach the description's noun; a phrase's commas that never
    # close before a subject's verb.
    words = MAX_SUGGEST_CHARS // 12
    group = speakers._definitions("group")
    return (
        group.search("Ab " * words),
        group.search("Ab of " * words + "x"),
        group.search("a " + "xy " * words),
        group.search("The" + " " * MAX_SUGGEST_CHARS + "Ab"),
        group.search(("Ab, a" + " " * 64 + "x ") * (words // 16)),
        len(re.findall(speakers._DEFINED_NAME, "Ab of " * words)),
        speakers._OPENING_SUBJECT.match("Ab, " + "x " * words + "said"),
        speakers._DESCRIBED_PEOPLE.fullmatch("The" + " ab" * words),
        bool(group.search("Clearfield Action (CFA), a demining group that")),
    )


def test_names_said_to_be_descriptions_at_scale(within):  # noqa: F811
    names = (MAX_SUGGEST_CHARS // 12 + 5) // 6  # "Ab of" six times a name at most
    assert within(names_said_to_be_descriptions) == (
        None,
        None,
        None,
        None,
        None,
        names,
        None,
        None,
        True,
    )


def test_sentences_before_pronouns_at_scale(within):  # noqa: F811
    names = MAX_SUGGEST_CHARS // 12 // 3
    assert within(sentences_before_pronouns) == (None, None, None, None, None, names, 1, True, True)


def unsaid_and_vouched() -> tuple[Any, ...]:
    # Points left unsaid cut one word short; "… by" and the evidence's verbs each before long
    # runs of spaces that end in no word that completes them; the ends of a voucher's name cut
    # short; ", but" before runs of spaces that reach no "that"; a whole sentence of "… by"
    # phrases that reaches no verb.
    words = MAX_SUGGEST_CHARS // 12
    return (
        cues.UNSAID.search("did not sayx would not " * words),
        cues.VOUCHED_BY.search(("reviewed" + " " * 64 + "x ") * (words // 8)),
        cues.EVIDENCE_VERB.search(("appears to" + " " * 64 + "x ") * (words // 8)),
        attribution._VOUCHER_END.search(" forx andx " * words),
        attribution._BUT_THAT.search(("," + " " * 64 + "but" + " " * 64 + "x ") * (words // 16)),
        # One sentence at the engine's limit (its text is cut there), not past it.
        len(
            suggest_claims(
                "Images seen by the x " * (MAX_SUGGEST_CHARS // 21) + "x.", ActorDirectory()
            )
        ),
        bool(cues.UNSAID.search("it would not say whether")),
    )


def test_unsaid_and_vouched_at_scale(within):  # noqa: F811
    assert within(unsaid_and_vouched) == (None, None, None, None, None, 0, True)


def objects_places_and_topics() -> tuple[Any, ...]:
    # The forty-second round's patterns: runs of spaces, of lower-case words that never end
    # in "-ing" before a capital, one long word, many "in" without a capital after them.
    words = MAX_SUGGEST_CHARS // 12
    return (
        speakers._VERB_OBJECT.search("The alliance" + " " * MAX_SUGGEST_CHARS + "x"),
        speakers._VERB_OBJECT.search("ab " * words + "x"),
        speakers._VERB_OBJECT.search("a" + "ing" * words + " x"),
        speakers._PLACE_AFTER.search("Police" + " in" * words + " x"),
        speakers._PLACE_AFTER.search(" " * MAX_SUGGEST_CHARS + "x"),
        speakers._LEADING_THE.sub("", "The" + " " * MAX_SUGGEST_CHARS + "x"),
        speakers.without_verb_object("The military alliance fighting the Northern Front"),
        speakers.without_place("Police in Harrow Bay"),
    )


def test_objects_places_and_topics_at_scale(within):  # noqa: F811
    assert within(objects_places_and_topics) == (
        None,
        None,
        None,
        None,
        None,
        "x",
        "The military alliance",
        "Police",
    )


def speakers_to_the_event() -> tuple[Any, ...]:
    # The forty-fifth round's descriptions of a speaker: each pattern's words of two parts
    # ("civil defence", "human rights") before long runs of spaces that end in no second part.
    words = MAX_SUGGEST_CHARS // 12
    witness, carer, monitor = (pattern for _, pattern in kind_model._SPEAKER_IS)
    return (
        witness.search("passers" + "-" * MAX_SUGGEST_CHARS + "x"),
        carer.search(("civil" + " " * 64 + "x red" + " " * 64 + "x ") * (words // 16)),
        monitor.search(("human" + " " * 64 + "x United" + " " * 64 + "x ") * (words // 16)),
        bool(carer.search("the civil  defence")),
    )


def test_speakers_to_the_event_at_scale(within):  # noqa: F811
    assert within(speakers_to_the_event) == (None, None, None, True)


def representatives_and_paragraph_numbers() -> tuple[Any, ...]:
    # The forty-third round's patterns: a number with many parts that never reaches a space, a
    # long run of spaces before no capital, a client phrase that never ends in a comma.
    words = MAX_SUGGEST_CHARS // 12
    return (
        sentences.ITEM_NUMBER.match("1.2" * words + "x"),
        sentences.ITEM_NUMBER.match("2.3" + " " * MAX_SUGGEST_CHARS + "x"),
        speakers._FOR_CLIENT.match("for the " + "ab " * words + ","),
        speakers._FOR_CLIENT_AFTER.match(", for " + "ab " * words),
        speakers._FOR_CLIENT_AFTER.match(", for" + " " * MAX_SUGGEST_CHARS + "x"),
        # Sign-offs never followed by a line break, or by a signature of no capital.
        attribution._SIGN_OFF.search("\nYours sincerely x" * words),
        attribution._SIGN_OFF.search("\nRegards," + " " * MAX_SUGGEST_CHARS + "\nx"),
        # An issuer's capitalised words and small words that never reach a capital again.
        len(sentences._ISSUER.match("Ab of " * words + "x")[0]),
        len(sentences._ISSUER.match("Ab " + "of " * words)[0]),
        # Apostrophes that never end the name.
        article_actors._POSSESSIVE_END.search("a's " * words + "x"),
        # Response headings of words that never end where a heading may.
        headed._RESPONSE_HEADING.fullmatch("Response of " + "Ab " * words),
        headed._RESPONSE_HEADING.fullmatch("Ab's " * words + "x"),
        # A heading in capitals whose name runs on past its bound, or spaces that never end.
        headed._RESPONSE_HEADING.fullmatch("REPLY OF " + "AB " * words),
        headed._RESPONSE_HEADING.fullmatch("REPLY" + " " * MAX_SUGGEST_CHARS + "x"),
        # A label word followed by runs of spaces before its colon, over a whole text.
        speakers.is_rubric(
            "FACT",
            Context("FACT" + " " * MAX_SUGGEST_CHARS, ActorDirectory(), ActorDirectory(), [], None),
        ),
    )


def test_representatives_and_paragraph_numbers_at_scale(within):  # noqa: F811
    expected = (None,) * 7 + (32, 2, None, None, None, None, None, True)
    assert within(representatives_and_paragraph_numbers) == expected


def issuers_owners_and_addressees() -> tuple[Any, ...]:
    # The forty-sixth round's patterns: words that never reach a verb of issuing, a verb of
    # issuing before a long run of spaces, a possessive before words that reach no comma, and
    # "your" before words that name no report; at the end, one of each that matches.
    words = MAX_SUGGEST_CHARS // 12
    return (
        speakers._ISSUING.search("ab " * words + "x"),
        speakers._ISSUING.search("issued" + " " * MAX_SUGGEST_CHARS + "x"),
        speakers._OWNED_ROLE_PERSON.search("'s ab " * words + "Ab Cd"),
        speakers._ADDRESSED_OUTLET.match("Your" + " " * MAX_SUGGEST_CHARS + "x"),
        speakers._ADDRESSED_OUTLET.match("Your ab " * words),
        speakers._SUBJECT_PERSON.search("Ab " * words + "x"),
        bool(speakers._ISSUING.search("The board has published its final ")),
        speakers._OWNED_ROLE_PERSON.search("The firm's founder, Ada Lenz, left.")["name"],
        bool(speakers._ADDRESSED_OUTLET.match("Your front-page story said")),
    )


def test_issuers_owners_and_addressees_at_scale(within):  # noqa: F811
    assert within(issuers_owners_and_addressees) == (None,) * 6 + (True, "Ada Lenz", True)


def document_headings_and_tolls() -> tuple[Any, ...]:
    # The forty-ninth round's patterns: response headings whose name never reaches "response"
    # or whose colon never comes, issuer lines whose name or title runs past its bound, a
    # paragraph number of many parts, and a revised toll cut short; then one of each that
    # matches.
    words = MAX_SUGGEST_CHARS // 12
    return (
        headed._RESPONSE_HEADING.fullmatch("Ab " * words + "x"),
        headed._RESPONSE_HEADING.fullmatch("AB " * words + ": x"),
        headed._RESPONSE_HEADING.fullmatch("AB: RESPONSE" + " " * MAX_SUGGEST_CHARS + "\nx"),
        attribution._ISSUER_LINE.fullmatch("Issued by the " + "Ab of " * words + "\nx"),
        attribution._ISSUER_LINE.fullmatch("AB " * words + ": x"),
        attribution._ISSUER_LINE.fullmatch("AB: " + "x" * MAX_SUGGEST_CHARS),
        attribution._NUMBERED.match("1." * words + "x"),
        cues.PUT_TOLL.search("has raised the death toll again " * words),
        headed._RESPONSE_HEADING.fullmatch("Government response")["adjunct"],
        headed._RESPONSE_HEADING.fullmatch("ACME LTD: RESPONSE TO THE REPORT")["titled"],
        attribution._ISSUER_LINE.fullmatch("Issued by the Mines Authority (MA) under s. 4")[
            "issued"
        ],
        cues.PUT_TOLL.search("The agency has updated its figures: three dead")[0],
    )


def test_document_headings_and_tolls_at_scale(within):  # noqa: F811
    assert within(document_headings_and_tolls) == (None,) * 8 + (
        "Government",
        "ACME LTD",
        "Mines Authority",
        "updated its figures:",
    )


def quotations_participles_and_item_labels() -> tuple[Any, ...]:
    # The fifty-second round's patterns: a stop and a closing mark before spaces that reach no
    # opening one, many straight marks none of which closes a quotation (counted once), a
    # comma before spaces that never reach a participle, a list item's label that never
    # reaches its colon, a comma and "and" before spaces that never end; then one of each that
    # matches.
    words = MAX_SUGGEST_CHARS // 12
    return (
        sentences._QUOTE_AFTER_QUOTE.search('."' + " " * MAX_SUGGEST_CHARS + "x"),
        len(list(sentences._split_at_quotations('Ab." "' * words))),
        attribution._AFTER_ATTRIBUTION.search(", which" + " " * MAX_SUGGEST_CHARS + "x"),
        attribution._ITEM_LABEL.match("A" + "b " * words),
        subjects._COMMA_AND.search(", and" + " " * MAX_SUGGEST_CHARS + "x"),
        len(list(sentences._split_at_quotations('It was "a lie." "We left," he said.'))),
        attribution._AFTER_ATTRIBUTION.search(", the agency said, blaming the army")["verb"],
        attribution._ITEM_LABEL.match("The ministry: 31 dead")["who"],
        bool(subjects._COMMA_AND.search("gave the toll as 21, and ")),
    )


def test_quotations_participles_and_item_labels_at_scale(within):  # noqa: F811
    assert within(quotations_participles_and_item_labels) == (
        None,
        1,
        None,
        None,
        None,
        2,
        "blaming",
        "The ministry",
        True,
    )


def typed_answers() -> tuple[Any, ...]:
    # The fifty-third round's patterns: openers before long runs of spaces or words that never
    # reach what they need, then one of each that matches.
    words = MAX_SUGGEST_CHARS // 12
    spaces = " " * MAX_SUGGEST_CHARS
    return (
        kinds._A_SHOW.search("does not" + spaces + "x"),
        kinds._A_SHOW.search("proves " * words + "x"),
        kinds._BLAME_ELSEWHERE.search(("," + " " * 64 + "not ") * (words // 8)),
        kinds._BLAME_ELSEWHERE.search("fault " * words + "x"),
        kinds._EMPHATIC_NOT.search(", not " + "ab" * words + " x"),
        kinds._EMPHATIC_NOT.search((", not a" + " " * 64) * (words // 8)),
        kinds._THE_ONLY.search("the" + spaces + "x"),
        kinds._THE_SOURCE_ATTACKED.search("counts" + spaces + "x"),
        kinds._THE_SOURCE_ATTACKED.search("never been " * words + "x"),
        kinds._THE_ACCOUNT.search("the monitor's " * words),
        kinds._THE_SOURCE_ATTACKED.search("settling a " * words + "x"),
        kinds._THE_SOURCE_ATTACKED.search("what they are " * words + "x"),
        kinds._MOST_OR_RATHER.search("most" + spaces + "x"),
        bool(kinds._A_SHOW.search("x " * words + "did not prove it")),
        bool(kinds._BLAME_ELSEWHERE.search("x " * words + "from the hills, not from the army")),
        bool(kinds._EMPHATIC_NOT.search("x " * words + "bullets, not rubber, not pellets")),
        bool(kinds._THE_SOURCE_ATTACKED.search("x " * words + "had never been verified")),
        bool(kinds._THE_ACCOUNT.search("x " * words + "her remarks")),
        bool(kinds._THE_SOURCE_ATTACKED.search("x " * words + "say what they are told")),
        bool(kinds._MOST_OR_RATHER.search("x " * words + "fighters rather than patients")),
    )


def test_typed_answers_at_scale(within):  # noqa: F811
    assert within(typed_answers) == (None,) * 13 + (True,) * 7


def speaker_leads_and_bodies() -> tuple[object, ...]:
    # Runs of words and spaces that never complete a body's description or a subject's lead,
    # then one of each that matches.
    words = MAX_SUGGEST_CHARS // 12
    spaces = " " * MAX_SUGGEST_CHARS
    return (
        speakers._BODY_AFTER_NAME.fullmatch(" agency" * words),
        speakers._BODY_AFTER_NAME.fullmatch(spaces + "X"),
        speakers._NOT_SUBJECT_LEAD.match("September" + spaces),
        speakers._NOT_SUBJECT_LEAD.match("where" + spaces),
        speakers._PEOPLE_CUT.search("surgeon" + spaces),
        bool(speakers._BODY_AFTER_NAME.fullmatch(" refugee agency")),
        bool(speakers._NOT_SUBJECT_LEAD.match("September 3, the ministry")),
        bool(speakers._PEOPLE_CUT.search("x " * words + "surgeon there")),
    )


def test_speaker_leads_and_bodies_at_scale(within):  # noqa: F811
    assert within(speaker_leads_and_bodies) == (None,) * 5 + (True,) * 3


def letterheads_and_statement_headings() -> tuple[Any, ...]:
    # Capital words that never end a line, separated by runs of spaces; a statement's heading
    # whose name runs on past its bound with commas and no date after.
    words = MAX_SUGGEST_CHARS // 12
    return (
        attribution._LETTERHEAD.fullmatch("AB " * words + "c"),
        attribution._LETTERHEAD.fullmatch("AB" + " " * words + "CD" + "  EF" * words),
        headed._RESPONSE_HEADING.fullmatch("Statement by the Ab" + ", cd" * words),
        headed._RESPONSE_HEADING.fullmatch("AB CD: STATEMENT" + " x" * words),
        bool(attribution._LETTERHEAD.fullmatch("MINISTRY OF FOREIGN AFFAIRS")),
    )


def test_letterheads_and_statement_headings_at_scale(within):  # noqa: F811
    assert within(letterheads_and_statement_headings) == (None, None, None, None, True)


def counts_of_a_group() -> tuple[Any, ...]:
    # A count before a long run of spaces that never reaches "of", and one before "of" that
    # never reaches "them"; then one that matches.
    spaces = " " * MAX_SUGGEST_CHARS
    return (
        speakers._COUNT_OF_THEM.fullmatch("Two" + spaces + "x"),
        speakers._COUNT_OF_THEM.fullmatch("Two of" + spaces + "x"),
        bool(speakers._COUNT_OF_THEM.fullmatch("One of them")),
    )


def test_counts_of_a_group_at_scale(within):  # noqa: F811
    assert within(counts_of_a_group) == (None, None, True)


def response_labels_and_issuer_lines() -> tuple[Any, ...]:
    # A label's name running on with no colon; a spokesperson's field with no colon or a name
    # running on past its bound; an issuer's line with commas that never end; "printed in full"
    # in the passive repeated with no stop after it.
    words = MAX_SUGGEST_CHARS // 12
    return (
        attribution._RESPONSE_LABEL.match("Comments of the Ab" + " cd" * words),
        attribution._SPEAKER_FIELD.fullmatch("Spokesperson for the Ab" + " cd" * words),
        attribution._SPEAKER_FIELD.fullmatch("Spokesperson: Ab" + " cd" * words + ":"),
        attribution._ISSUER_UNDER_TITLE.fullmatch("Ab Cd" + ", ef" * words),
        sentences._TEXT_FOLLOWS.search("It is printed in full " * words),
    )


def test_response_labels_and_issuer_lines_at_scale(within):  # noqa: F811
    assert within(response_labels_and_issuer_lines) == (None, None, None, None, None)


def issuers_of_compiled_documents() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    line = "Statement of the Ab Cd Ef, 3 May\n" * (MAX_SUGGEST_CHARS // 34)
    return (
        # Long runs of spaces that end in no separator, no qualifier and no introduction's
        # "of"; a parenthesis never closed; heading lines to the limit naming no issuer.
        article_actors._OUTLET_SEPARATOR.search(" " * MAX_SUGGEST_CHARS + "/x"),
        article_actors._PART_QUALIFIER.search("(" * 2 + " " * MAX_SUGGEST_CHARS + "blogx"),
        article_actors._PART_INTRODUCTION.match("statement" + " " * MAX_SUGGEST_CHARS + "x"),
        len(article_actors.outlet_parts("Ab / " * words)),
        len(article_actors.document_issuers("Ab Board / Cd Union", line, ActorDirectory())),
    )


def test_issuers_of_compiled_documents_at_scale(within):  # noqa: F811
    assert within(issuers_of_compiled_documents) == (None, None, None, MAX_SUGGEST_CHARS // 12, 1)


def issuers_of_many_parts() -> tuple[Any, ...]:
    # A compiled document cut into as many parts as its size allows, each sentence asking whose
    # part it is: found by bisection, not by walking every part before it.
    parts = MAX_SUGGEST_CHARS // 3
    board, union = KnownActor(None, "Ab Board", "other"), KnownActor(None, "Cd Union", "other")
    context = Context("x" * MAX_SUGGEST_CHARS, ActorDirectory(), ActorDirectory(), [], board)
    context.issuers = [(3 * n, union if n % 2 else board, True) for n in range(parts)]
    found = [context.issuer_at(position) for position in range(1, MAX_SUGGEST_CHARS, 3)]
    return found.count(union), found.count(board)


def test_issuers_of_many_parts_at_scale(within):  # noqa: F811
    half = MAX_SUGGEST_CHARS // 6
    assert within(issuers_of_many_parts) == (half, half)


def posts_of_a_thread() -> tuple[Any, ...]:
    # The sixty-seventh round's patterns: a header's name of words that never reach a handle
    # or a time, a handle and a separator before no digit, a post's number before a long run of
    # spaces, a label before no space, a rule that never ends, a bare phrase of many words, a
    # sentence's end before a long run of spaces and no end mark, a poster's name that never
    # reaches "a thread".
    words = MAX_SUGGEST_CHARS // 12
    spaces = " " * MAX_SUGGEST_CHARS
    return (
        sentences.POST_HEADER.fullmatch("Ab " + "cd " * words + "x"),
        sentences.POST_HEADER.fullmatch("Ab @cd ·" + spaces + "x"),
        sentences.POST_HEADER.fullmatch("Ab" + spaces + "· 1" + "x" * words),
        sentences.POST_NUMBER.match("3/" + spaces + "x"),
        sentences.NEWS_LABEL.match("Update" + spaces + "x"),
        sentences._RULE.fullmatch("-" * MAX_SUGGEST_CHARS),
        subjects._BARE_PHRASE.fullmatch("ab " * words),
        sentences._SENTENCE_END.search("a." + spaces + "x"),
        sentences._THREAD_POSTED.search("Ab " * words + "posted"),
        bool(sentences.POST_HEADER.fullmatch("Ab Cd @ef · 09:05")),
    )


def test_posts_of_a_thread_at_scale(within):  # noqa: F811
    assert within(posts_of_a_thread) == (None,) * 9 + (True,)


def dashed_headings_mandates_and_end_lines() -> tuple[Any, ...]:
    # Capital words that never reach a dash, separated by runs of spaces; a dash with a title
    # that runs past its bound; a mandate's holder running on past its bound; an end line's
    # capitals running on, and a signature line past its bound.
    words = MAX_SUGGEST_CHARS // 12
    return (
        attribution._DASHED_HEADING.fullmatch("AB " * words + "c"),
        attribution._DASHED_HEADING.fullmatch("AB" + " " * words + "CD" + "  EF" * words),
        attribution._DASHED_HEADING.fullmatch("AB CD - " + "x" * MAX_SUGGEST_CHARS),
        attribution._MANDATE.fullmatch("Mandate of the Ab" + " cd" * words),
        attribution._DOCUMENT_END.fullmatch("END OF " + "AB " * words),
        attribution._DOCUMENT_END.fullmatch("Signed: " + "x" * MAX_SUGGEST_CHARS),
        attribution._DASHED_HEADING.fullmatch("NORTH WATER BOARD - DAILY BULLETIN")["body"],
        bool(attribution._DOCUMENT_END.fullmatch("END OF NOTICE")),
    )


def test_dashed_headings_mandates_and_end_lines_at_scale(within):  # noqa: F811
    assert within(dashed_headings_mandates_and_end_lines) == (None,) * 6 + (
        "NORTH WATER BOARD",
        True,
    )


def fact_check_fields() -> tuple[Any, ...]:
    # The seventy-seventh round's patterns: capitalised words that never reach a verb of
    # publishing, possessives that never reach the work's noun, a responder's words that never
    # reach the verb, field labels of endless digits or spaces.
    words = MAX_SUGGEST_CHARS // 12
    return (
        attribution._ANSWERED.search("Ab " * words + "x"),
        attribution._ANSWERED.search("Ab's " * words + "x"),
        attribution._ANSWERED.search("Ab's “" + "x" * MAX_SUGGEST_CHARS),
        attribution._MADE_THIS.match("Ab " * words + "made this x"),
        headed._RESPONSE_HEADING.fullmatch("Ab of " * words + "responds x"),
        speakers.is_field_label("CLAIM" + " " * MAX_SUGGEST_CHARS + "x"),
        speakers.is_field_label("CLAIM 1" + "1" * MAX_SUGGEST_CHARS),
        bool(attribution._ANSWERED.search("On Monday The Courier published an investigation")),
        # Names whose words are parted by line breaks and spaces that never reach a bracket.
        article_actors._DEFINITION.search(("Ab\n" + " " * 64) * (words // 16) + "x"),
        article_actors._DEFINITION.search("Ab" + "\n \n" * words + "(X)"),
        attribution._DOCUMENT_TITLE.match("Review" + " " * MAX_SUGGEST_CHARS + "x"),
        attribution._DASHED_HEADING.fullmatch("AB " * words + ":"),
    )


def test_fact_check_fields_at_scale(within):  # noqa: F811
    assert within(fact_check_fields) == (None,) * 5 + (False, False, True) + (None,) * 4


def claim_makers_part_headings_and_procedure() -> tuple[Any, ...]:
    # The eightieth and eighty-first rounds' patterns: a quotation whose dash never reaches a
    # maker's end, part headings that never reach an owner, and transcript turns of endless
    # greetings, turn-taking words, questions and follow-ups.
    words = MAX_SUGGEST_CHARS // 12
    empty = ActorDirectory([])
    heading = "2. Findings of " + "Ab " * words + "(x)" * words
    context = Context(body=heading, actors=empty, local=empty, mentions=[], publisher=None)
    return (
        attribution._DASHED_MAKER.fullmatch("“" + "x" * 590 + "” - A" + "b" * MAX_SUGGEST_CHARS),
        attribution._DASHED_MAKER.fullmatch("“x” -" + " " * MAX_SUGGEST_CHARS + "A"),
        attribution._PART_OWNER.fullmatch("Findings of A" + "b " * words + "x"),
        attribution._PART_OWNER.fullmatch("Note " + "by " * words + "his counsel, A"),
        attribution._PART_OWNER.fullmatch("Ab" * words + "'s reply" + " to" * words),
        attribution._part_heading_owner(heading, 0, context),
        attribution._FIELD_OPENING.match("Ab" + " " * MAX_SUGGEST_CHARS + ":"),
        procedure.is_procedure("we will take " * words + "x"),
        procedure.is_procedure("Thank you, " * words + "and the strike killed nine."),
        procedure.is_procedure("Did " + "the agency " * words + "pay?"),
        procedure.is_procedure("I will " + "check " * words + "x, y"),
        procedure.is_procedure("We have seen " + "that " * words),
        procedure.is_procedure("Thank you, Minister."),
    )


def test_claim_makers_part_headings_and_procedure_at_scale(within):  # noqa: F811
    assert within(claim_makers_part_headings_and_procedure) == (None,) * 7 + (False,) * 2 + (
        True,
        False,
        False,
        True,
    )


def documents_as_speakers() -> tuple[Any, ...]:
    # The eighty-second round's patterns: document subjects of endless words before a noun,
    # owners that never reach a possessive, "by" and its maker without an end, verbs of
    # filing and means without a document, sentence breaks without a capital after them; and
    # an article of nothing but a filing's sentences and "it" after them: a third of the limit,
    # sixteen times the window a document's mentions are read in (the whole limit's 4,000
    # claims take the pipeline itself 17 s of CPU, near the case's limit on a busy machine).
    words = MAX_SUGGEST_CHARS // 12
    body = ("The petition says the fee was unlawful, the petition says. It says so. ") * (
        MAX_SUGGEST_CHARS // 210
    )
    return (
        documents._DOCUMENT_SUBJECT.fullmatch("The " + "ab " * words + "x"),
        documents._DOCUMENT_SUBJECT.fullmatch("Ab" * words + "'s " + "x " * words),
        documents._BY_PARTY.match("x" * MAX_SUGGEST_CHARS),
        documents._APPOSED_NAME.match(", A" + " Ab" * words + "x"),
        documents._OWNER_BEFORE.search("Ab " * words + "x"),
        documents._ISSUED.search("filed " * words + "x"),
        documents._AS_MEANS.search("in its " * words + "x"),
        documents._MADE_BY.fullmatch("A " + "report " * words + "by " + "Ab " * words + "x"),
        documents._MADE_BY.fullmatch("A report by " + "Ab " * words + "seen " * words),
        documents._OTHER_THE.fullmatch("The " + "ab " * words),
        documents._OTHER_SUBJECT.fullmatch("The " + "ab " * words),
        documents._OPENS_ON_DOCUMENT.match("The " + "ab " * words),
        documents._SENTENCE_BREAK.search(". " * words + "x"),
        documents.legal_document("the " + "x " * words + "petition"),
        len(suggest_claims(body, ActorDirectory())) > 0,
    )


def test_documents_as_speakers_at_scale(within):  # noqa: F811
    assert within(documents_as_speakers) == (None,) * 14 + (True,)


def writers_and_issuers_sections() -> tuple[Any, ...]:
    # The eighty-third round's patterns: a byline whose name or role never ends, a findings
    # heading of endless words, capitals that never end a name, and a long text of headings and
    # paragraphs for the findings' look-back and the issuer's heading.
    words = MAX_SUGGEST_CHARS // 12
    empty = ActorDirectory([])
    body = "By Ab Cd, Ef Gh\n\n" + ("The x was y. " * (words // 8) + "\n\n") * 12 + "The x was y."
    unit = sentences.read_units(body)[-1]
    context = Context(body=body, actors=empty, local=empty, mentions=[], publisher=None)
    column = Context(
        body="By Ab Cd, x" + " " * MAX_SUGGEST_CHARS,
        actors=empty,
        local=empty,
        mentions=[],
        publisher=None,
    )
    return (
        voices._ROLE_BYLINE.search("By A" + "b" * MAX_SUGGEST_CHARS + ", x"),
        voices._ROLE_BYLINE.search("By Ab " + "Cd " * words + "," + "x" * MAX_SUGGEST_CHARS),
        voices._FINDINGS_HEADING.fullmatch("My " + "x" * MAX_SUGGEST_CHARS + " findings"),
        voices._FINDINGS_HEADING.fullmatch("The " + "ab " * words + "verdict"),
        voices._CAPITALS_NAME.fullmatch("AB " * words + "x"),
        voices._CAPITALS_NAME.fullmatch("A" + "B" * MAX_SUGGEST_CHARS + " c"),
        voices.issuer_heading(("AB " * words + "\n") * 2),
        voices.issuer_heading("AB\n" + "x" * MAX_SUGGEST_CHARS),
        voices.byline_writer(column),
        voices.writer_finding(unit, unit.text, context),
    )


def test_writers_and_issuers_sections_at_scale(within):  # noqa: F811
    assert within(writers_and_issuers_sections) == (None,) * 8 + (("", -1), None)


def opinion_and_owned_findings() -> tuple[Any, ...]:
    # The eighty-fifth round's: a body's findings heading whose words never reach "found" or
    # the noun, and a long text in the first person for the opinion test and the look-back.
    words = MAX_SUGGEST_CHARS // 12
    empty = ActorDirectory([])
    body = (
        "By Ab Cd, Ef Gh\n\n"
        + ("We say x was y. " * (words // 8) + "\n\n") * 12
        + "What the ab found\n\nThe x was y."
    )
    unit = sentences.read_units(body)[-1]
    context = Context(body=body, actors=empty, local=empty, mentions=[], publisher=None)
    return (
        voices._FINDINGS_HEADING.fullmatch("What the " + "ab " * words + "x"),
        voices._FINDINGS_HEADING.fullmatch("What the " + "x" * MAX_SUGGEST_CHARS + " found x"),
        voices._FINDINGS_HEADING.fullmatch("The " + "x" * MAX_SUGGEST_CHARS + "' findings x"),
        voices.opinion_text("\n\n".join(["“We x”"] * words), 0),
        voices.opinion_text(body, 0),
        voices.writer_finding(unit, unit.text, context) is not None,
    )


def test_opinion_and_owned_findings_at_scale(within):  # noqa: F811
    assert within(opinion_and_owned_findings) == (None, None, None, False, True, True)


def headed_documents_patterns() -> tuple[Any, ...]:
    # Each pattern of a document printed under a heading or an announcement on its own, with
    # long runs that never complete it: capitalised words after a title word and a comma and no
    # end, "from the" before capitalised words and no end, a word for a text before a long run
    # and no colon, an announcer's long run of names before no verb, "issued by" before long
    # names with "and", a numbered paragraph's run-in title with no stop; then the function
    # over a body of many headings and announcements, and of one long heading line.
    words = MAX_SUGGEST_CHARS // 4
    found = (
        sentences._TITLED_ISSUER.fullmatch("Report of x, " + "Ab of " * words + "x"),
        sentences._FROM_ISSUER.fullmatch("Update from the " + "AB " * words + "ab, x\n"),
        sentences._ANNOUNCED_TEXT.search("statement " + "x " * words),
        sentences._ANNOUNCER.match("Ab of " * words + "x"),
        sentences._ISSUED_BY.search("issued by " + "Ab and " * words + "x"),
        sentences._RUN_IN_TITLE.match("1. " + "ab " * words),
        sentences._RESPONSE_OPENING.match("statement " * words),
    )
    many = (
        "Report, Ab Cd Panel, Ef\n\nThe panel saw it.\n\n" + "Xy Board released a notice:\n\n"
    ) * (MAX_SUGGEST_CHARS // 80)
    long_line = "Report, " + "Ab " * words + "Panel"
    return (
        *(m is not None for m in found),
        len(sentences.headed_documents(many)) > 0,
        sentences.headed_documents(long_line),
        sentences.run_in_title("1. " + "ab. " * words, 3, 6),
    )


def test_headed_documents_at_scale(within):  # noqa: F811
    assert within(headed_documents_patterns) == (
        False,
        False,
        False,
        False,
        True,
        False,
        False,
        True,
        [],
        True,
    )


def printed_document_shapes() -> tuple[Any, ...]:
    # The eighty-eighth round's patterns, each on long runs that never complete it: a labelled
    # item's word with no number, "Its" before a long run and no "as follows", a long run of
    # capitalised words before "questions" and no "and answers", a question with no mark, a
    # long name before no possessive, a release's title run on, a long run of names before no
    # verb in the present, a long name before no word for a text; then the functions over a
    # body of many announcements, quoted paragraphs, releases and questions, and one paragraph
    # quoted whole at the size limit.
    words = MAX_SUGGEST_CHARS // 4
    found = (
        sentences.LABELLED_ITEM.match("Ab" * words),
        sentences._ITS_PARTS.match("Its " + "ab " * words + ":"),
        sentences._QA_ANNOUNCED.search("Ab " * words + "questions"),
        sentences._ASKED_THEN_ANSWERED.match("Ab " + "cd " * words),
        sentences._THE_TEXT.search("the " * words),
        sentences._RELEASE_TITLE.fullmatch("press " * words),
        sentences._HEADLINE_ISSUER.match("Ab " * words + "x"),
        sentences._BLOCK_OWNER.search("Ab " * words + "recall"),
    )
    owner = sentences._text_owner([(0, "Ab " * words + "notice")], "notice")
    many = (
        "The Ab Board's notice, posted today, reads:\n\n\u201cIt held. It was fine.\u201d\n\n"
        "PRESS RELEASE\nAb Cd Board opens it\n\nThe Board found it.\n\n"
        "Its leaflet has questions and answers:\n\nIs it safe? \u201cYes, it is.\u201d\n\n"
        "The report, issued by the Ab Board, covers May. Its points are as follows:\n\n"
        "KEY POINTS\n\n- 3 homes hit\n\nCount 1: the shelling of it.\n\n"
    ) * (MAX_SUGGEST_CHARS // 400)
    quoted = "\u201c" + "It held. " * (MAX_SUGGEST_CHARS // 10) + "\u201d"
    return (
        *(m is not None for m in found),
        owner,
        len(sentences.headed_documents(many)) > 0,
        len(sentences.quoted_blocks(many)) > 0,
        len(sentences.printed_answers(many)) > 0,
        len(sentences.listed_items(many)) > 0,
        len(sentences.quotation_sentences(quoted)) > 1,
    )


def test_printed_document_shapes_at_scale(within):  # noqa: F811
    assert within(printed_document_shapes) == (
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        ("", -1),
        True,
        True,
        True,
        False,
        True,
    )


def record_labels() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    return (
        # A role of small and capitalised words, and of small words before lower-case ones,
        # that never reaches its brackets; spaces to the limit inside a role.
        sentences.SPEAKER_LABEL.match("The Ab of " * words + "x"),
        sentences.SPEAKER_LABEL.match("Ab for the cd " * words + "x"),
        sentences.SPEAKER_LABEL.match("The Ab of" + " " * MAX_SUGGEST_CHARS + "x"),
        # A question's number before words that never reach brackets, or brackets never
        # closed; a second bracket never closed; spaces after the number.
        sentences.SPEAKER_LABEL.match("1. " + "Ab " * words + "x"),
        sentences.SPEAKER_LABEL.match("1. Ab (" + "x" * MAX_SUGGEST_CHARS),
        sentences.SPEAKER_LABEL.match("1." + " " * MAX_SUGGEST_CHARS + "Ab (x):"),
        sentences.SPEAKER_LABEL.match("Ab Cd (x) (" + "x" * MAX_SUGGEST_CHARS),
        # A role's wording and a turn's key over runs of words and brackets.
        sentences._ROLE_WORDING.match("a " * words * 3),
        sentences._turn_key("Ab (" * words),
        len(speakers._ROLE_OF.split("Ab of" + " " * MAX_SUGGEST_CHARS + "x")),
    )


def test_record_labels_at_scale(within):  # noqa: F811
    assert within(record_labels) == (None, None, None, None, None, None, None, None, "(", 2)


def put_questions() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    return (
        # An opening that never reaches a granting word, or a "that" clause never closed by a
        # question mark; granting words over and over; spaces after "that".
        sentences.PUT_QUESTION.match("Would " + "ab " * words),
        sentences.PUT_QUESTION.match("Would she admit that ab cd " + "ab " * words),
        sentences.PUT_QUESTION.match("Would " + "true " * words),
        sentences.PUT_QUESTION.match("Would she admit that" + " " * MAX_SUGGEST_CHARS + "x?"),
    )


def test_put_questions_at_scale(within):  # noqa: F811
    assert within(put_questions) == (None, None, None, None)


def carried_speech() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    # A record's opening over runs of small words, of titles' periods and of spaces that never
    # reach "said that"; "By" before spaces and words that name no time; a backshift read in
    # a sentence of words that are all "had"; a record of numbered paragraphs none of which
    # opens with reported speech.
    record = ("1. Ab told " + "x " * 40 + "\n\n") * (MAX_SUGGEST_CHARS // 96)
    # Then the whole engine on a record of numbered paragraphs that each carry their
    # speaker's words on, and on one paragraph of backshifted sentences after one speaker.
    opening = "1. The representative of Ab said that it had cd ef. It had gh ij kl.\n\n"
    chain = "Ab said the cd had ef. " + "Its gh had ij kl. " * (ENGINE_CHARS // 40)
    return (
        carried._OPENS_REPORTED.match("1. A" + "b " * words + "said that"),
        carried._OPENS_REPORTED.match("A" + "Mr. " * words + "said that"),
        carried._OPENS_REPORTED.match("7. Ab" + " " * MAX_SUGGEST_CHARS + "said that"),
        carried._BY_THEN.match("By" + " " * MAX_SUGGEST_CHARS + "Ab" + " " * words + "cd"),
        carried._backshifted("had " * words),
        carried._is_record(record),
        len(suggest_claims(opening * (ENGINE_CHARS // len(opening)), ActorDirectory())),
        len(suggest_claims(chain, ActorDirectory())),
    )


def test_carried_speech_at_scale(within):  # noqa: F811
    opening = "1. The representative of Ab said that it had cd ef. It had gh ij kl.\n\n"
    assert within(carried_speech) == (
        None,
        None,
        None,
        None,
        True,
        False,
        2 * (ENGINE_CHARS // len(opening)),
        ENGINE_CHARS // 40 + 1,
    )


def letter_frames() -> tuple[Any, ...]:
    n = MAX_SUGGEST_CHARS
    return (
        # A field's value longer than a line's limit; spaces that never reach a field's value.
        letters._FIELD.fullmatch("From: " + "x" * n),
        letters._FIELD.fullmatch("From" + " " * n + "x"),
        # An address's opening never closed by the line's end; letters never reaching an "@".
        letters._ADDRESS.search("Ann" + " " * n + "<" + "x" * n + "\nx"),
        letters._ADDRESS.search("x" * n + "\nx"),
        # A salutation never closed by a comma; a sign-off's words apart, never finished.
        letters._SALUTATION.match("Dear " + "A" * n),
        letters._SIGN_OFF.fullmatch("Yours" + " " * n + "x"),
        letters._SIGNATURE_LINE.fullmatch("A" + "b" * n + "."),
        # Quotation marks opened and never closed, far apart.
        letters._QUOTED.sub(" ", ('"' + "x" * 3000) * (n // 3000))
        == ('"' + "x" * 3000) * (n // 3000),
        # Headers with one-line bodies over and over, salutations never signed, and sign-offs
        # with no signature under them: each line read a bounded number of times.
        len(letters.authored_parts("From: Ab\nTo: Cd\nx\n" * (n // 16))),
        letters.authored_parts("Dear Ab,\n" * (n // 9)),
        letters.authored_parts(("Dear Ab,\nx\n" + "Regards,\n" * 30) * (n // 300)),
        len(letters.header_lines("From: Ab\nTo: Cd\n" * (n // 16))),
        letters.part_author("From: Ab\nTo: Cd\nx\n" * (n // 16), n - 2),
    )


def test_letter_frames_at_scale(within):  # noqa: F811
    n = MAX_SUGGEST_CHARS
    assert within(letter_frames) == (
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        True,
        n // 16,
        (),
        (),
        2 * (n // 16),
        None,
    )


def headed_frames() -> tuple[Any, ...]:
    n = MAX_SUGGEST_CHARS
    return (
        # A chat's label whose time or sender never closes; a sender's words never reaching a
        # colon.
        headed._CHAT_LABEL.match("[1" + "1" * n),
        headed._CHAT_LABEL.match("[11:11]" + " " * n + "A"),
        headed._CHAT_LABEL.match("Ab" + " " * n + "(11:11):"),
        # An item's label with spaces that never reach its number, a time never closed.
        headed._ITEM_LABEL.match("Post" + " " * n + "x"),
        headed._ITEM_LABEL.match("Post 1 (11:11" + "x" * n),
        # Lines naming an author, each longer than a line may be; words before a noun that
        # never comes; a heading's colon never followed by its few words.
        headed._SOURCE_LINE.fullmatch("Source: " + "x" * n),
        headed._BY_LINE.fullmatch("Ab " * (n // 3)),
        headed._WHAT_LINE.fullmatch("A" + "b" * n + ":"),
        headed._QUOTED_NAME.search('"' + "x" * n),
        headed._DESCRIPTION.match("[" + "x" * n),
        headed._SENTENCE_END.search(". x" * (n // 3)),
        # Source lines, items and chat labels over and over: each line read a bounded number
        # of times.
        len(headed.headed_parts("Source: Ab\nPost 1: x\nPost 2: y\n" * (n // 30))),
        len(headed.headed_parts("[11:11] Ab: x\n" * (n // 14))),
        len(headed.heading_lines("Source: Ab\nPost 1: x\nPost 2: y\n" * (n // 30))),
        headed.label_end("Briefing by Ab\n" * (n // 15), 15 * (n // 30)),
        headed.headed_author("Briefing by Ab\nx.\n" * (n // 18), 18 * (n // 18) - 3),
    )


def test_headed_frames_at_scale(within):  # noqa: F811
    n = MAX_SUGGEST_CHARS
    assert within(headed_frames) == (
        *(None,) * 11,
        2 * (n // 30),
        n // 14,
        n // 30,
        15 * (n // 30),
        ("Ab", 18 * (n // 18) - 18 + 12),
    )


def threads_and_pages() -> tuple[Any, ...]:
    # The hundred-and-first round's: a post header's fields that never end, a date's words and
    # a name's that never reach a year or a statement's noun, a questions-and-answers heading
    # of endless words, a publisher's capitalised words that never reach the verb; then texts
    # of many post headers, question lines under one page's heading, and record lines.
    n = MAX_SUGGEST_CHARS
    return (
        headed._POST_FIELD_BREAK.search("a" + " " * n),
        headed._POST_DATE.search("12 " + " " * n + "May"),
        headed._POST_DATE.search("May" + " " * n),
        headed._POST_WHEN_REST.fullmatch("a" * n),
        headed._NUMBERED_LABEL.fullmatch("a" * n + " 1"),
        headed._POST_NOTE.match("Ab" + " " * n),
        headed._STATEMENT_LINE.fullmatch("Ab " * (n // 3) + "x"),
        headed._OUR_LINE.fullmatch("A" + "b" * n + ": our"),
        headed._RECORD_LINE.fullmatch("Asked by A" + "b" * n),
        headed._QA_HEADING.fullmatch("a " * (n // 2)),
        headed._QA_OWNER.search("Ab " * (n // 3)),
        headed._DATED_LINE.fullmatch("Updated" + "x" * n),
        len(headed.headed_parts("#1 - ab_1 - 3 May 2027, 10:00\nThe x is y.\n" * (n // 40))),
        len(headed.headed_parts("#1 - " * (n // 5))),
        len(
            headed.headed_parts(
                "Ab Cd published questions and answers.\nQ&A\n" + "Is x?\nIt is.\n" * (n // 14)
            )
        ),
        len(headed.headed_parts("Answered by Ab\nThe x is y.\n" * (n // 26))),
        # The hundred-and-third round's: an author's heading whose name never ends, a tail's
        # comma that never reaches a digit, a document's subject word never reached.
        headed._AUTHORED_LINE.fullmatch("RESPONSE OF A" + "B " * (n // 2) + "("),
        headed._AUTHOR_TAIL.search("," + "a" * n),
        headed._DOCUMENT_SUBJECT.search("ab " * (n // 3)),
        headed._GIVEN_BY_LINE.fullmatch("This reply was given on " + "a " * (n // 2) + "by"),
    )


def test_threads_and_pages_at_scale(within):  # noqa: F811
    n = MAX_SUGGEST_CHARS
    assert within(threads_and_pages) == (
        *(None,) * 12,
        n // 40,
        0,
        n // 14,
        n // 26,
        *(None,) * 4,
    )


def reports_and_replies() -> tuple[Any, ...]:
    # The ninety-fifth round's: a reply's label whose owner's words never reach the noun or the
    # colon, a reply's subject of endless capitalised words before no verb, a finding's label
    # whose number never ends, a report's title line that never names a document, "in a"
    # before words that never reach a report, a possessive never closed; then texts of many
    # labelled findings and replies, and of many section headings under one title line, for
    # the look-backs, the owners' searches and the whole engine.
    n = MAX_SUGGEST_CHARS
    words = n // 12
    empty = ActorDirectory([])
    replies = ("Finding 1. The ab was cd.\n\nReply: The Ab Board rejects it.\n\n") * (n // 64)
    headed = "Ab Board: Review of x\n\n" + ("Causes\n\n1. The ab was cd.\n\n") * (n // 32)
    reply_at = replies.index("Reply:")
    label = reports.REPLY_LABEL.match(replies, reply_at)
    assert label is not None
    context = Context(body=replies, actors=empty, local=empty, mentions=[], publisher=None)
    return (
        reports.REPLY_LABEL.match("Ab " * words + "reply"),
        reports.REPLY_LABEL.match("A" + "b" * n + "'s reply: x"),
        reports._REPLY_SUBJECT.match("Ab " * words),
        reports.FINDING_LABEL.match("Finding " + "1" * n),
        reports.REPORT_TITLE.fullmatch("Ab: " + "x " * words),
        reports.REPORT_TITLE.fullmatch("Ab " * words + ": report"),
        reports._IN_A_REPORT.search("in a " * words),
        reports._POSSESSIVE.search("a" * n),
        reports.section_heading("x " * words),
        getattr(reports.known_by_name("Board", n // 2, context), "name", None),
        reports.report_maker(n // 2, context),
        getattr(reports.reply_owner(label, reply_at, context), "name", None),
        len(suggest_claims(replies[:ENGINE_CHARS], empty)) > 0,
        len(suggest_claims(headed[:ENGINE_CHARS], empty)) > 0,
    )


def test_reports_and_replies_at_scale(within):  # noqa: F811
    assert within(reports_and_replies) == (None,) * 8 + (
        False,
        "Ab Board",
        None,
        "Ab Board",
        True,
        True,
    )


def groups_and_records() -> tuple[Any, ...]:
    # The ninety-eighth round's: "each" before long runs that never reach "other", ", and"
    # before spaces that end in no word, a body's word before a document's never closed, an
    # owner's and a pronoun's record cut one letter long; then a text of many sentences each
    # ending in a group's accusation after "as", for the clause joins and the whole engine.
    n = MAX_SUGGEST_CHARS
    words = n // 12
    joined = "Ab died in Cd, as traders accused the council of ef. " * (ENGINE_CHARS // 54)
    return (
        attribution._EACH_OTHER.search(("each" + " " * 64 + "x ") * (words // 8)),
        attribution._EACH_OTHER.search("each" + " " * n + "x"),
        attribution._CLAUSE_JOIN.search(", and" + " " * n),
        speakers._BODY_DOCUMENT.fullmatch("a" * n),
        speakers._BODY_DOCUMENT.fullmatch(("ab" + " " * 64) * (words // 8)),
        speakers._OWNED_DOCUMENT.fullmatch("Ab's" + " " * n + "timelinex"),
        speakers._PRONOUN_DOCUMENT.fullmatch("her" + " " * n + "diaryx"),
        len(suggest_claims(joined, ActorDirectory([]))) > 0,
    )


def test_groups_and_records_at_scale(within):  # noqa: F811
    assert within(groups_and_records) == (None,) * 7 + (True,)


def apparatus_and_radio_calls() -> tuple[Any, ...]:
    # The ninety-ninth round's patterns: a radio log's time and call sign without the colon,
    # acknowledgements and remarks on the exchange over endless words, a sentence presenting
    # the text whose verb never reaches its "below", an unnamed group's summary that never
    # reaches its stop, a label that restates what others say.
    n = MAX_SUGGEST_CHARS
    words = n // 4
    log = "".join(f"21:0{i % 10}:10 OSPREY-{i % 9}: Harbour, Osprey.\n" for i in range(2))
    return (
        headed._CHAT_LABEL.match("11:11 A" + "B" * n),
        headed._CHAT_LABEL.match("11:11" + " " * n + "AB"),
        procedure.is_procedure("Understood " * words + "x"),
        procedure.is_procedure("I have nothing " + "further " * words + "to add."),
        procedure.is_procedure("Mr " + "Ab " * words + "is here."),
        procedure.is_procedure("My hon. Friend " + "for " * words + "makes a fair point."),
        procedure.is_a_call("Ab, " * words),
        sentences._PRESENTS.search("printed " * words + "x"),
        sentences._PRESENTS.search("answers " + "x " * words + "in full"),
        sentences._PRESENTS.search("was printed " * words + "x"),
        sentences._SUMMARISED.fullmatch("Residents " + "described " * words + "x."),
        sentences._SUMMARISED.fullmatch("Residents described " + "a " * words),
        sentences._RESTATED.fullmatch("myth " * words),
        sentences.is_apparatus("Please accept " + "x " * words),
        [unit.text[:8] for unit in sentences.read_units(log + "\n" + "Ab " * words)][:1],
    )


def test_apparatus_and_radio_calls_at_scale(within):  # noqa: F811
    assert within(apparatus_and_radio_calls) == (None, None) + (False,) * 5 + (None,) * 6 + (
        True,
        ["Ab Ab Ab"],
    )


def second_clauses() -> tuple[Any, ...]:
    # The hundredth round's: two clauses of endless words with no quotation mark, or with one
    # only at their ends, and a text of many sentences each with a second quoting that-clause,
    # for the whole engine.
    n = MAX_SUGGEST_CHARS
    words = n // 4
    sentence = (
        "Ab Board said the ab was \u201ccd\u201d and that the ef had \u201cgh ij kl mn\u201d "
        "op qr. "
    )
    quoted = sentence * (ENGINE_CHARS // 80)
    return (
        clauses.stands_alone("ab " * words, "that " + "cd " * words),
        clauses.stands_alone("ab " * words + "\u201c", "cd " * words + '"'),
        clauses.QUOTE_MARK.search("ab " * words),
        len(suggest_claims(quoted, ActorDirectory([]))) > 0,
    )


def test_second_clauses_at_scale(within):  # noqa: F811
    assert within(second_clauses) == (False, True, None, True)


def titles_and_acknowledgements() -> tuple[Any, ...]:
    # The hundred-and-fourth round's: a title's kind of endless capitalised words, an
    # introduction naming the adopter in endless words, and an acknowledgement's endless object.
    n = MAX_SUGGEST_CHARS
    words = n // 4
    long_name = "Ab " * words
    body = "the final findings adopted by the " + long_name + "\n\nFINAL FINDINGS ON X"
    return (
        documents.title_adopter(long_name + "on X", n, "Ab findings " * words),
        documents.title_adopter("Final Findings on X", len(body), body) is not None,
        sentences.is_apparatus("We " * words + "note the " + "ab " * words + "."),
        sentences.is_apparatus("We note the " + "ab " * words),
        # A possessive heading's owner of endless words, a bracket never closed, and a
        # document's kind before endless spaces.
        headed._OWNED_LINE.fullmatch("The " + "Ab " * words + "'s reply"),
        headed._OWNED_LINE.fullmatch("Ab's reply (" + "x" * n),
        headed._NEW_DOCUMENT.match("PRESS RELEASE" + " " * n + "x"),
    )


def test_titles_and_acknowledgements_at_scale(within):  # noqa: F811
    assert within(titles_and_acknowledgements) == (None, False, False, False, None, None, None)


def given_names_and_unnamed_people() -> tuple[Any, ...]:
    # The hundred-and-fifth round's: a given name's clause before a capitalised word too long
    # for a name and before endless capitalised words; "One," before an appositive that never
    # ends; anonymity's "who" before no verb; a defining clause that never reaches a verb of
    # saying; an indefinite description of endless lower-case words.
    n = MAX_SUGGEST_CHARS
    words = n // 4
    return (
        speaker_words.GIVEN_NAME.search("who uses the name A" + "b" * n),
        speaker_words.GIVEN_NAME.search("who gave his name as " + "Ab " * words)["name"],
        speakers._ONE_DESCRIBED.fullmatch("One, a " + "x" * n),
        speakers._ANONYMITY.search(", and who " * words),
        speakers._DEFINING_CLAUSE.match(" who " + "was " * words + "said"),
        speakers._INDEFINITE_PERSON.fullmatch("a " + "x " * words),
    )


def test_given_names_and_unnamed_people_at_scale(within):  # noqa: F811
    assert within(given_names_and_unnamed_people) == (None, "Ab Ab Ab Ab", None, None, None, None)


def statements_after_a_colon() -> tuple[Any, ...]:
    # The hundred-and-eighth round's: a colon's lead of endless words with no quotation after
    # it, and a quotation after a colon that never closes.
    n = MAX_SUGGEST_CHARS
    return (
        sentences._COLON_LEAD.match("ab " * (n // 3) + ': "x'),
        sentences._COLON_LEAD.match("ab:" * (n // 3)),
        sentences.colon_quotation_sentences('The Orvan office: "' + "It held. " * (n // 9)),
    )


def test_statements_after_a_colon_at_scale(within):  # noqa: F811
    assert within(statements_after_a_colon) == (None, None, [])


def later_sentences_of_a_quotation() -> tuple[Any, ...]:
    # The hundred-and-twelfth round's: a quotation of endless sentences never closed, one of
    # endless sentences closed at the end, and a later sentence of endless words and no mark.
    n = MAX_SUGGEST_CHARS
    closed = '"' + "It held. " * (n // 9) + '"'
    return (
        sentences.opening_quotation_sentences('"' + "It held. " * (n // 9)),
        len(sentences.opening_quotation_sentences(closed)),
        clauses.sentence_of_its_own('"They shelled it.', "ab " * (n // 3)),
    )


def test_later_sentences_of_a_quotation_at_scale(within):  # noqa: F811
    assert within(later_sentences_of_a_quotation) == ([], MAX_SUGGEST_CHARS // 9, False)


def reports_own_observations() -> tuple[Any, ...]:
    # The hundred-and-eighth round's: a report's observer in endless capitalised words, in
    # endless words after "who visited", and images described in endless words, none before
    # a verb of seeing.
    n = MAX_SUGGEST_CHARS
    words = n // 4
    return (
        narration.own_observation("The " + "Ab " * words + "x."),
        narration.own_observation("A reporter who visited " + "ab " * words + "x."),
        narration.own_observation("Images from " + "ab " * words + "x."),
        narration.own_observation("The " + "reporter " * words + "x."),
        # An opening time that never reaches its comma, and an acronym never closed.
        narration.own_observation("On " + "ab " * words + "x."),
        narration.own_observation("The Ab Mission (" + "AB" * words + " saw x."),
    )


def test_reports_own_observations_at_scale(within):  # noqa: F811
    assert within(reports_own_observations) == (None,) * 6


def definition_words() -> tuple[int, int]:
    # Three-letter words (never kept) beside long words that run into long runs of apostrophes.
    repeats = MAX_SUGGEST_CHARS // 256
    found = wordnet_table._GLOSS_WORD.findall(("abc " + "x" * 64 + "'" * 128 + " ") * repeats)
    return len(found), len(found[0])


def test_definition_words_at_scale(within):  # noqa: F811
    assert within(definition_words) == (MAX_SUGGEST_CHARS // 256, 192)


def document_makers_and_first_person() -> tuple[Any, ...]:
    # The hundred-and-seventh round's: a title of endless capitalised words before its kind, a
    # maker's possessive never followed by a kind, a title's "on" before endless words; a
    # response heading's description of endless words, and a name under it out of reach.
    n = MAX_SUGGEST_CHARS
    words = n // 4
    body = "THE BOARD'S RESPONSE\n" + "Ab " * words + "Board of " + "Cd " * words
    return (
        documents.title_author("Ab " * words + "Report on X"),
        documents.title_author("The Ab's " + "Cd " * words),
        documents.title_author("Report on the " + "Ab " * words),
        headed.described_response_owner("The " + "Ab " * words + "Response", "", 0),
        headed.described_response_owner("The Board's Response", body, 0),
        speaker_words.GIVEN_NAME.search("a guard, identified only as " + "Ab " * words)["name"],
    )


def test_document_makers_and_first_person_at_scale(within):  # noqa: F811
    assert within(document_makers_and_first_person) == (
        None,
        None,
        None,
        None,
        ("", 0),
        "Ab Ab Ab Ab",
    )


def writers_of_first_person_documents() -> tuple[Any, ...]:
    # The hundred-and-eleventh round's: a heading of endless capitals over a writer's line, a
    # writer's line of endless words, a point's label of endless words, a diary's announcement
    # and an entry's date among endless words, and an appositive chain of endless names.
    n = MAX_SUGGEST_CHARS
    words = n // 8

    def found(match: re.Match[str] | None) -> bool:
        return match is not None

    return (
        documents.heading_writer("AB " * words + "(extracts)\nAna Roe, director"),
        documents.heading_writer("APPEAL\nAna Roe, " + "ab " * words + "."),
        documents.heading_writer("APPEAL\n" + "Ab " * words + "Cd, Sales Department"),
        found(attribution._POINT_LABEL.fullmatch("On " + "ab " * words + "x.")),
        found(letters._DIARY_ANNOUNCED.search("extracts from her " + "ab " * words + "diary")),
        found(letters._OPENING_NAME.match("Ab" * words)),
        found(letters._ENTRY_DATE.fullmatch("Monday 9 March " + "2" * words)),
        found(attribution._SUBJECT_LINE.match("Re:" + " " * n)),
        subjects._described_person(["Ab " * words + "cd", "master of " + "Ab " * words]),
    )


def test_writers_of_first_person_documents_at_scale(within):  # noqa: F811
    assert within(writers_of_first_person_documents) == ((None,) * 3 + (False,) * 4 + (True, None))


def transcript_turns() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    # A surname label over a long word that never reaches its colon; the full name looked for
    # over runs of capitalised words none of which is the surname; a separator of spaces and
    # dashes that turns into a word; a note in brackets that never closes, after a sentence.
    names = "Ab Cd. " * words + "\n\nEf: The gh."
    return (
        carried._SURNAME_LABEL.match("A" + "b" * MAX_SUGGEST_CHARS + ": Cd"),
        carried.surname_label(names, names.index("Ef:"), "Ef: The gh."),
        carried._SEPARATOR.fullmatch("- " * words + "x"),
        headed._TRAILING_NOTE.search("Ab. [" + "cd " * words),
        carried.ends_turn("- " * words),
        # A surname in capitals looked for after runs of capitalised words and small words.
        speakers._in_capitals("Roe", "AB CD " * words + "AND ROE"),
        speakers._in_capitals("Roe", "AB" * MAX_SUGGEST_CHARS),
        # A clip's word before a label that never reaches its colon.
        sentences.SPEAKER_LABEL.match("SOUNDBITE - " + "AB CD, EF " * words),
    )


def test_transcript_turns_at_scale(within):  # noqa: F811
    assert within(transcript_turns) == (None, None, None, None, False, None, None, None)


def texts_printed_in_full() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    # A signature of endless capitalised words and small words that ends on a sentence; an end
    # note's opening over endless brackets; a part label over endless capitals; a letterhead of
    # endless words and dashes; a bracketed note's subject of an endless word; a cue's noun
    # after endless spaces.
    return (
        sentences._SIGNATURE_NAME.fullmatch("Ab of the " * words + "cd."),
        sentences._BRACKETED_END.match("[" * MAX_SUGGEST_CHARS),
        headed._PART_LABEL_LINE.fullmatch("AB " * words + "1: x\ny"),
        attribution._ISSUER_LINE.fullmatch("COUNT " * words + "1: Murder"),
        attribution._LETTERHEAD.fullmatch("AB - " * words + "cd"),
        documents._PRINTED_SUBJECT.fullmatch("The " + "a" * MAX_SUGGEST_CHARS + "1"),
        attribution._NOUN_BEFORE.search("our" + " " * MAX_SUGGEST_CHARS + "x"),
    )


def test_texts_printed_in_full_at_scale(within):  # noqa: F811
    assert within(texts_printed_in_full) == (None,) * 7


def question_and_answer_turns() -> tuple[Any, ...]:
    words = MAX_SUGGEST_CHARS // 12
    # A turn's label before spaces that never reach a capital; examining lines of spaces and of
    # surnames too long, never ending the line; a witness's heading over capitalised words that
    # never end; question tags that never end the sentence; then the whole engine on a record
    # of short dotted turns.
    record = "BY MR. ROE:\n\nQ. The gate was open.\n\nA. It was shut.\n\n"
    return (
        turns.DOTTED_TURN.match("Q." + " " * MAX_SUGGEST_CHARS + "x"),
        turns.examining_lines("BY" + " " * MAX_SUGGEST_CHARS + "MR. ROE x"),
        turns.examining_lines(("BY MS. " + "A" * 40 + " x\n") * (words // 4)),
        turns.record_witness("Deposition of " + "Ab " * words, MAX_SUGGEST_CHARS)[:5],
        turns.puts_with_a_tag(", isn't" * words + " it x?"),
        turns.puts_with_a_tag(", wasn't it" + " " * MAX_SUGGEST_CHARS + "x?"),
        len(suggest_claims(record * (ENGINE_CHARS // len(record)), ActorDirectory())) > 0,
    )


def test_question_and_answer_turns_at_scale(within):  # noqa: F811
    assert within(question_and_answer_turns) == (
        None,
        [],
        [],
        "Ab Ab",
        False,
        False,
        True,
    )


def documents_own_voice() -> tuple[Any, ...]:
    n = MAX_SUGGEST_CHARS
    return (
        # A deponent's opening whose words never reach a verb of swearing, nor a colon after one.
        letters._DEPONENT.fullmatch("I, Ab Cd, " + "x " * (n // 2)),
        letters._DEPONENT.fullmatch("I, Ab Cd, say " + "x" * n),
        letters._NUMBERED_LINE.match("1" * n),
        letters._TRUTH.match("x " * (n // 2) + "facts of this statement are true"),
        letters._DASH_SIGNATURE.fullmatch("- A" + "b" * n),
        letters._OPENS_QUOTED.match(" " * n),
        # Openings over and over with a numbered paragraph each; a long quotation's paragraphs
        # over many dash lines: each line read a bounded number of times.
        len(letters.authored_parts("I, Ab Cd, say as follows:\n1. Ef.\n" * (n // 32))),
        len(letters.authored_parts(('"Ab."\n' * 40 + "- Ab Cd\n") * (n // 280))),
        # A message's labels never reaching a quotation; a quotation never closed.
        exhibits._MESSAGE.fullmatch("3 May, 21:04, A" + " to" * (n // 3)),
        exhibits._QUOTED_LINE.fullmatch('"' + "x" * n),
        exhibits._EVIDENCE.search("messagex " * (n // 9)),
        exhibits._SENTENCE_END.search("." * n),
        # Announcing lines that are messages too, over and over: one pass.
        len(exhibits.exhibit_lines('The messages read:\n3 May, 21:04, A to B: "messages:\n' * 9)),
        len(exhibits.exhibit_lines('1, 21:04, A to B: "messages:\n' * (n // 30))),
        attribution._NOBODY_SUBJECT.fullmatch("Nobody" + " " * n),
        # A question's line never reaching its mark; a first person never reached.
        letters._QUESTION_LINE.fullmatch("W" + "x" * n + "?"),
        attribution._ISSUER_WE.search("x " * (n // 2)),
        # A page of questions only: each position's answer found by bisection.
        letters.answers_a_question("Why is it?\n" * (n // 11), n - 5),
    )


def test_documents_own_voice_at_scale(within):  # noqa: F811
    n = MAX_SUGGEST_CHARS
    assert within(documents_own_voice) == (
        None,
        None,
        None,
        None,
        None,
        None,
        n // 32,
        n // 280,
        None,
        None,
        None,
        None,
        9,
        n // 30 - 1,
        None,
        None,
        None,
        False,
    )


def printed_documents_first_person() -> tuple[Any, ...]:
    n = MAX_SUGGEST_CHARS
    return (
        # An address never closed by its comma; a cross or "Signed" before no name.
        letters._SALUTATION.match("To A" + "b" * n),
        letters._SIGNED_MARK.match(" " * n + "x"),
        # An extract's announcement never reaching its book, nor its writer's capital.
        letters._EXTRACT_ANNOUNCED.search("extract from " + "x " * (n // 2)),
        letters._EXTRACT_ANNOUNCED.search("extract from memoir of " + "ab " * (n // 3)),
        letters._CAPITALS_HEADING.fullmatch("AB" * (n // 2) + "."),
        # Salutations over and over with no signature; announcements with no heading under them;
        # an extract's heading over a run of capitals headings: each line read a bounded number
        # of times.
        letters.authored_parts("Dear Ab,\nCd.\n" * (n // 14)),
        letters.authored_parts("An extract from the memoir of Ab Cd.\nEf.\n" * (n // 42)),
        len(letters.authored_parts("An extract from the book of Ab Cd.\nABC\nCd.\n" * (n // 45))),
    )


def test_printed_documents_first_person_at_scale(within):  # noqa: F811
    n = MAX_SUGGEST_CHARS
    assert within(printed_documents_first_person) == (
        None,
        None,
        None,
        None,
        None,
        (),
        (),
        n // 45,
    )


def printed_pages_and_name_forms() -> tuple[Any, ...]:
    n = MAX_SUGGEST_CHARS
    return (
        # A writer's line never ending, a signature ending on a stop, "Name" never withheld.
        letters._WRITER_LINE.fullmatch("From the " + "ab " * (n // 3) + "."),
        letters._PAGE_SIGNATURE.fullmatch("A" + "b, " * (n // 3) + "."),
        letters._WITHHELD.match("Name" + " " * n + "x"),
        # An introduction never saying "in full"; a title's issuer never reaching its dash.
        letters._IN_FULL.match("in " * (n // 3)),
        letters._ISSUER_TITLE.fullmatch("AB " * (n // 3) + "- x"),
        letters._ORDINAL.sub("", "2" * n) == "2" * n,
        # "From" lines over and over with no signature; announcements with no title under them.
        letters.authored_parts("From the board\nAb cd.\n" * (n // 22)),
        letters.authored_parts("It is printed in full.\nAB - CDE\nEf.\n" * (n // 37)),
        # Names of many words with "of" between them, never one body's.
        actor_names.owner_first("ab of " * (n // 6)),
        article_actors._HEAD_OF_OWNER.search("Ab of " * (n // 6) + "x") is not None,
    )


def test_printed_pages_and_name_forms_at_scale(within):  # noqa: F811
    n = MAX_SUGGEST_CHARS
    result = within(printed_pages_and_name_forms)
    assert result[:6] == (None, None, None, None, None, True)
    assert result[6] == ()
    assert len(result[7]) == n // 37
    assert result[8] is None
    assert result[9]  # a bounded name found, read once


def many_bodies_named_once() -> tuple[Any, ...]:
    # One body named both ways, then thousands of bodies named once each to the limit: each
    # name's other form is looked for over the whole text, so only the first few are.
    pair = "The Ministry of the Treasury said so. The Treasury Ministry denied it. "
    names = " ".join(f"the Ministry of Qa{i:05d} said." for i in range(MAX_SUGGEST_CHARS // 30))
    local = article_actors.local_definitions(pair + names, ActorDirectory())
    found = local.lookup("the Treasury Ministry")
    return (found.name if found else None, found.aliases if found else None)


def test_many_bodies_named_once_at_scale(within):  # noqa: F811
    assert within(many_bodies_named_once) == ("Ministry of the Treasury", ("Treasury Ministry",))
