"""JavaScript number formatting for the error messages and warnings, so that they read as in the
TypeScript package: ``String(x)``, ``x.toFixed(f)``, ``x.toExponential(f)``, ``x.toPrecision(p)``
(ties rounded away from zero, as ECMAScript specifies; exponents written ``e+5``/``e-7``)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ._validate import js_number

__all__ = ["js_number", "to_fixed", "to_exponential", "to_precision"]


def _special(x: float):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return None


def to_fixed(x: float, f: int) -> str:
    """``Number.prototype.toFixed(f)``."""
    x = float(x)
    s = _special(x)
    if s is not None:
        return s
    if abs(x) >= 1e21:
        return js_number(x)
    q = Decimal(abs(x)).quantize(Decimal(1).scaleb(-f), rounding=ROUND_HALF_UP)
    return ("-" if x < 0 else "") + format(q, "f")


def _digits(x: float, f: int):
    """(digit string of f + 1 significant digits, decimal exponent) of |x| > 0, ties away from zero."""
    d = Decimal(abs(x))
    e = d.adjusted()
    q = d.scaleb(-e).quantize(Decimal(1).scaleb(-f), rounding=ROUND_HALF_UP)
    if q >= 10:
        e += 1
        q = d.scaleb(-e).quantize(Decimal(1).scaleb(-f), rounding=ROUND_HALF_UP)
    return format(q, "f").replace(".", ""), e


def _exp(e: int) -> str:
    return "e" + ("+" if e >= 0 else "-") + str(abs(e))


def to_exponential(x: float, f: int) -> str:
    """``Number.prototype.toExponential(f)``."""
    x = float(x)
    s = _special(x)
    if s is not None:
        return s
    sign = "-" if x < 0 else ""
    if x == 0:
        return "0" + ("." + "0" * f if f > 0 else "") + "e+0"
    digits, e = _digits(x, f)
    return sign + digits[0] + ("." + digits[1:] if f > 0 else "") + _exp(e)


def to_precision(x: float, p: int) -> str:
    """``Number.prototype.toPrecision(p)``."""
    x = float(x)
    s = _special(x)
    if s is not None:
        return s
    sign = "-" if x < 0 else ""
    if x == 0:
        return "0" + ("." + "0" * (p - 1) if p > 1 else "")
    digits, e = _digits(x, p - 1)
    if e < -6 or e >= p:
        return sign + digits[0] + ("." + digits[1:] if p > 1 else "") + _exp(e)
    if e >= 0:
        return sign + digits[:e + 1] + ("." + digits[e + 1:] if p > e + 1 else "")
    return sign + "0." + "0" * (-(e + 1)) + digits
