"""A report's own narration: what its writer saw, counted or found, what they could not
establish, and what the images they read show, told in their own voice with no verb of saying
("The correspondent saw no armoured trucks.", "The monitors could not determine who fired first.",
"Images from 14 May show the roofs intact."). The gold reads each such sentence as a claim of
the observer: the body it names, else the writer (the outlet, or the body issuing the report)."""

import re

# Who observes: "We", the writer's own people ("The reporter", "A Northline Wire reporter",
# "Its correspondent", "Reporters", "The patrol") or a body it names ("The JCMM", "The
# emergency service").
_WRITER_WORDS = (
    r"(?:[Rr]eporters?|[Cc]orrespondents?|[Pp]hotographers?|[Jj]ournalists?|[Ss]tringers?|"
    r"[Nn]ewspaper|[Pp]aper|[Aa]gency|[Tt]eams?|[Pp]atrols?)"
)
# (Not part of the observer's words: "The trust has recorded …".)
_AUXILIARY = r"(?:ha[sd]|have|could|cannot|did|was|were|also)\b"
_OBSERVER = (
    r"(?P<who>We|Our[ ]++" + _WRITER_WORDS + r"|"
    r"(?:(?:[Tt]he|An?|Its|Their)[ ]++)?(?:(?!" + _WRITER_WORDS + r"\b)[A-Z][\w’'&.-]*+[ ]++)"
    r"{0,4}+" + _WRITER_WORDS + r"|"
    r"(?!(?:He|She|It|They|This|That|These|Those|There|Then|When|If)\b)"
    r"(?:[Tt]he[ ]++)?(?:[A-Z][\w’'&.-]*+[ ]++(?:(?:of|for|and|in)[ ]++)?){0,5}?[A-Z][\w’'&.-]*+|"
    r"[Tt]he[ ]++[a-z][\w-]*+(?:[ ]++(?!" + _AUXILIARY + r")[a-z][\w-]*+)?)"
    r"(?:[ ]++\([A-Z]{2,10}+\))?"  # (an acronym defined after the name)
    # ("A reporter who visited the farm on Friday saw …")
    r"(?:[ ]++who[ ]++visited[^,.;:“”\"\n]{0,80}?)?[ ]++(?:also[ ]++)?(?:ha[sd][ ]++|have[ ]++)?"
)
# What an observer does in a report's own voice.
_OBSERVED = (
    r"(?P<verb>saw|observed|counted|found|recorded|documented|analysed|analyzed|assessed|"
    r"(?:could[ ]++not|cannot|did[ ]++not|(?:was|were)[ ]++(?:not[ ]++able|unable)[ ]++to|"
    r"(?:not[ ]++been[ ]++able|been[ ]++unable)[ ]++to)"
    r"[ ]++(?:independently[ ]++)?"
    r"(?:determine|establish|confirm|verify|assess|see|find|identify|observe|locate))\b"
)
# Images read for the report ("The images do not show …", "Two of the videos show …",
# "Satellite imagery from 14 May shows …").
_IMAGES = (
    r"(?P<images>(?:(?:[Tt]he|Two|Three|All|Both|Neither|None|One|Each|Later|Earlier|Its|Our|"
    r"of|the|second|first|last)[ ]++){0,3}+"
    r"(?:\d[\w-]{0,20}+[ ]++)?(?:(?:[Ss]atellite|[Aa]erial|[Dd]rone)[ ]++)?"
    r"(?:[Ii]mages?|[Ii]magery|[Pp]hotographs?|[Pp]hotos?|[Vv]ideos?|[Ff]ootage|[Pp]ictures?|"
    r"[Cc]lips?|[Rr]ecordings?)"
    r"(?:[ ]++(?:from|of|taken|dated|captured)[ ]++[^,.;:“”\"\n]{1,60}?)?)[ ]++(?:also[ ]++)?"
    r"(?:show|shows|showed|(?:do|does|did|can)[ ]++not[ ]++show|cannot[ ]++show)\b"
)
# What the writer could not establish, said impersonally ("It was not possible to verify …").
_NOT_POSSIBLE = (
    r"It[ ]++was[ ]++not[ ]++possible[ ]++to[ ]++(?:independently[ ]++)?"
    r"(?:determine|establish|confirm|verify|assess|see|identify)\b"
)
# A time or place opening the sentence before its observer ("On 4 March, the mission saw …").
_OPENING = r"(?:(?:On|At|In|By|During)[ ]++[^,.;:“”\"\n]{1,40}?,[ ]++)?"
OWN_OBSERVATION = re.compile(
    _OPENING + r"(?:" + _IMAGES + r"|" + _NOT_POSSIBLE + r"|" + _OBSERVER + _OBSERVED + r")"
)
# The words a sentence of narration holds at least (not a heading's "What we found").
_OBSERVATION_WORDS = 5
_WRITER = re.compile(r"(?:We$|Our[ ]|.*\b" + _WRITER_WORDS + r"$)")


def own_observation(sentence: str) -> tuple[str, int] | None:
    """The observer a sentence of a report's own narration names and where in `sentence`
    ("" for the writer: "We", "the reporter", the images read): None for any other sentence,
    and for one with a quotation in it, a question or a heading."""
    text = sentence.rstrip()
    if (
        not text.endswith(".")
        or len(text.split()) < _OBSERVATION_WORDS
        or any(mark in text for mark in '“”"')
    ):
        return None
    observed = OWN_OBSERVATION.match(text)
    if observed is None:
        return None
    who = observed["who"]
    if who is None or _WRITER.match(who):
        return "", 0
    if observed["verb"] == "observed":
        # (A body that "observed a minute's silence" or a truce observes nothing for a report.)
        return None
    return who, observed.start("who")
