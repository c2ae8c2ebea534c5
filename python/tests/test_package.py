"""The installed package: the .wasm files ship inside it, the shared core loads them, and a missing
file gives a clear error; the exports the ABI table lists exist in both builds."""

from __future__ import annotations

import os

import pytest

import plrf
from plrf import _abi, _core


@pytest.mark.parametrize("simd", [True, False])
def test_wasm_files_ship_in_the_package(simd):
    path = _core.wasm_path(simd)
    assert os.path.isfile(path), path
    assert os.path.dirname(path) == os.path.join(os.path.dirname(plrf.__file__), "wasm")
    c = _core.Core(simd=simd)
    missing = [name for name in _abi.EXPORTS if not c.has(name)]
    assert missing == []


def test_missing_wasm_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(_core, "WASM_DIR", str(tmp_path))
    with pytest.raises(plrf.PlrfError) as e:
        _core.Core(simd=True)
    assert e.value.code == "NOT_INITIALISED" and "npm" in str(e.value) and "missing" in str(e.value)


def test_public_api():
    for name in ("loss_curve", "simulate_sgd", "spectral_measure", "spectral_density", "asymptotics", "classify_phase",
                 "measure_front", "compute_optimal_front", "PlrfProblem", "PlrfError"):
        obj = getattr(plrf, name)
        assert obj.__doc__, name


def test_disposed_problem():
    p = plrf.PlrfProblem.sample(alpha=1, beta=1, d=5)
    p.dispose()
    p.dispose()
    with pytest.raises(plrf.PlrfError) as e:
        p.spectrum()
    assert e.value.code == "DISPOSED"


def test_population_loss_at_zero_is_p0():
    with plrf.PlrfProblem.sample(alpha=1, beta=0.75, d=30, seed=2) as p:
        assert p.population_loss([0.0] * 30) == pytest.approx(p.p0, rel=1e-12)
        with pytest.raises(plrf.PlrfError) as e:
            p.population_loss([0.0] * 29)
        assert e.value.param == "theta"
