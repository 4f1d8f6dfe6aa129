"""Content-Security-Policy and Permissions-Policy for every response (issue 14).

django-csp builds the header; this subclass only chooses *which* policy: the public site gets
``CONTENT_SECURITY_POLICY`` (scripts from our own origin or with the request's nonce, never
inline), the Wagtail admin gets ``RIS_ADMIN_CONTENT_SECURITY_POLICY``, which allows what
Wagtail's own templates need there and nothing more. A view can still override either with
django-csp's decorators (``@csp_override``). Wired in MIDDLEWARE (ris/settings/base.py).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with a second policy for the admin paths, plus Permissions-Policy."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = request.path_info.startswith(tuple(settings.RIS_ADMIN_CSP_PREFIXES))
        if admin and not report_only and parts.config is None:
            parts.config = default_config(settings.RIS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.RIS_PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.RIS_PERMISSIONS_POLICY
        return response
