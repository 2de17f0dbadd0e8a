"""Reading pages in tests: the text a person sees, and the message shown under a form field."""

from __future__ import annotations

import html
import re


def page_text(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded, whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


def error_next_to(response, field_id: str) -> str:
    """The error message shown under the field (or group) with this id."""
    pattern = rf'<div id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>'
    match = re.search(pattern, response.get_data(as_text=True), re.S)
    assert match, f"no error shown next to {field_id}"
    return " ".join(html.unescape(match.group(1)).split())
