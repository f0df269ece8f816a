"""The clean stage: page furniture (sharing buttons, ads, credits, teasers) dropped, and the
text laid out as paragraphs separated by one blank line."""

import re

# Whole lines that are never article text: sharing buttons, ads, navigation and teasers.
# Compared without case, surrounding spaces or a trailing colon.
FURNITURE_LINES = frozenset(
    line.casefold()
    for line in (
        "Share", "Share this", "Share this article", "Share this story", "Share on Facebook",
        "Share on Twitter", "Share on X", "Share via email", "Tweet", "Email", "Print",
        "Copy link", "Facebook", "Twitter", "WhatsApp", "LinkedIn", "Reddit", "Comments",
        "Advertisement", "Advertisements", "Sponsored", "Sponsored content", "Ad",
        "Skip advertisement", "Skip to content", "Skip to main content", "Back to top",
        "Related", "Related articles", "Related stories", "Related content", "Related topics",
        "Read more", "More on this story", "Recommended", "Most read", "Most popular",
        "Continue reading", "Listen to this article", "Subscribe", "Sign up", "Newsletter",
        "Leave a comment", "Show comments", "Hide caption", "Toggle caption",
        "Enlarge this image", "Image", "Photo", "Video",
    )
)  # fmt: skip
# "Related: Kerry wants …", "Read more: …": a teaser for another story.
_TEASER = re.compile(
    r"^(?:related|read more|read also|also read|see also|more from \w+|watch)\s*:\s*\S.{0,200}$",
    re.IGNORECASE,
)
# Picture credits: "Photo: Jane Doe/AFP", "(Image: Reuters)", "Photograph by …".
_PHOTO_CREDIT = re.compile(
    r"^\(?(?:photo(?:graph)?s?|image|picture|pictured|video|graphic|illustration|credit|"
    r"file photo)(?:\s+credit)?\s*(?::|by\b)\s*.{0,150}\)?$",
    re.IGNORECASE,
)
# A line that is nothing but an agency credit: "AFP", "Reuters/John Smith", "AFP via Getty
# Images", "AP Photo/Hussein Malla", "EPA-EFE".
_AGENCIES = (
    r"AFP|Reuters|AP|AP Photo|Associated Press|EPA|EPA-EFE|Getty Images|Getty|Anadolu|"
    r"Anadolu Agency|Xinhua|Shutterstock|Alamy|PA|PA Images|PA Wire|Bloomberg|SIPA|TASS|SANA"
)
_AGENCY_CREDIT = re.compile(
    rf"^\(?(?:{_AGENCIES})(?:\s*(?:/|via|-|–|\|)\s*[\w .,'’&/-]{{1,60}})?\)?$", re.IGNORECASE
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s).{0,200}$", re.IGNORECASE)
# Page numbers and share counters left from a page: "202", "3/12", "1 of 4".
_COUNTER = re.compile(r"^[\d\s/.,:|-]{1,12}$|^\d+\s+of\s+\d+$", re.IGNORECASE)


def _is_credit(line: str) -> bool:
    return bool(_AGENCY_CREDIT.match(line) or _PHOTO_CREDIT.match(line))


def _is_furniture(line: str) -> bool:
    text = line.strip()
    return (
        text.casefold().rstrip(":").strip() in FURNITURE_LINES
        or bool(_TEASER.match(text))
        or _is_credit(text)
        or bool(_COPYRIGHT.match(text))
        or bool(_COUNTER.match(text))
    )


def drop_page_furniture(text: str) -> tuple[str, int]:
    """Drop whole lines that are obviously not article text (see the patterns above); a photo
    caption directly followed by its credit line goes with it, and so does any repeat of that
    caption elsewhere. Returns the text and how many lines went."""
    lines = text.split("\n")
    drop = [False] * len(lines)
    captions: set[str] = set()
    for i, line in enumerate(lines):
        if not line.strip() or not _is_furniture(line):
            continue
        drop[i] = True
        previous = lines[i - 1].strip() if i else ""
        if _is_credit(line.strip()) and previous and not _is_furniture(previous):
            # "A man walks past the ruins on Tuesday.\nAFP": the caption goes too.
            drop[i - 1] = True
            captions.add(previous)
    for i, line in enumerate(lines):
        if line.strip() in captions:
            drop[i] = True
    kept = [line for i, line in enumerate(lines) if not drop[i]]
    return "\n".join(kept), sum(drop)


# "(?<!…)": from the first space of a run only (from each, a long run was quadratic).
_TRAILING_SPACE = re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]+\n")
_BLANKS = re.compile(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*")


def normalise_paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces.

    Hard-wrapped text (lines of at most 100 characters, most of those followed by another line
    ending mid-sentence) is unwrapped, so that no sentence is split by a line break. Otherwise a
    text without any blank line gets one paragraph per line, and other single line breaks stay
    as they are (a caption above its credit line)."""
    text = text.replace("\t", " ")
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    text = _BLANKS.sub("\n\n", text).strip("\n")
    if not text:
        return ""
    blocks = [block.split("\n") for block in text.split("\n\n")]
    inner = [line.strip() for lines in blocks for line in lines[:-1]]
    longest = max(len(line) for lines in blocks for line in lines)
    mid_sentence = sum(1 for line in inner if not _ENDS_SENTENCE.search(line))
    if len(inner) >= 3 and longest <= 100 and mid_sentence * 2 >= len(inner):
        return "\n\n".join(" ".join(line.strip() for line in lines) for lines in blocks)
    if len(blocks) == 1:
        return "\n\n".join(line.strip() for line in blocks[0] if line.strip())
    return "\n\n".join("\n".join(lines).strip(" ") for lines in blocks)


_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"”’)\]]*$")
