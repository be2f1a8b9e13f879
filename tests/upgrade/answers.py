"""Print, as JSON, what the public API answers from the database that DATABASE_URL names.

Run as a script, with the code of the day, before and after a migration: the answers (pages
listing and details, find by path, finder, people, search, the OpenAPI document) must be the
same. The clock stands still at ``NOW`` so that statuses derived from the date do not move.
"""

import datetime
import json
import os
import sys
from urllib.parse import urlsplit

NOW = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)
SEARCHES = ["tilskudd", "bredbånd", "næringsstrategi", "Tromsø"]


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    django.setup()
    import time_machine
    from django.apps import apps
    from django.test import Client

    client = Client()

    def get(url):
        response = client.get(url)
        return {"status": response.status_code, "body": response.json()}

    answers = {}
    with time_machine.travel(NOW, tick=False):
        listing = get("/api/v2/pages/?limit=100&order=id")
        answers["/api/v2/pages/"] = listing
        for item in listing["body"]["items"]:
            answers[f"/api/v2/pages/{item['id']}/"] = get(f"/api/v2/pages/{item['id']}/")
            path = urlsplit(item["meta"]["html_url"] or "").path
            if path:
                find = client.get("/api/v2/pages/find/", {"html_path": path})
                answers[f"find {path}"] = {"status": find.status_code, "to": find.get("Location")}
        answers["/api/v2/schemes/"] = get("/api/v2/schemes/?limit=100")
        answers["/api/v2/people/"] = get("/api/v2/people/?limit=100")
        for query in SEARCHES:
            response = client.get("/api/v2/search/", {"q": query})
            answers[f"search {query}"] = {"status": response.status_code, "body": response.json()}
        answers["/api/openapi.json"] = get("/api/openapi.json")

    # What editors made and the API does not show: drafts and their revisions.
    page_model = apps.get_model("wagtailcore", "Page")
    answers["drafts"] = sorted(
        [page.pk, page.latest_revision.content["title"]]
        for page in page_model.objects.filter(has_unpublished_changes=True)
    )
    answers["revisions"] = apps.get_model("wagtailcore", "Revision").objects.count()
    json.dump(answers, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
