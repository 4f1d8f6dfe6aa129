"""Admin listings are scoped by the same rule as everything else: staff see their bodies' records."""

from ris import access


class BodyScopedViewSetMixin:
    """For SnippetViewSets: superusers see all, staff only the records of bodies they staff.

    ``body_path`` is the lookup from the model to its Body (``"body"``, ``"organization__body"``, …).
    """

    body_path = "body"
    search_backend_name = None  # search the database with the ORM over ``search_fields``

    def get_queryset(self, request):
        queryset = self.model._default_manager.all()
        user = request.user
        if user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.body_path}__in": access.staff_body_ids(user)})
