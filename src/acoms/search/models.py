"""The search index: one row per findable record (an ACO, an application, a list row, a contact, a registry
line), written only by database triggers (`search.schema`), read through the database's own full-text index:
an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL."""

from django.db import models

from acoms.accounts.models import Organization


class Entry(models.Model):
    kind = models.CharField(max_length=16, help_text="The record type, a key of search.sources.SOURCES")
    ref = models.BigIntegerField(help_text="The primary key of the record in its own table")
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The ACO the record belongs to; empty for the registry, which only CMS searches",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The performance year of a list row")
    title = models.CharField(max_length=300)
    detail = models.CharField(max_length=300, blank=True)
    terms = models.TextField(help_text="The words the record is found by")

    class Meta:
        db_table = "search_entry"
        verbose_name_plural = "entries"
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="one_search_entry_per_record")]
        indexes = [models.Index(fields=["organization", "kind"])]

    def __str__(self):
        return f"{self.kind} {self.ref}: {self.title}"
