"""The quick result form of one agenda item (issue 6, flow 4): result, vote, optional breakdowns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.models import Organization, OrganizationType, Result, VoteChoice


class ItemResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Ergebnis"), choices=[("", "–")] + list(Result.choices), required=False)
    yes = forms.IntegerField(label=_("Ja"), min_value=0, required=False)
    no = forms.IntegerField(label=_("Nein"), min_value=0, required=False)
    abstain = forms.IntegerField(label=_("Enthaltungen"), min_value=0, required=False)
    unanimous = forms.BooleanField(label=_("einstimmig"), required=False)
    resolution_text = forms.CharField(
        label=_("Beschlusstext"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    statements = forms.CharField(
        label=_("Erklärungen zu Protokoll"),
        help_text=_("je Zeile „Name: Erklärung“"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, item, factions, people, **kwargs):
        super().__init__(*args, prefix=f"item-{item.pk}", **kwargs)
        self.item = item
        self.fields["statements"].widget.attrs["aria-describedby"] = f"{self['statements'].id_for_label}-help"
        self.factions = factions
        self.people = people
        for faction in factions:
            for key, label in (("yes", _("Ja")), ("no", _("Nein")), ("abstain", _("Enthaltungen"))):
                self.fields[f"group-{faction.pk}-{key}"] = forms.IntegerField(
                    label=f"{faction.short_name or faction.name}: {label}", min_value=0, required=False
                )
        for person in people:
            self.fields[f"person-{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=[("", "–")] + list(VoteChoice.choices), required=False
            )

    def clean_statements(self):
        from proceedings.services import statements_parse

        return statements_parse(self.cleaned_data["statements"])

    def clean(self):
        data = super().clean()
        if self.result_changed() and not data.get("result"):
            self.add_error("result", forms.Field.default_error_messages["required"])
        return data

    def result_changed(self) -> bool:
        """Whether anything but the statements was changed (then a result must be chosen)."""
        return bool(set(self.changed_data) - {"statements"})

    def statements_changed(self) -> bool:
        return "statements" in self.changed_data

    def group_fields(self):
        return [[self[f"group-{f.pk}-{k}"] for k in ("yes", "no", "abstain")] for f in self.factions]

    def person_fields(self):
        return [self[f"person-{p.pk}"] for p in self.people]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        groups = []
        for faction in self.factions:
            counts = [data.get(f"group-{faction.pk}-{k}") for k in ("yes", "no", "abstain")]
            if any(c is not None for c in counts):
                groups.append((faction, *(c or 0 for c in counts)))
        personal = {p: data[f"person-{p.pk}"] for p in self.people if data.get(f"person-{p.pk}")}
        return {
            "result": data["result"],
            "yes": data["yes"],
            "no": data["no"],
            "abstain": data["abstain"],
            "unanimous": data["unanimous"],
            "resolution_text": data["resolution_text"],
            "groups": groups or None,
            "personal": personal or None,
        }


def meeting_factions(meeting):
    return list(
        Organization.objects.filter(
            body_id=meeting.organization.body_id, organization_type=OrganizationType.FACTION, deleted=False
        ).order_by("name")
    )
