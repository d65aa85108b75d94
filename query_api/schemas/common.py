"""Types shared by every response model."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

from http_common.problems import Problem

__all__ = ["DecimalString", "Problem"]

# Money, prices and quantities leave as plain decimal strings ("40000.5"), never as
# JSON numbers nor in exponent notation ("4.00005E+4").
DecimalString = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["100.25"]}),
]
