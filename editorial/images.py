"""The image form of the admin: every image has alt text before it is stored.

Wagtail keeps an image's alt text in its ``description``, which ``default_alt_text`` (and so the
API's ``alt``) returns; without one it falls back to the title, which is usually a file name.
This form, set as ``WAGTAILIMAGES_IMAGE_FORM_BASE``, makes the description required wherever
Wagtail builds an image form: adding and editing an image, the chooser's upload tab and the
multiple upload. The multiple upload first saves an image with its file name as title and no
other fields; when that fails validation, Wagtail keeps the file aside (as an ``UploadedFile``,
not an image) and asks for the missing fields before it creates the image.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class AltTextImageForm(BaseImageForm):
    """An image form that refuses an image without alt text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Partial forms (such as Wagtail's API v3 updates) may leave the description out.
        field = self.fields.get("description")
        if field is not None:
            # The form field strips surrounding spaces, so only spaces count as none.
            field.required = True
            field.label = _("Alt text")
            field.help_text = _(
                "What the image shows, for readers who cannot see it. Screen readers read it "
                "aloud and the county's website uses it as the image's alt text."
            )
            field.error_messages["required"] = _(
                "Write an alt text that says what the image shows."
            )
