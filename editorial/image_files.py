"""Uploaded originals keep no personal metadata: no GPS position, camera serial, author or notes.

Photos from phones carry where and when they were taken, and often the owner's name or the
device's serial number, in EXIF, XMP, IPTC and comments; the original file is what the API and
the admin link to. Before an uploaded file is first stored, the orientation its EXIF asks for is
applied to the pixels (so nothing turns sideways once the tag is gone), and the file is written
again without any of that metadata. The colour profile is kept, as it changes how colours look.

A file that carries no such metadata is stored as it came, without being decoded.
"""

import os
from io import BytesIO

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from PIL import Image as PILImage
from PIL import ImageOps, JpegImagePlugin
from wagtail.images import get_image_model

ORIENTATION = 0x0112

# JPEG segments that hold no personal data: JFIF (APP0), the ICC profile (APP2) and Adobe's
# colour transform (APP14). Everything else (EXIF and XMP in APP1, IPTC in APP13, maker notes,
# comments) is dropped.
HARMLESS_JPEG_SEGMENTS = {"APP0", "APP2", "APP14"}
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"}


def carries_metadata(image):
    """Whether an opened image holds metadata that a rewrite without it would drop."""
    if image.format in {"JPEG", "MPO"}:
        return any(marker not in HARMLESS_JPEG_SEGMENTS for marker, _ in image.applist) or bool(
            image.info.get("comment")
        )
    if image.format == "PNG":
        return bool(METADATA_KEYS & set(image.info) or image.text)
    if image.format == "WEBP":
        return bool(METADATA_KEYS & set(image.info))
    return False


def without_metadata(file):
    """The bytes of ``file`` rewritten without personal metadata, or None to keep it as it is."""
    file.seek(0)
    with PILImage.open(file) as image:
        if image.format not in {"JPEG", "MPO", "PNG", "WEBP"} or not carries_metadata(image):
            return None
        if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
            # Animations are rare as photos; rewriting them frame by frame is not worth it.
            return None
        transposed = image.getexif().get(ORIENTATION, 1) not in (None, 1)
        pixels = ImageOps.exif_transpose(image) if transposed else image
        options = {"icc_profile": image.info.get("icc_profile")}
        output = BytesIO()
        if image.format in {"JPEG", "MPO"}:
            if transposed:
                # The original's quantisation tables, so the rotated copy looks the same.
                sampling = JpegImagePlugin.get_sampling(image)
                options |= {"qtables": image.quantization}
                if sampling >= 0:
                    options["subsampling"] = sampling
            else:
                options["quality"] = "keep"
            pixels.save(output, "JPEG", **options)
        elif image.format == "PNG":
            pixels.save(output, "PNG", **options)
        else:
            pixels.save(output, "WEBP", quality=90, **options)
    file.seek(0)
    return output.getvalue()


def strip_uploaded_metadata(sender, instance, raw=False, **kwargs):
    """Rewrite a new original without personal metadata before it is first stored."""
    field_file = instance.file
    if raw or not field_file or getattr(field_file, "_committed", True):
        return
    data = without_metadata(field_file.file)
    if data is None:
        return
    name = os.path.basename(field_file.name)
    instance.file = ContentFile(data, name=name)
    with PILImage.open(BytesIO(data)) as stored:
        instance.width, instance.height = stored.size
    # Wagtail's duplicate check and cache keys read the stored file's size and hash.
    instance._set_image_file_metadata()


def connect():
    pre_save.connect(
        strip_uploaded_metadata, sender=get_image_model(), dispatch_uid="image_files_metadata"
    )
