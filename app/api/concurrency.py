"""Entity tags for the API: every editable object's ETag names its version, and every change
must say (If-Match) which version it was based on."""

import re

from fastapi import HTTPException, Request

_TAG = re.compile(r'^"(?P<entity>[a-z]+)-(?P<id>\d+)-v(?P<version>\d+)"$')


def etag(entity: str, obj_id: int, version: int) -> str:
    return f'"{entity}-{obj_id}-v{version}"'


def expected_version(request: Request, entity: str, obj_id: int, current: int) -> int:
    """The version the client's If-Match names: 428 if it sent none, 412 if it names another
    object or an older version ("*" accepts whatever is current)."""
    header = request.headers.get("if-match")
    if header is None:
        raise HTTPException(
            428,
            f"Send If-Match with this {entity}'s ETag (from GET), so that a newer change is "
            "never overwritten unseen.",
        )
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags:
        return current
    for tag in tags:
        match = _TAG.match(tag)  # weak tags (W/"…") never match: If-Match compares strongly
        if match and match["entity"] == entity and int(match["id"]) == obj_id:
            version = int(match["version"])
            if version == current:
                return version
    raise HTTPException(
        412,
        f"This {entity} has changed since that ETag was issued (it is now at version {current}). "
        "GET it again, reapply your change, and retry.",
        headers={"ETag": etag(entity, obj_id, current)},
    )
