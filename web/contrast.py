"""WCAG 2.1 contrast ratio of two sRGB colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio),
used to refuse a town colour that makes links or button text unreadable."""

AA_TEXT = 4.5
# The lightest non-white background the theme puts text and links on (static/css/ris.css --panel).
PANEL = "#f3f4f6"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance of ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(first: str, second: str) -> float:
    """From 1 (no contrast) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darker(hex_colour: str, factor: float = 0.75) -> str:
    """The colour with each channel scaled down (hover and pressed states)."""
    h = hex_colour.lstrip("#")
    return "#" + "".join(f"{int(int(h[i : i + 2], 16) * factor):02x}" for i in (0, 2, 4))
