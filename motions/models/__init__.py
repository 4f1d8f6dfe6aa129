from motions.models.consultation import Consultation, ConsultationRole
from motions.models.file import ExtractionState, File, FilePage, FileRole
from motions.models.numbering import ReferenceCounter, ReferencePattern
from motions.models.paper import Paper, PaperState, PaperType

__all__ = [
    "Consultation",
    "ConsultationRole",
    "ExtractionState",
    "File",
    "FilePage",
    "FileRole",
    "Paper",
    "PaperState",
    "PaperType",
    "ReferenceCounter",
    "ReferencePattern",
]
