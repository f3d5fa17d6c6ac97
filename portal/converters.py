"""Path converters for numbers that name database rows. A number beyond the column's range
answers 404 like any missing row, instead of overflowing the database driver (a 500).

Registered here, once, when the first urls module imports this one: Django 5.1 deprecates
registering a converter name twice, and overriding the built-in ``int``.
"""

from django.urls import register_converter
from django.urls.converters import IntConverter

# Every primary key is a BigAutoField (DEFAULT_AUTO_FIELD, and every model's migration).
ID_MAX = 2**63 - 1
# PositiveSmallIntegerField, such as a checklist item's number.
SMALLINT_MAX = 2**15 - 1


class BoundedIntConverter(IntConverter):
    maximum: int

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.maximum:
            raise ValueError(f"{value} is beyond {self.maximum}")
        return number


class IdConverter(BoundedIntConverter):
    """``<id:pk>``: a row's id."""

    maximum = ID_MAX


class SmallIntConverter(BoundedIntConverter):
    """``<smallint:number>``: a number kept in a small integer column."""

    maximum = SMALLINT_MAX


register_converter(IdConverter, "id")
register_converter(SmallIntConverter, "smallint")
