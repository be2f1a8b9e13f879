"""Blocks used only by schemes and programmes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from base.blocks import RICH_TEXT_FEATURES


class PhaseBlock(blocks.StructBlock):
    """A phase of a programme, such as phase 1 (clarify the challenges) and phase 2 (carry out)."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label = _("Phase")
        preview_value = {"title": "Fase 1", "text": "<p>Kommunene beskriver utfordringene.</p>"}
