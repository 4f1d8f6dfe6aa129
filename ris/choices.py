"""Choice labels translated once per language.

``get_FOO_display()`` rebuilds a dict of every choice and translates each lazy label on every
call; pages and OParl lists that show thousands of labels look them up here instead.
"""

import functools

from django.utils.translation import override


@functools.cache
def choice_labels(choices, language: str | None) -> dict:
    """``{value: label}`` of a choices class (``PaperType``) or a model field, in ``language``."""
    pairs = choices.flatchoices if hasattr(choices, "flatchoices") else choices.choices
    with override(language):
        return {value: str(label) for value, label in pairs}
