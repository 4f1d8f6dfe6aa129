"""Screenshots of the staff's admin screens at 1280 px (docs/admin.md), in headless Chromium with
the real admin login. Run against a server with the demo loaded, with the same DATABASE_URL (the
script looks up the demo's meetings and its draft paper by their data):

    .venv/bin/python manage.py load_demo && .venv/bin/python manage.py runserver 127.0.0.1:8765 &
    .venv/bin/python docs/screenshots/take_admin.py http://127.0.0.1:8765

It submits the demo's draft paper to the Freigabe and adds "Mitteilungen" to an upcoming agenda
(through the admin, as staff would), so run it on a throw-away copy of the demo.
Writes docs/screenshots/admin-<name>-1280.png.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import django
from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent
STAFF, REVIEWER, PASSWORD = "verwaltung-aschersleben", "freigabe-aschersleben", "demo-staff-2026"


def records() -> dict:
    sys.path.insert(0, str(OUT.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ris.settings.dev")
    django.setup()
    from django.utils import timezone

    from motions.models import Paper
    from sessions.models import Meeting

    meetings = Meeting.objects.filter(organization__body__slug="aschersleben", deleted=False)
    held = meetings.filter(start__date="2024-02-28").first()
    return {
        "held_url": held.get_absolute_url(),
        "upcoming": meetings.filter(start__gte=timezone.now()).order_by("start").first().pk,
        "held": meetings.filter(start__date="2024-02-28").first().pk,
        "draft": Paper.objects.filter(body__slug="aschersleben", live=False, deleted=False).first().pk,
    }


def cover_png(pdf: bytes) -> None:
    """The Sitzungsmappe's cover page as an image (poppler's pdftoppm)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "mappe.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", source, Path(folder) / "cover"], check=True
        )
        (png,) = Path(folder).glob("cover*.png")
        Image.open(png).convert("RGB").quantize(colors=64).save(OUT / "sitzungsmappe-cover.png", optimize=True)


def shot(page, name: str, full: bool = True) -> None:
    png = page.screenshot(full_page=full)
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
    image.save(OUT / f"admin-{name}-1280.png", optimize=True)


def login(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def main(base: str) -> None:
    ids = records()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = login(browser, base, STAFF)
        shot(page, "dashboard", full=False)
        page.goto(f"{base}/admin/snippets/motions/paper/")
        shot(page, "paper-list", full=False)
        page.goto(f"{base}/admin/snippets/motions/paper/add/")
        page.select_option("#id_paper_type", "antrag")
        page.fill("#id_name", "Sanierung der Turnhalle am Markt")
        page.fill("#id_originator_persons-filter", "a")
        page.locator("#id_originator_persons-list").scroll_into_view_if_needed()
        shot(page, "paper-einreicher", full=False)

        page.goto(f"{base}/admin/snippets/motions/paper/edit/{ids['draft']}/")
        page.locator("footer .w-dropdown__toggle").click()
        page.wait_for_timeout(500)  # the menu fades in
        shot(page, "freigabe-submit", full=False)
        with page.expect_navigation():
            page.get_by_role("button", name="Zur Freigabe einreichen").click()
        shot(page, "freigabe-submitted", full=False)
        reviewer = login(browser, base, REVIEWER)
        reviewer.goto(f"{base}/admin/snippets/motions/paper/edit/{ids['draft']}/")
        reviewer.locator("footer .w-dropdown__toggle").click()
        reviewer.wait_for_timeout(500)
        shot(reviewer, "freigabe-review", full=False)

        page.goto(f"{base}/admin/snippets/council_sessions/meeting/agenda/{ids['upcoming']}/")
        with page.expect_navigation():
            page.get_by_role("button", name="Mitteilungen").click()
        shot(page, "agenda")
        # The added item is a change after the invitation: the Einladung page says whether the
        # Nachtrag goes out by itself after the quiet period or, inside the Ladungsfrist, why not.
        # One run of the check, as beat makes every minute (without it the page says it is not running).
        manage = OUT.parent.parent / "manage.py"
        subprocess.run([sys.executable, str(manage), "publish_invitation_changes"], check=True)
        page.goto(f"{base}/admin/snippets/council_sessions/meeting/invitation/{ids['upcoming']}/")
        shot(page, "invitation-pending", full=False)
        page.goto(f"{base}/admin/snippets/council_sessions/meeting/results/{ids['held']}/")
        shot(page, "results")
        page.goto(f"{base}/admin/snippets/council_sessions/meeting/minutes/{ids['held']}/")
        shot(page, "minutes", full=False)
        page.goto(f"{base}/admin/mitglieder/einladen/")
        shot(page, "invite", full=False)

        public = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE").new_page()
        public.goto(base + ids["held_url"])
        public.locator("#dokumente").scroll_into_view_if_needed()
        shot(public, "meeting-sitzungsmappe", full=False)
        binder = public.request.get(f"{base}/sitzungen/{ids['held']}/sitzungsmappe.pdf")
        for _attempt in range(20):  # built in the background: 202 until it is there
            if binder.status == 200:
                break
            public.wait_for_timeout(1000)
            binder = public.request.get(f"{base}/sitzungen/{ids['held']}/sitzungsmappe.pdf")
        cover_png(binder.body())
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
