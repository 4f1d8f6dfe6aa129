"""Forms of the member pages. Labels and errors in German."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from members.models import Delivery
from sessions.models import Person

PASSWORDS_DIFFER = _("Die beiden Passwörter stimmen nicht überein.")


class RegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 8 Zeichen, nicht nur Ziffern, nicht zu einfach."),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    email = forms.EmailField(label=_("E-Mail-Adresse"), max_length=150)

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons if persons is not None else Person.objects.none()


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Benachrichtigungen"), choices=Delivery.choices, widget=forms.RadioSelect)
