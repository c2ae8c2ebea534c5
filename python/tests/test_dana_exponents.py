"""plrf's predicted DANA-decay exponents (docs/model.md §10), computed in the Wasm core: the balance of
the SGD phase's trade-off pair under the DANA clock kappa = 2 - 1/(2 alpha), against the formulas
written out here; kappa = 1 would give Table 2 (the SGD exponents returned alongside)."""

from __future__ import annotations

import pytest

import plrf


def balance(a1, b1, a2, b2):
    """The balance of r^(-a1) d^(-b1) against r^(-a2) d^(-b2) on f = r d: (xi, eta)."""
    xi = (a1 - a2) / ((a1 - b1) - (a2 - b2))
    return xi, a1 - (a1 - b1) * xi


@pytest.mark.parametrize("alpha,beta", [(0.7, 0.2), (1, 0.7), (0.7, 0.6), (1, 2), (1.5, 3)])
def test_exponents_are_the_balanced_pairs_under_the_dana_clock(alpha, beta):
    p = plrf.dana_decay_exponents(alpha, beta)
    info = plrf.classify_phase(alpha, beta)
    G = 2 * alpha + 2 * beta - 1
    k = 2 - 1 / (2 * alpha)
    pairs = {
        "Ia": balance(k * G / (2 * alpha), 0, 0, G),
        "II": balance(k * G / (2 * alpha), 0, k * (1 - 1 / (2 * alpha)), 1),
        "III": balance(k * (2 - 1 / (2 * alpha)), 0, k * (1 - 1 / (2 * alpha)), 1),
    }
    assert p["phase"] == info.phase
    assert p["kappa"] == pytest.approx(k, rel=1e-14)
    assert p["xi"] == pytest.approx(pairs[info.phase][0], rel=1e-12)
    assert p["eta"] == pytest.approx(pairs[info.phase][1], rel=1e-12)
    assert p["sgd"] == {"xi": info.xi, "eta": info.eta}
    assert p["eta"] > info.eta and p["note"] is None and p["source"] == "plrf"


def test_no_prediction_where_2_alpha_is_at_most_1_and_validation():
    for alpha, beta in [(0.35, 0.35), (0.2, 1), (0.4, 1)]:
        p = plrf.dana_decay_exponents(alpha, beta)
        assert p["xi"] is None and p["eta"] is None and "2 alpha > 1" in p["note"]
    assert plrf.dana_decay_exponents(0.1, 0.1)["note"].startswith("no power-law decay")
    with pytest.raises(plrf.PlrfError) as e:
        plrf.dana_decay_exponents(0, 0.5)
    assert e.value.code == "INVALID_ARGUMENT" and e.value.param == "alpha"
