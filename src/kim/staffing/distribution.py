"""The distribution key (Verteilungsschlüssel, concept § 3.6) by the largest-remainder method.

The FTE to distribute (e.g. 14.0) are cut into steps (e.g. 0.05 FTE -> 280 steps). Each
municipality's weighted share of the indicators gives its exact quota of steps; every municipality
first gets the whole steps of its quota, and the steps left over go, one each, to the
municipalities with the largest remainders (Hare-Niemeyer, as German parliaments allocate seats).
Ties in the remainder go to the larger quota, then to the lower AGS, so the result is reproducible.

Pure functions on Decimals: the page shows every intermediate figure so that a political committee
can follow the computation.
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

INDICATORS = ("immigration", "asylum_applications", "without_eu_citizenship")
INDICATOR_LABELS = {
    "immigration": "Zuzüge",
    "asylum_applications": "Asylanträge",
    "without_eu_citizenship": "Einwohner:innen ohne deutsche und ohne EU-Staatsangehörigkeit",
}


class DistributionError(ValueError):
    """Input that cannot be distributed; the message is German and names the field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Line:
    key: str  # AGS
    name: str
    values: dict[str, int]
    shares: dict[str, Decimal] = field(default_factory=dict)
    weighted_share: Decimal = Decimal(0)
    quota: Decimal = Decimal(0)  # exact number of steps
    whole_steps: int = 0
    remainder: Decimal = Decimal(0)
    extra_step: bool = False

    @property
    def steps(self) -> int:
        return self.whole_steps + (1 if self.extra_step else 0)


@dataclass
class Result:
    lines: list[Line]
    total_steps: int
    step: Decimal
    fte_total: Decimal
    totals: dict[str, int]

    def fte(self, line: Line) -> Decimal:
        return line.steps * self.step

    @property
    def allocated(self) -> Decimal:
        return sum((self.fte(line) for line in self.lines), Decimal(0))


def distribute(rows, weights: dict[str, Decimal], fte_total: Decimal, step: Decimal) -> Result:
    """``rows``: (ags, name, {indicator: value}); ``weights``: {indicator: weight >= 0}."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    fte_total, step = Decimal(fte_total), Decimal(step)
    weights = {k: Decimal(weights.get(k, 0)) for k in INDICATORS}
    if fte_total <= 0:
        raise DistributionError(_("Die zu verteilenden VZÄ müssen größer als 0 sein."), "fte_total")
    if step <= 0:
        raise DistributionError(_("Die Schrittweite muss größer als 0 sein."), "step")
    if any(w < 0 for w in weights.values()):
        raise DistributionError(_("Gewichte dürfen nicht negativ sein."), "weights")
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        raise DistributionError(_("Mindestens ein Gewicht muss größer als 0 sein."), "weights")
    total_steps = fte_total / step
    if total_steps != total_steps.to_integral_value():
        raise DistributionError(
            _("Die VZÄ (%(fte)s) lassen sich nicht in Schritten von %(step)s verteilen.")
            % {"fte": number_format(fte_total, 2), "step": number_format(step, 2)},
            "step",
        )
    total_steps = int(total_steps)
    lines = [Line(ags, name, dict(values)) for ags, name, values in rows]
    if not lines:
        raise DistributionError(_("Es liegen keine Kennzahlen vor."))
    totals = {k: sum(line.values.get(k, 0) for line in lines) for k in INDICATORS}
    for k in INDICATORS:
        if weights[k] > 0 and totals[k] == 0:
            raise DistributionError(
                _("Die Kennzahl „%(name)s“ ist in allen Kommunen 0, hat aber ein Gewicht.")
                % {"name": INDICATOR_LABELS[k]},
                "weights",
            )
    for line in lines:
        line.shares = {
            k: (Decimal(line.values.get(k, 0)) / totals[k]) if totals[k] else Decimal(0)
            for k in INDICATORS
        }
        line.weighted_share = sum(line.shares[k] * weights[k] for k in INDICATORS) / weight_sum
        line.quota = line.weighted_share * total_steps
        line.whole_steps = int(line.quota.to_integral_value(rounding=ROUND_FLOOR))
        line.remainder = line.quota - line.whole_steps
    left = total_steps - sum(line.whole_steps for line in lines)
    for line in sorted(lines, key=lambda ln: (-ln.remainder, -ln.quota, ln.key))[:left]:
        line.extra_step = True
    return Result(lines, total_steps, step, fte_total, totals)
