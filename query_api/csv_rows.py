"""Reply rows as CSV: the columns and values of the rows' JSON form, so the two formats cannot drift apart."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

CSV = "text/csv"


def csv_lines(rows: Iterable[BaseModel], model: type[BaseModel]) -> Iterator[str]:
    """A header of ``model``'s JSON field names, then each row's JSON values (lists joined by ``;``)."""
    columns = [field.serialization_alias or name for name, field in model.model_fields.items()]
    yield _csv_line(columns)
    for row in rows:
        values = row.model_dump(mode="json", by_alias=True)
        yield _csv_line([_cell(values[column]) for column in columns])


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return value


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()
