"""Every rich text editor of the site carries the paste plugin with the levels it offers.

The browser half, pasting Word's headings, is ``tests/admin_browser/test_paste_browser.py``.
"""

from wagtail.admin.rich_text import get_rich_text_editor_widget

from base.blocks import BodyBlock, FactBoxBlock
from schemes.models import SchemePage

PLUGIN = {"type": "paste-headings", "headings": ["header-three", "header-four"]}


def test_a_rich_text_field_offers_its_heading_levels_to_the_paste_plugin():
    widget = SchemePage._meta.get_field("how_to_apply").formfield().widget

    assert PLUGIN in widget.options["plugins"]
    assert "admin/paste_headings.js" in str(widget.media)


def test_rich_text_blocks_in_streamfields_carry_the_plugin_too():
    for block in (BodyBlock().child_blocks["paragraph"], FactBoxBlock().child_blocks["text"]):
        assert PLUGIN in block.field.widget.options["plugins"]


def test_a_field_without_headings_offers_none():
    widget = get_rich_text_editor_widget(features=["bold", "italic", "link"])

    assert {"type": "paste-headings", "headings": []} in widget.options["plugins"]
