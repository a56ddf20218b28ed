"""Markdown as people write it on the notice board, rendered to HTML that is safe to show.

Two locks, not one. The renderer takes CommonMark without raw HTML (`html=False`: a `<script>`
written in a post is shown as text) and with the renderer's own link check (no `javascript:`,
`vbscript:` or `data:` links). Its output is then cleaned by an allow-list sanitiser, so that
whatever a future renderer option lets through, only these tags, attributes and link schemes
reach a reader's browser. Links open in a new tab without handing over the opener.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)


def render_markdown(source: str) -> str:
    """`source` as HTML with nothing in it that can run: no script, no event handler, no
    style beyond table cell alignment, no link but http(s), mailto and tel."""
    html = _renderer.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    ).strip()
