"""A searchable chooser for persons and organizations in the paper form (issue 20).

The Einreicher fields were raw multi-select lists of every person of every body. This widget is a
list of checkboxes with a search field above it: without JavaScript it is a plain list (chosen
entries first), with ``motions/js/searchable_choices.js`` typing filters it and only the entries of
the body chosen in the form are shown. Each option carries its record's body (``data-body``); the
server checks the body again (``PaperAdminForm.clean``), so the filter is a convenience only.
"""

from django import forms


class BodyOptionsMixin:
    """Each option says its record's body (``data-body``), for the script to filter by."""

    body_field = "body"

    class Media:
        js = ["motions/js/searchable_choices.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["body_field"] = self.body_field
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        body_id = getattr(instance, "body_id", None)
        if body_id is not None:
            option["attrs"]["data-body"] = str(body_id)
        return option


class SearchableCheckboxes(BodyOptionsMixin, forms.CheckboxSelectMultiple):
    template_name = "motions/widgets/searchable_checkboxes.html"

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        # chosen entries first, so a long list still shows at a glance who is chosen
        return sorted(groups, key=lambda group: not any(option["selected"] for option in group[1]))


class SearchableSelect(BodyOptionsMixin, forms.Select):
    """One person or organization: the select with the same search field above it (typing hides
    the options that do not match and those of other bodies)."""

    template_name = "motions/widgets/searchable_select.html"
