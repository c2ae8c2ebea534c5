"""numpy integer and floating scalars (and arrays for list options) are accepted wherever a number
is, with the same results as Python numbers; bool is not a number."""

from __future__ import annotations

import numpy as np
import pytest

import plrf


def test_numpy_integer_d_is_accepted():
    # A user report: d = np.int64(100) was refused with "expected an integer in [1, 2147483647]".
    with plrf.PlrfProblem.sample(alpha=1, beta=0.75, d=np.int64(100), seed=np.int32(1)) as p:
        assert p.d == 100 and type(p.d) is int
        a = p.spectrum().lambda_
    with plrf.PlrfProblem.sample(alpha=1, beta=0.75, d=100, seed=1) as p:
        assert np.array_equal(a.view(np.uint64), p.spectrum().lambda_.view(np.uint64))


@pytest.mark.parametrize("kind", [np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint64])
def test_numpy_integer_kinds(kind):
    assert plrf.log_checkpoints(kind(100), kind(10)).tolist() == plrf.log_checkpoints(100, 10).tolist()


def test_numpy_floats_and_arrays_give_the_same_bits():
    base = plrf.loss_curve("deterministic", alpha=0.7, beta=1.2, d=60, at=[0, 10, 100, 1000])
    npy = plrf.loss_curve("deterministic", alpha=np.float64(0.7), beta=np.float64(1.2), d=np.int64(60),
                          at=np.array([0, 10, 100, 1000]))
    assert np.array_equal(base.loss.view(np.uint64), npy.loss.view(np.uint64))
    s1 = plrf.simulate_sgd(alpha=1, beta=0.75, d=20, steps=200, points=10, seeds=2, seed=3, batch=2)
    s2 = plrf.simulate_sgd(alpha=np.float32(1), beta=np.float64(0.75), d=np.int32(20), steps=np.int64(200),
                           points=np.uint8(10), seeds=np.int16(2), seed=np.int64(3), batch=np.int64(2))
    assert np.array_equal(s1.loss.view(np.uint64), s2.loss.view(np.uint64))


def test_integral_floats_are_integers():
    assert plrf.log_checkpoints(100.0, np.float64(10.0)).tolist() == plrf.log_checkpoints(100, 10).tolist()


@pytest.mark.parametrize("bad", [True, False, np.bool_(True)])
def test_bool_is_refused(bad):
    with pytest.raises(plrf.PlrfError) as e:
        plrf.simulate_sgd(alpha=1, beta=0.75, d=10, steps=10, batch=bad)
    assert (e.value.code, e.value.param) == ("INVALID_ARGUMENT", "batch")


def test_non_finite_numpy_values_are_refused():
    with pytest.raises(plrf.PlrfError) as e:
        plrf.PlrfProblem.sample(alpha=np.float64("nan"), beta=1, d=10)
    assert e.value.param == "alpha" and "alpha = NaN is invalid" in str(e.value)


def test_results_are_numpy_float64():
    r = plrf.loss_curve("deterministic", alpha=0.7, beta=1.2, d=60, at=[0, 10, 100])
    assert r.loss.dtype == np.float64 and r.flops.dtype == np.float64 and r.steps.dtype == np.int64
    assert r.runs.shape == (1, 3)
