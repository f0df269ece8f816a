"""Reporting verbs, by what they tell about the claim they introduce."""

import re


def word_list(text: str) -> list[str]:
    """The words of a list written as one string (the vocabularies here)."""
    return text.split()


# Attribution verbs, by what they tell about the claim.
_SAY = (
    "said says say saying told tells telling added adds adding stated states explained noted "
    "notes argued argues wrote writes reported reports announced announces insisted insists "
    "maintained maintains estimated estimates warned warns warning suggested suggests "
    "acknowledged acknowledges conceded confirmed confirms confirming claimed claims claiming "
    "countered asserted asserts declared declares described describes documented found finds "
    "concluded concludes stressed emphasised emphasized testified tweeted posted recalled "
    "admitted believes contends contended cautioned pointed identified welcomed welcomes "
    "declined refused describing insisting arguing suggesting stressing "
    # The rest of the common verbs of news reporting, in the forms a report uses (a plural
    # subject's present, "has conceded", "…, retorted the minister").
    "insist maintain argue contend concede admit acknowledge warn stress note explain "
    "acknowledging conceding admitting maintaining contending retorted retorts concedes admits "
    "affirmed affirms "
    "testifies emphasises emphasizes recounted recounts points point pointing "
    "urged urges demanded"
)
# Verbs of saying that as often do something else ("answered questions", "submitted a
# report", "accepted the offer", "wrote a letter"): a cue only before what was said, "that …",
# ":" ("answered that the members had …", "has written back to say that …").
THAT_ONLY = set(
    word_list(
        "answered answers answer submitted submits submit accepted accepts accept "
        "written responds respond replies reply responded replied observed observes remarked "
        "remarks reiterated reiterates repeated repeats"
        # A body's own findings in the first person or a plural's present: "We conclude that
        # …", "The inspectors find that …" ("we find it hard" says nothing).
        " conclude find"
    )
)
_DENY = (
    "denied denies deny denying rejected rejects rejecting dismissed dismisses dismissing "
    "refuted refutes disputed disputes rebuffed repudiated contested rubbished rubbishes "
    "slammed slams denounced denounces defended defends questioned "
    # The present tense of a group ("The organisers reject that.").
    "reject dismiss dispute refute contest"
)
_ACCUSE = (
    "accused accuses accusing blamed blames blaming alleged alleges alleging charged charges "
    "condemned condemns criticised criticises criticized criticizes accuse blame allege"
)
# What follows a verb of `THAT_ONLY` when it says something: "that …", "back to say that",
# "in writing that", a colon.
SAYS_WHAT = re.compile(
    r"\s*+:|\s++(?:back\s++)?(?:(?:in writing|to say|to argue)\s++)?that\b"
    # "answered that question", "accepted that offer": "that" pointing at what was answered.
    r"(?!\s++(?:questions?|requests?|calls?|letters?|emails?|messages?|offers?|queries)\b)"
)
# Giving what is said a label ("called the claim “a fabrication”", "branded the report “a pack
# of lies”"): a cue only with a claim or a quotation for its object.
LABEL_WORDS = set(word_list("called calls branded brands labelled labeled termed"))
CUE_WORDS = set(f"{_SAY} {_DENY} {_ACCUSE}".split()) | LABEL_WORDS | THAT_ONLY
DENY_WORDS = set(_DENY.split())
ACCUSE_WORDS = set(_ACCUSE.split())
GERUNDS = {w for w in CUE_WORDS if w.endswith("ing")}
CUE = re.compile(r"\b(" + "|".join(sorted(CUE_WORDS, key=len, reverse=True)) + r")\b")
STOOD_BY = re.compile(
    r"\b(?:st(?:ood|ands) by|maintained|maintains|stuck to|sticks to) (?:its|his|her|their|the) "
    r"(?:own )?"
    r"(?:figures?|account|claims?|count|estimates?|findings|report|numbers|story|data|results)\b"
)
# Answers in several words: doubting, or saying nothing ("did not comment on that claim").
ANSWER_PHRASE = re.compile(
    r"\b(?:expressed (?:doubts?|scepticism|skepticism)|(?:did|would|could) not (?:immediately )?"
    r"(?:comment|respond|reply|answer|address)|"
    r"(?:has|have) not (?:commented|replied|responded|answered|addressed))\b"
)
# Leaving a point unsaid: "did not say whether …", "would not say how many", "did not give a
# figure". What a speaker leaves out is theirs to answer for, as what they say is. ("The notice
# does not say that anyone gave instructions" is the words of whoever reads the notice.)
UNSAID = re.compile(
    r"\b(?:did|does|do|would|will|could) not (?:say|specify|disclose|explain|reveal|give)\b"
    r"(?! that\b)"
)
# Evidence a party examined or released, and what it shows: "Satellite images reviewed by the
# Observer show …", "A copy of the permit, seen by the Post, lists …". The party that vouches for
# it, named after "by", is whose claim it is.
VOUCHED_BY = re.compile(
    r"\b(?:reviewed|verified|seen|obtained|analy[sz]ed|examined|released|published|taken|"
    r"shared|filmed|geolocated) by\s++"
)
EVIDENCE_VERB = re.compile(
    r"\b(?:(?:appear(?:s|ed)? to )?show(?:s|ed)?|lists?|listed|names|named|records|recorded|"
    r"match(?:es|ed)?|reveal(?:s|ed)?)\b"
)
# Answering back: "hit back, accusing …", "pushed back against that report"; pushing back
# against a call or a demand answers no claim.
ANSWER_BACK = re.compile(
    r"\b(?:hit|hits|pushed|pushes|fought|fights) back\b"
    r"(?! (?:against|at) (?:the )?(?:calls?|demands?|pressure|plans?)\b)"
)
# Giving a toll of one's own ("put the toll at two dead", "puts the number of dead at six").
PUT_TOLL = re.compile(
    r"\bput(?:s|ting)? (?:the|its|their|his|her) (?:death )?"
    # "put the number of affected users at 310,000", "puts the number of seats in that batch at"
    r"(?:toll|number of (?:[\w-]++ ){0,5}?|figure|count|total) ?at\b"
    # Revising one's own toll gives it as well: "has raised the toll to 17", "has updated its
    # figures: three dead" ("had not updated its figure" gives none).
    r"|\b(?:raised|revised|updated|lowered|raises|revises|updates|lowers) "
    r"(?:the|its|their|his|her) (?:death )?(?:toll|figures?|count|total)(?: again)?(?: to\b|:)"
)
# Bearing out someone's account in so many words: "backed the workers' accounts".
BACKED = re.compile(
    r"\b(?:backed|backs|corroborated|corroborates|supported|supports|endorsed|endorses) "
    r"(?:the |their |its |his |her )?(?:[\w’'-]+ ){0,2}?"
    r"(?:accounts?|claims?|allegations?|findings|testimony|version)\b"
)
# Counsel's case put to a witness in court: "put it to her that detectives had coached her".
PUT_TO = re.compile(r"\bput (?:it|the case) to (?:him|her|them|the (?:witness|court|jury)) that\b")
# A call for action ("called for an inquiry", "called on the authority to prosecute").
CALL_FOR = re.compile(r"\bcall(?:ed|s|ing)? (?:for|on)\b")


CLAIM_NOUN = (
    r"(?:claims?|allegations?|accusations?|reports?|charges?|account|story|stories|findings|"
    r"criticism|assertions?)"
)

# Unnamed people who saw or lived through what happened, in the plural ("residents described
# …"): whose accounts a report gives one by one.
WITNESS_GROUPS = frozenset(
    word_list(
        "residents witnesses passengers workers survivors villagers neighbours neighbors "
        "relatives families patients onlookers bystanders locals students pupils parents "
        "shoppers traders drivers guests inmates detainees"
    )
)
