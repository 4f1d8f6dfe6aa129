"""Admin forms for files (upload checks, checksum, background extraction) and the review queue."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from motions.media_types import INLINE_MEDIA_TYPES, sniff_media_type
from motions.models import ExtractionState, Paper, PaperType

# What staff may attach: documents, never programs or web pages that merely end in ".pdf".
ALLOWED_MEDIA_TYPES = INLINE_MEDIA_TYPES
UPLOAD_EMPTY = _("Die Datei ist leer.")
UPLOAD_TOO_LARGE = _("Die Datei ist größer als %(mb)d MB.")
UPLOAD_TYPE = _("Dateien dieser Art (%(type)s) können nicht angehängt werden; erlaubt sind PDF und Office-Dokumente.")
REFERENCE_TAKEN = _("Diese Drucksachennummer ist in dieser Körperschaft schon vergeben.")


class FileAdminForm(WagtailAdminModelForm):
    """A new upload is checked, hashed and queued for text extraction once it is saved."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        limit = getattr(settings, "RIS_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
        if upload.size == 0:
            raise forms.ValidationError(UPLOAD_EMPTY)
        if upload.size > limit:
            raise forms.ValidationError(UPLOAD_TOO_LARGE % {"mb": limit // (1024 * 1024)})
        upload.seek(0)
        sample = upload.read(2048)
        if sample.startswith(b"PK"):  # an Office document is a ZIP: its member names tell which
            upload.seek(0)
            sample = upload.read()
        upload.seek(0)
        media_type = sniff_media_type(sample, upload.name)
        if media_type not in ALLOWED_MEDIA_TYPES:
            raise forms.ValidationError(UPLOAD_TYPE % {"type": media_type})
        return upload

    def save(self, commit=True):
        instance = super().save(commit=False)
        if "file" in self.changed_data and instance.file:
            upload = self.cleaned_data["file"]
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            instance.sha256 = hashlib.sha256(content).hexdigest()
            instance.sha512 = hashlib.sha512(content).hexdigest()
            instance.size = len(content)
            instance.file_name = PurePath(upload.name).name
            instance.media_type = sniff_media_type(content, upload.name)
            instance.extraction_state = ExtractionState.WAITING
            instance.extraction_error = ""
            if commit:
                from motions.extraction import file_extraction_queue

                instance.save()
                self.save_m2m()
                file_extraction_queue(file=instance)
                return instance
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class PaperReviewForm(forms.ModelForm):
    """The recognised fields of a draft, for staff to confirm or correct."""

    class Meta:
        model = Paper
        fields = ["reference", "paper_type", "date", "name", "public"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper_type"].choices = PaperType.choices

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if (
            reference
            and Paper.objects.filter(body=self.instance.body, reference=reference).exclude(pk=self.instance.pk).exists()
        ):
            raise forms.ValidationError(REFERENCE_TAKEN)
        return reference

    def validate_unique(self):
        """The reference is checked in clean_reference with a message staff understand."""
