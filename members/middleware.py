"""Remembers which documents a signed-in user opened, for "noch nicht geöffnet" on the dashboard.

A middleware rather than a change to the public file views: those belong to the site, and the
record is a side effect of any successful file page or download, whichever view served it.
"""

from django.db import IntegrityError

FILE_VIEWS = {"web:file", "web:file_download"}


class FileOpenedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            match is not None
            and match.view_name in FILE_VIEWS
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
        ):
            from members.models import FileOpened

            try:
                FileOpened.objects.get_or_create(user=user, file_id=match.kwargs["pk"])
            except IntegrityError:
                pass  # opened twice at the same moment
        return response
