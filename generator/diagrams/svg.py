"""Helpers shared by the SVG diagrams: escaping, numbers, text metrics, palette, document root."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

log = logging.getLogger(__name__)

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
ELLIPSIS = "\u2026"
TEXT_DARK = "#1a1a1a"
TEXT_LIGHT = "#ffffff"
BACKGROUND = "#ffffff"

# Characters XML 1.0 forbids; replaced so that any Unicode label still gives a valid document.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A scheme (`javascript:`, `https:`) or a network path (`//host`) makes a link leave the site.
_ABSOLUTE = re.compile(r"^[\s\x00-\x1f]*([a-zA-Z][a-zA-Z0-9+.\-]*:|[/\\]{2})")

# Advance widths of DejaVu Sans (the widest font in FONT_FAMILY) for ASCII 32-126, in 1/1000 em.
_ASCII_WIDTHS = (
    (318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337)
    + (636,) * 10
    + (337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295)
    + (295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611)
    + (685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278)
    + (278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592)
    + (525, 636, 337, 636, 838)
)
_BOLD_FACTOR = 1.12


@dataclass(frozen=True)
class Swatch:
    """Colours and corner radius used to draw one kind of entity."""

    name: str
    fill: str
    stroke: str
    text: str
    radius: float


# Dark fills under white text (WCAG AA needs 4.5:1); the corner radius is a cue besides colour.
KIND_SWATCHES: dict[str, Swatch] = {
    "person": Swatch("Person", "#005a9c", "#003b66", TEXT_LIGHT, 11.0),
    "organization": Swatch("Organization", "#9a4a00", "#5c2c00", TEXT_LIGHT, 2.0),
    "country": Swatch("Country", "#00704f", "#00402d", TEXT_LIGHT, 6.0),
    "event": Swatch("Event", "#8e3a6f", "#5a2446", TEXT_LIGHT, 0.0),
}
OTHER_SWATCH = Swatch("Other", "#595959", "#333333", TEXT_LIGHT, 4.0)


def get_swatch(kind: str) -> Swatch:
    """Return the swatch of an entity kind, grey for a kind the palette does not know."""
    return KIND_SWATCHES.get(kind, OTHER_SWATCH)


def get_kind_order(kind: str) -> tuple[int, str]:
    """Return a sort key that lists known kinds in palette order, then others by name."""
    order = list(KIND_SWATCHES)
    return (order.index(kind), "") if kind in KIND_SWATCHES else (len(order), kind)


def get_kind_name(kind: str) -> str:
    """Return the legend name of an entity kind."""
    swatch = KIND_SWATCHES.get(kind)
    return swatch.name if swatch else (one_line(kind).capitalize() or OTHER_SWATCH.name)


def get_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a `#rrggbb` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def get_contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio between two `#rrggbb` colours."""
    lighter, darker = sorted((get_luminance(foreground), get_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def clean(text: str) -> str:
    """Replace the characters XML 1.0 cannot hold with U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def escape_text(text: str) -> str:
    """Escape text for use as XML character data."""
    # Printable text holds none of the characters XML forbids, and most text is printable:
    # the test is much cheaper than `clean`'s regular expression.
    if not text.isprintable():
        text = clean(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """Escape text for use inside a double-quoted XML attribute."""
    escaped = escape_text(text).replace('"', "&quot;").replace("'", "&#39;")
    # Character references survive attribute-value normalisation; raw whitespace does not.
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def one_line(text: str) -> str:
    """Collapse runs of whitespace (newlines included) into single spaces."""
    return " ".join(text.split())


def fmt(value: float) -> str:
    """Format a coordinate with one fixed decimal, never as `-0.0`.

    The `z` option makes a negative zero positive after rounding; hot f-strings write
    `{value:z.1f}` inline, which is the same without a call.
    """
    return f"{value:z.1f}"


@cache
def get_char_width(char: str) -> float:
    """Return the estimated advance width of one character, in em."""
    code = ord(char)
    if 32 <= code <= 126:
        return _ASCII_WIDTHS[code - 32] / 1000
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.05
    return 0.8


@cache
def get_text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimate the rendered width of one line of text, in user units (names recur: cached)."""
    factor = size * (_BOLD_FACTOR if bold else 1.0)
    return sum(get_char_width(char) for char in text) * factor


@cache
def truncate(text: str, max_width: float, size: float, *, bold: bool = False) -> str:
    """Shorten text to at most `max_width` units, ending with an ellipsis when cut."""
    text = one_line(clean(text))
    limit = max_width / (size * (_BOLD_FACTOR if bold else 1.0))
    room = limit - get_char_width(ELLIPSIS)
    used = 0.0
    cut = 0
    for index, char in enumerate(text):
        used += get_char_width(char)
        if used <= room:
            cut = index + 1
        elif used > limit:
            return text[:cut].rstrip() + ELLIPSIS
    return text


def check_href(href: str) -> str:
    """Return a relative link target, or raise ValueError for one that leaves the site."""
    if _ABSOLUTE.match(href):
        raise ValueError(f"diagram links must be relative URLs, got {href!r}")
    return href


def open_link(href: str, attrs: Iterable[tuple[str, str]] = ()) -> str:
    """Return an `<a>` start tag with both `href` and `xlink:href` set."""
    target = escape_attr(check_href(href))
    extra = "".join(f' {name}="{escape_attr(value)}"' for name, value in attrs)
    return f'<a href="{target}" xlink:href="{target}"{extra}>'


def title_element(text: str) -> str:
    """Return a `<title>` element holding the full, escaped text (shown on hover)."""
    return f"<title>{escape_text(text)}</title>"


def text_element(x: float, y: float, text: str, **attrs: str) -> str:
    """Return a `<text>` element; keyword names use `_` for `-` (`text_anchor`)."""
    extra = "".join([f' {key.replace("_", "-")}="{value}"' for key, value in sorted(attrs.items())])
    return f'<text x="{x:z.1f}" y="{y:z.1f}"{extra}>{escape_text(text)}</text>'


def render_document(
    body: list[str], *, width: float, height: float, title: str, description: str, kind: str
) -> str:
    """Wrap drawing elements in a standalone `<svg>` root with `<title>` and `<desc>` first."""
    digest = hashlib.sha256("\n".join([title, description, *body]).encode("utf-8", "replace"))
    ident = f"{kind}-{digest.hexdigest()[:12]}"
    size = f'width="{fmt(width)}" height="{fmt(height)}" viewBox="0 0 {fmt(width)} {fmt(height)}"'
    head = [
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" version="1.1" {size} role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT_FAMILY}"'
        f' font-size="12" class="dossier-diagram dossier-{kind}">',
        f'<title id="{ident}-title">{escape_text(title)}</title>',
        f'<desc id="{ident}-desc">{escape_text(description)}</desc>',
        f'<rect x="0" y="0" width="{fmt(width)}" height="{fmt(height)}" fill="{BACKGROUND}"/>',
    ]
    return "\n".join([*head, *body, "</svg>"]) + "\n"
