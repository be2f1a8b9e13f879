"""Peak memory and time of one worker uploading the largest images it accepts.

Each measurement runs in a fresh process, which uploads one image through the admin's own
add view (validation, stripping of personal metadata, storage) and makes the API's renditions
as the upload does; the process's peak resident memory (``ru_maxrss``) is read before the
upload, once Django is loaded, and after it. Run it with ``make bench-images``.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MEGAPIXEL = 1_000_000


def make_file(pixels, fmt, folder):
    """A 4:3 image of ``pixels`` pixels; photos as phones take them, sideways with EXIF."""
    from PIL import Image

    width = int((pixels * 4 / 3) ** 0.5)
    height = pixels // width
    # A gradient and not noise: it compresses below the upload's size limit, as a large plain
    # image does, while it is decoded into as many pixels as any photo of its size.
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    path = Path(folder) / f"bench-{pixels}.{'png' if fmt == 'PNG' else 'jpg'}"
    output = BytesIO()
    if fmt == "PNG":
        image.save(output, "PNG")
    else:
        exif = Image.Exif()
        exif[0x0112] = 6  # rotated: the upload turns it upright, a second full copy
        exif[0x8825] = {1: "N", 2: (69.0, 39.0, 0.0), 3: "E", 4: (18.0, 57.0, 0.0)}
        image.save(output, "JPEG", quality=85, exif=exif.tobytes())
    path.write_bytes(output.getvalue())
    return path, width, height


def say(text=""):
    sys.stdout.write(f"{text}\n")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path):
    """In the child process: upload ``path`` as an editor does, and report memory and time."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    editor = get_user_model().objects.filter(is_superuser=True).first()
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    data = Path(path).read_bytes()
    collection = Collection.get_first_root_node().pk
    # Django, Wagtail and the admin's view code loaded, as in a worker that has served requests.
    client.get(reverse("wagtailimages:add"))
    before = peak_mb()
    started = time.perf_counter()
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Benchmark",
            "description": "Benchmark",
            "collection": collection,
            "file": SimpleUploadedFile(Path(path).name, data),
        },
    )
    elapsed = time.perf_counter() - started
    image = get_image_model().objects.filter(title="Benchmark").first()
    return {
        "status": response.status_code,
        "accepted": image is not None,
        "renditions": image.renditions.count() if image else 0,
        "before_mb": round(before),
        "peak_mb": round(peak_mb()),
        "seconds": round(elapsed, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", default="12,24,40", help="comma-separated sizes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        say(json.dumps(measure(arguments.child)))
        return

    with tempfile.TemporaryDirectory(prefix="troms-image-bench-") as folder:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            # Above every size measured, so that each is uploaded and made into renditions.
            "WAGTAILIMAGES_MAX_IMAGE_PIXELS": str(1000 * MEGAPIXEL),
            "WAGTAILIMAGES_MAX_UPLOAD_SIZE": str(100 * 1024 * 1024),
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT_ROOT, env=environment, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [
                *manage,
                "shell",
                "-c",
                "from django.contrib.auth.models import User; "
                "User.objects.create_superuser('bench', 'bench@example.no', 'bench')",
            ],
            cwd=PROJECT_ROOT,
            env=environment,
            check=True,
        )
        say(f"{'image':<24} {'file':>8} {'before':>8} {'peak':>8} {'growth':>8} {'time':>7}")
        for megapixels in (float(size) for size in arguments.megapixels.split(",")):
            for fmt in ("PNG", "JPEG"):
                path, width, height = make_file(int(megapixels * MEGAPIXEL), fmt, folder)
                result = json.loads(
                    subprocess.run(  # noqa: S603
                        [sys.executable, __file__, "--child", str(path)],
                        cwd=PROJECT_ROOT,
                        env=environment,
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout.splitlines()[-1]
                )
                if not result["accepted"]:
                    raise SystemExit(f"The {megapixels:g} MP {fmt} was refused: {result}")
                label = f"{megapixels:g} MP {fmt} {width}x{height}"
                say(
                    f"{label:<24} {path.stat().st_size / 1024 / 1024:>6.1f}MB "
                    f"{result['before_mb']:>6}MB {result['peak_mb']:>6}MB "
                    f"{result['peak_mb'] - result['before_mb']:>6}MB {result['seconds']:>6.1f}s"
                )


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    main()
