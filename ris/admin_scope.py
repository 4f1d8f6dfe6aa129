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


class StaffRecordMixin:
    """For custom admin views about one record: the record exists, is not deleted, the user is
    staff of its body and holds ``permission``; otherwise 404/403, as for any other surface.

    ``body_id_of(obj)`` says which body a record belongs to.
    """

    model = None
    permission = ""

    @staticmethod
    def body_id_of(obj):
        return obj.body_id

    def get_record(self):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        obj = self.model.objects.filter(pk=self.kwargs["pk"], deleted=False).first()
        if obj is None or not access.is_staff_of(self.request.user, self.body_id_of(obj)):
            raise Http404
        if self.permission and not self.request.user.has_perm(self.permission):
            raise PermissionDenied
        return obj


class ExplicitSaveMixin:
    """For snippet create/edit views: no background autosave (Wagtail 8 autosaves every 500 ms).

    Saving a new paper draws its reference number; an autosave racing the "Entwurf speichern"
    click created the paper twice. Staff save explicitly, and every save is one audited revision.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False
