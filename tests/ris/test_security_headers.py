"""Security headers (issue 14): a Content-Security-Policy without inline scripts on the public
site, Wagtail's admin under its own policy, and Permissions-Policy everywhere. The browser test
loads real pages in Chromium and fails on every policy violation the browser reports."""

import os

import pytest
from django.core.management import call_command
from django.template import engines
from django.test import RequestFactory

from motions.models import File, Paper
from ris.security_headers import ContentSecurityPolicyMiddleware
from sessions.models import Meeting

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_public_page_policy_allows_no_inline_script(client):
    response = client.get("/vorlagen/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_login_gets_the_admin_policy(client):
    response = client.get("/admin/login/")
    policy = _directives(response["Content-Security-Policy"])
    # Wagtail's edit views need inline scripts (the browser test below shows where); never eval.
    assert "'unsafe-eval'" not in policy["script-src"] and "'nonce-" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"] and policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the admin previews pages in a frame of its own
    assert "Permissions-Policy" in response


def test_inline_script_with_the_request_nonce_is_named_in_the_header():
    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda req: None)
    middleware.process_request(request)
    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">go()</script>')
    html = template.render({}, request)
    nonce = html.split('nonce="')[1].split('"')[0]
    from django.http import HttpResponse

    response = middleware.process_response(request, HttpResponse(html))
    assert f"'nonce-{nonce}'" in _directives(response["Content-Security-Policy"])["script-src"]


# --- in a real browser -----------------------------------------------------------------------

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


def _violations(page, url: str) -> list[str]:
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return console + page.evaluate("window.__csp || []")


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return live_server.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_and_admin_run_without_csp_violations(browser, demo_site):
    paper = Paper.objects.get(reference="VII/0680/24")
    meeting = Meeting.objects.filter(agenda_items__isnull=False).first()
    public = [
        "/",
        paper.get_absolute_url(),
        meeting.get_absolute_url(),
        File.objects.get(file_name="Vorlage_VII-0680-24.pdf").get_absolute_url(),
        "/vorlagen/?q=Haushalt",
        "/sitzungen/",
        "/kalender/",
        "/suche/?q=Schule",
        "/anmelden/",
        "/registrieren/",
        "/passwort/vergessen/",
        "/wie-funktioniert-der-stadtrat/",
        "/gibt-es-nicht/",
    ]
    admin = [
        "/admin/",
        "/admin/snippets/motions/paper/",
        f"/admin/snippets/motions/paper/edit/{paper.pk}/",
        "/admin/snippets/motions/paper/add/",
        f"/admin/snippets/council_sessions/meeting/edit/{meeting.pk}/",
        "/admin/pages/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/users/",
    ]
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = {}
    try:
        for path in public:
            found = _violations(page, demo_site + path)
            if found:
                problems[path] = found
        page.goto(f"{demo_site}/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "demo-admin-2026")
        page.click("button[type=submit]")
        page.wait_for_url(f"{demo_site}/admin/")
        for path in admin:
            found = _violations(page, demo_site + path)
            if found:
                problems[path] = found
    finally:
        context.close()
    assert problems == {}, "\n".join(f"{path}: {found}" for path, found in problems.items())
