"""Sample size and risk-weighted sampling for stocktakes (pure functions, no database).

Cochran's sample size for estimating a proportion, at confidence level with normal quantile z and
margin of error e, with the most cautious p = 0.5:

    n0 = z² · p(1−p) / e²                (95 %, ±3 %: 1.959964² · 0.25 / 0.0009 = 1067.07 → 1068)
    n  = n0 / (1 + (n0 − 1) / N)         (finite population correction for N items in scope)

both rounded up. When n ≥ N every item is counted.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import NormalDist

# Weight of a high-risk item (valuables / secure store, hazardous) against 1 for any other item.
HIGH_RISK_WEIGHT = 3.0


@dataclass(frozen=True)
class SampleSize:
    confidence: float
    margin: float
    population: int
    z: float
    n0: int
    n: int

    @property
    def n0_exact(self) -> float:
        return self.z**2 * 0.25 / self.margin**2

    def formula(self) -> str:
        """The computation written out, for the page and the report."""
        return (f"n0 = z²·p(1−p)/e² = {self.z:.4f}² × 0.5 × 0.5 / {self.margin:g}² = {self.n0_exact:.2f} → {self.n0}; "
                f"n = n0 / (1 + (n0 − 1)/N) = {self.n0} / (1 + {self.n0 - 1}/{self.population}) → {self.n}")


def z_for(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def sample_size(population: int, *, confidence: float | Decimal = 0.95, margin: float | Decimal = 0.03) -> SampleSize:
    confidence, margin = float(confidence), float(margin)
    if not (0 < confidence < 1 and 0 < margin < 1):
        raise ValueError("confidence and margin must lie strictly between 0 and 1")
    z = z_for(confidence)
    n0 = math.ceil(z**2 * 0.25 / margin**2)
    n = 0 if population <= 0 else min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))
    return SampleSize(confidence=confidence, margin=margin, population=population, z=z, n0=n0, n=n)


def choose_sample(ids: Sequence[int], size: int, *, seed: int, high_risk: set[int] = frozenset(),
                  weighted: bool = False) -> set[int]:
    """``size`` ids drawn without replacement; reproducible from ``seed``.

    Weighted draws use Efraimidis–Spirakis keys u^(1/w): a high-risk item (weight 3) is about
    three times as likely as another to be picked at each step.
    """
    if size >= len(ids):
        return set(ids)
    rng = random.Random(seed)
    ordered = sorted(ids)
    if not weighted:
        return set(rng.sample(ordered, size))
    keys = []
    for item_id in ordered:
        weight = HIGH_RISK_WEIGHT if item_id in high_risk else 1.0
        keys.append((rng.random() ** (1 / weight), item_id))
    keys.sort(reverse=True)
    return {item_id for _key, item_id in keys[:size]}
