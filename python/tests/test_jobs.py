"""The job driver (plrf._jobs.run_job) on a fake core: stepping to completion, progress, the error
mapping of plrf._abi.ERRORS, and jobFree in every case (errors, KeyboardInterrupt)."""

from __future__ import annotations

import pytest

from plrf import _abi
from plrf._errors import PlrfError
from plrf._jobs import job_error, run_job


class FakeCore:
    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.freed = []
        self.budgets = []
        self.progress = 0.0

    def fakeStep(self, job, budget):
        assert job == 4096
        self.budgets.append(budget)
        self.progress += 0.25
        return self.statuses.pop(0)

    def jobProgress(self, job):
        return self.progress

    def jobFree(self, job):
        self.freed.append(job)


def test_runs_to_done_and_frees():
    c = FakeCore([0, 0, 0, 1])
    seen = []
    r = run_job(c, lambda: 4096, "fakeStep", lambda job: ("result", job), on_progress=seen.append, initial_units=3)
    assert r == ("result", 4096)
    assert c.freed == [4096]
    assert seen == [0.25, 0.5, 0.75, 1.0]
    assert c.budgets[0] == 3 and all(b >= 1 for b in c.budgets)


@pytest.mark.parametrize("status", sorted(_abi.ERRORS))
def test_negative_status_maps_to_plrf_error(status):
    c = FakeCore([0, status])
    with pytest.raises(PlrfError) as e:
        run_job(c, lambda: 4096, "fakeStep", lambda job: None, param="gamma")
    code, message = _abi.ERRORS[status]["code"], _abi.ERRORS[status]["message"]
    assert (e.value.code, str(e.value), e.value.param) == (code, message, "gamma")
    assert c.freed == [4096]


def test_explain_gives_the_message_and_unknown_status_is_internal():
    assert str(job_error(_abi.ERR_UNSTABLE, lambda s: "gamma = 3 is unstable")) == "gamma = 3 is unstable"
    assert job_error(-99).code == "INTERNAL"
    assert job_error(_abi.ERR_UNSTABLE).code == "UNSTABLE" and isinstance(job_error(_abi.ERR_UNSTABLE), ValueError)


def test_keyboard_interrupt_frees_the_job():
    c = FakeCore([0, 0, 0, 1])

    def progress(f):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(c, lambda: 4096, "fakeStep", lambda job: None, on_progress=progress)
    assert c.freed == [4096]


def test_error_in_collect_frees_the_job():
    c = FakeCore([1])

    def collect(job):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_job(c, lambda: 4096, "fakeStep", collect)
    assert c.freed == [4096]


def test_begin_returning_zero_is_a_memory_error():
    c = FakeCore([])
    with pytest.raises(PlrfError) as e:
        run_job(c, lambda: 0, "fakeStep", lambda job: None)
    assert e.value.code == "MEMORY" and c.freed == []


def test_abi_table_format():
    assert _abi.STATUS_MORE == 0 and _abi.STATUS_DONE == 1
    for name, (params, result) in _abi.EXPORTS.items():
        assert all(t in ("i32", "f64") for t in params) and result in (None, "i32", "f64"), name
        assert len(_abi.PARAM_NAMES[name]) == len(params), name
    for status, e in _abi.ERRORS.items():
        assert status < 0 and isinstance(e["code"], str) and e["message"]
