"""The search index, the synonyms editors keep, and the log of searches that found nothing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from . import norwegian
from .choices import EntryKind


class SearchEntry(models.Model):
    """One public page, person or document as citizen search sees it; rebuilt when it changes.

    Each field is kept three ways: as text to show in snippets, as folded words (which
    PostgreSQL stems with its ``norwegian`` configuration) and as Snowball stems (which SQLite's
    full-text table indexes and the ranking compares). The full-text structures themselves are
    made by the migrations, per database.
    """

    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    object_id = models.PositiveBigIntegerField()
    result_type = models.CharField(max_length=20)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=2048, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    title_words = models.TextField(blank=True, default="")
    summary_words = models.TextField(blank=True, default="")
    keywords_words = models.TextField(blank=True, default="")
    body_words = models.TextField(blank=True, default="")
    title_stems = models.TextField(blank=True, default="")
    summary_stems = models.TextField(blank=True, default="")
    keywords_stems = models.TextField(blank=True, default="")
    body_stems = models.TextField(blank=True, default="")
    reversed_stems = models.TextField(blank=True, default="")

    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchTerm(models.Model):
    """A word of one index entry, for forgiving misspellings and for suggestions as people type.

    Kept per entry so that indexing a page rewrites only its own words; ``word`` is folded like
    the index (kvaenangen), ``display`` is the word as written (Kvænangen), and ``weight`` says
    where it stands: names of schemes, programmes and people above titles, place names and
    other keywords, summaries and body text.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="terms")
    word = models.CharField(max_length=100)
    display = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("search index word")
        verbose_name_plural = _("search index words")
        indexes = [models.Index(fields=["word"], name="search_term_word")]

    def __str__(self):
        return self.display


class SearchPosting(models.Model):
    """A stem of an index entry's title, summary or keywords, with how much it counts there.

    ``score`` is what ranking gives the entry for the stem itself (``search.ranking``'s field
    weights, body repeats included). Ordered by stem and score, these rows let a search that
    matches more entries than it ranks read the best of them through an index, at the same cost
    whatever the size of the site.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="postings")
    stem = models.CharField(max_length=100)
    score = models.FloatField()

    class Meta:
        verbose_name = _("search index posting")
        verbose_name_plural = _("search index postings")
        indexes = [
            models.Index(fields=["stem", "-score", "entry"], name="search_posting_best"),
        ]

    def __str__(self):
        return f"{self.stem}: {self.score}"


def split_terms(text):
    """The terms of a synonym group: one per line, or separated by commas."""
    return [term.strip() for line in text.splitlines() for term in line.split(",") if term.strip()]


class Synonym(models.Model):
    """Words or phrases that mean the same to citizens; a search for one of them finds all."""

    terms = models.TextField(
        _("words that mean the same"),
        help_text=_(
            "One word or phrase per line, for example “bredbånd” and “breiband”, or “BIO” and "
            "“bedriftsintern opplæring”. A search for one of them also finds the others, "
            "in every inflected form."
        ),
    )
    one_way_terms = models.TextField(
        _("words that only lead here"),
        blank=True,
        help_text=_(
            "Optional. One word or phrase per line that finds the words above, but is not "
            "found by them, for example the English “broadband” for “bredbånd”. Use it for "
            "words in other languages and for words that also mean something else."
        ),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Why the words belong together.")
    )

    panels = [FieldPanel("terms"), FieldPanel("one_way_terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self):
        one_way = ", ".join(split_terms(self.one_way_terms))
        return ", ".join(split_terms(self.terms)) + (f" ← {one_way}" if one_way else "")

    def clean(self):
        super().clean()
        searchable = [term for term in split_terms(self.terms) if norwegian.stems(term)]
        one_way = [term for term in split_terms(self.one_way_terms) if norwegian.stems(term)]
        if not searchable or len(searchable) + len(one_way) < 2:
            raise ValidationError(
                {
                    "terms": _(
                        "Give at least two words or phrases, one per line (or one, and words "
                        "that lead to it). Words such as “og” and “til” are not searched for "
                        "and do not count."
                    )
                }
            )


class QueryWithoutResults(models.Model):
    """How many times on a day a search (as Wagtail's query log has it) found nothing."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="days_without_results",
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unique_query_without_results")
        ]

    def __str__(self):
        return f"{self.query} ({self.date}): {self.hits}"
