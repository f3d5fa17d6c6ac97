"""The key figure models: the KPIs the portal follows, their values and the import log.
Loaded with portal.models (app label "portal"), which imports them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KeyFigure(models.Model):
    """A Kolada KPI the portal follows (nyckeltal); admins add or remove them by id."""

    kpi_id = models.CharField(
        _("Kolada KPI id"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]\d{5}$", _("A Kolada KPI id looks like N01951."))],
    )
    title = models.CharField(_("title"), max_length=300)
    divided_by_gender = models.BooleanField(_("split by gender"), default=True)
    operating_area = models.CharField(_("operating area"), max_length=200, blank=True)
    in_use = models.BooleanField(
        _("in use"), default=True, help_text=_("Refreshed from Kolada and shown in the portal.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.title}"


class KeyFigureValue(models.Model):
    """One Kolada value: KPI × municipality/region (or 0000, the country) × year × gender.
    A missing value keeps Kolada's status marker instead of a number."""

    class Gender(models.TextChoices):
        TOTAL = "T", pgettext_lazy("gender", "Total")
        WOMEN = "K", _("Women")
        MEN = "M", _("Men")

    key_figure = models.ForeignKey(
        KeyFigure, on_delete=models.CASCADE, related_name="values", verbose_name=_("key figure")
    )
    code = models.CharField(_("code"), max_length=4, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(_("status marker"), max_length=10, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    revised_at = models.DateTimeField(_("revised"), null=True, blank=True)

    class Meta:
        verbose_name = _("key figure value")
        verbose_name_plural = _("key figure values")
        ordering = ["key_figure", "code", "year", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_figure", "code", "year", "gender"], name="key_figure_value_once"
            )
        ]
        indexes = [models.Index(fields=["key_figure", "year"])]

    def __str__(self) -> str:
        return f"{self.key_figure.kpi_id} {self.code} {self.year} {self.gender}"


class KoladaImport(models.Model):
    """The log of every import, from the API or from a file: what changed and what was ignored."""

    class Source(models.TextChoices):
        API = "api", _("Kolada API")
        UPLOAD = "upload", _("Uploaded file")
        COMMAND = "command", _("Management command")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("file"), max_length=300, blank=True)
    at = models.DateTimeField(_("imported"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created = models.PositiveIntegerField(_("new values"), default=0)
    revised = models.PositiveIntegerField(_("revised values"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    deleted = models.PositiveIntegerField(_("deleted values"), default=0)
    ignored_codes = models.JSONField(_("ignored codes"), default=list, blank=True)

    class Meta:
        verbose_name = _("Kolada import")
        verbose_name_plural = _("Kolada imports")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_source_display()}"
