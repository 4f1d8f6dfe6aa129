"""Screenshots of every page type at 1280 and 390 px, viewport only, for reviewing the look from
the repository. Run against a server with the demo loaded:

    .venv/bin/python manage.py load_demo && .venv/bin/python manage.py runserver 127.0.0.1:8765 &
    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8765

Writes docs/screenshots/<name>-<width>.png (palette PNGs, a few dozen kB each).
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent
WIDTHS = {1280: 800, 390: 844}


def pages(base: str, browser) -> dict[str, str]:
    """Page type → path; the records are found by following the demo's own links."""
    page = browser.new_page()
    page.goto(base + "/vorlagen/?koerperschaft=")
    found = {
        "home": "/",
        "search": "/suche/?q=Digitalisierung",
        "paper-list": "/vorlagen/",
        "meeting-list": "/sitzungen/",
        "calendar": "/kalender/?monat=2024-02",
        "organizations": "/gremien/",
        "persons": "/personen/",
        "help": "/hilfe/",
        "not-found": "/gibt-es-nicht/",
        "login": "/anmelden/",
        "misspelled-search": "/suche/?q=Digitalisirung",
        "tracking": "/beschlusskontrolle/",
    }

    def first(selector: str, start: str) -> str:
        page.goto(base + start)
        return page.locator(selector).first.get_attribute("href")

    found["paper"] = first("a[href^='/vorlagen/'][href*='vii-0680-24']", "/vorlagen/")
    found["meeting"] = first("main a[href^='/sitzungen/'][href$='/']", "/sitzungen/?zeit=vergangene")
    found["organization"] = first("main a[href^='/gremien/'][href$='/']", "/gremien/")
    found["person"] = first("main a[href^='/personen/'][href$='/']", "/personen/")
    found["body"] = "/koerperschaften/aschersleben/"
    found["file"] = first("main a[href^='/dateien/']", found["paper"])
    page.close()
    return found


def main(base: str) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, path in pages(base, browser).items():
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
                page = context.new_page()
                page.goto(base + path)
                png = page.screenshot()
                image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
                image.save(OUT / f"{name}-{width}.png", optimize=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
