"""Reading the admin overviews' exports, as a spreadsheet program reads them."""

import csv
import io


def csv_rows(response):
    """The rows of a CSV export, which starts with a byte order mark so that Excel reads the
    UTF-8 as UTF-8 and keeps æ, ø and å, and is separated by semicolons, as Norwegian Excel
    separates columns."""
    assert response["Content-Type"] == "text/csv"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
