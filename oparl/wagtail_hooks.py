"""Admin wiring of the importer: its problems, listed for those allowed to see them.

``ImportProblem`` has no body (a problem may concern a list or a system), so only users with
the model permission ``oparl.view_importproblem`` — superusers, or a group given it on purpose —
see the list; staff of one body do not see another body's import problems.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from oparl.models import ImportProblem


class ImportProblemViewSet(SnippetViewSet):
    """Every object, field or file the importer skipped, repaired or could not fetch, with the reason."""

    model = ImportProblem
    icon = "warning"
    menu_label = _("Importprobleme")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["object_type", "url", "reason", "occurred_at", "resolved"]
    list_filter = ["object_type", "resolved", "placeholder"]
    search_fields = ["url", "reason"]
    ordering = ["resolved", "-occurred_at"]


register_snippet(ImportProblemViewSet)
