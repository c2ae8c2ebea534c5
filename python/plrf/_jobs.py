"""Driving a resumable Wasm job (assembly/job.ts) from Python: ``xxxBegin(...) -> job``, then
``xxxStep(job, budget)`` until it returns STATUS_DONE, the results read with the job's accessors,
and ``jobFree(job)`` in every case (errors, KeyboardInterrupt). The mirror of src/core/job.ts.

The budget of each step (the job's work units) adapts so that one step takes about ``target``
seconds: a KeyboardInterrupt is served between steps, and ``on_progress`` is called with the job's
progress in [0, 1]. Results do not depend on the budgets (a job's state lives in Wasm memory).
"""

from __future__ import annotations

import time
from typing import Callable, Optional, TypeVar, Union

from . import _abi
from ._errors import PlrfError

T = TypeVar("T")


def job_error(status: int, explain: Optional[Callable[[int], Optional[str]]] = None,
              param: Optional[str] = None) -> PlrfError:
    """The PlrfError of a negative step() status (``ERRORS`` of :mod:`plrf._abi`); ``explain`` may
    give a more specific message."""
    e = _abi.ERRORS.get(status, {"code": "INTERNAL", "message": f"job failed with status {status}"})
    code, message = e["code"], e["message"]
    better = explain(status) if explain is not None else None
    return PlrfError(code, better if better is not None else message, param)


class Pacer:
    """Sizes the next step so that each takes about ``target`` seconds (doubling or halving)."""

    def __init__(self, target: float = 0.02, initial: int = 1):
        self.target = target
        self.units = max(1, int(initial))

    def run(self, fn: Callable[[int], T]) -> T:
        t = time.perf_counter()
        r = fn(self.units)
        dt = time.perf_counter() - t
        if dt < self.target / 2:
            self.units = min(self.units * 2, 2 ** 30)
        elif dt > self.target * 2 and self.units > 1:
            self.units = max(1, self.units // 2)
        return r


def step_job(core, job: int, step: Callable[[int, int], int], *, initial_units: int = 1,
             explain: Optional[Callable[[int], Optional[str]]] = None,
             param: Union[None, str, Callable[[int], Optional[str]]] = None,
             on_progress: Optional[Callable[[float], None]] = None, target: float = 0.006) -> None:
    """``jobSteps`` of src/core/job.ts: call ``step(job, units)`` with paced budgets until STATUS_DONE,
    reporting ``jobProgress`` between steps; raise the job's error on a negative status (``param``
    may depend on the status; ``step`` may raise a more specific error itself). The caller owns the
    job (frees it in a finally)."""
    pacer = Pacer(target, initial_units)
    while True:
        status = pacer.run(lambda units: step(job, units))
        if status == _abi.STATUS_DONE:
            return
        if status < 0:
            raise job_error(status, explain, param(status) if callable(param) else param)
        if status != _abi.STATUS_MORE:
            raise PlrfError("INTERNAL", f"a job step returned the unknown status {status}")
        if on_progress is not None:
            on_progress(min(1.0, max(0.0, core.jobProgress(job))))


def run_job(core, begin: Callable[[], int], step: str, collect: Callable[[int], T], *,
            initial_units: int = 1, target: float = 0.02,
            on_progress: Optional[Callable[[float], None]] = None,
            explain: Optional[Callable[[int], Optional[str]]] = None, param: Optional[str] = None) -> T:
    """Run a job to completion and return ``collect(job)`` (which copies the results out).

    :param core: the :class:`plrf._core.Core` the job lives in.
    :param begin: calls ``xxxBegin(...)`` and returns the job pointer (0: memory is short).
    :param step: the name of the step export, ``xxxStep(job, budget) -> status``.
    :param collect: reads the results through the job's accessors, before the job is freed.
    :param on_progress: called with ``jobProgress(job)`` between steps and with 1.0 at the end.
    :param explain: a more specific message for a negative status, or None.
    :param param: the option an error names.
    """
    step_fn = getattr(core, step)
    job = 0
    try:
        job = begin()
        if not job:
            raise PlrfError("MEMORY", "a Wasm allocation failed (the memory limit is reached)", param)
        pacer = Pacer(target, initial_units)
        while True:
            status = pacer.run(lambda units: step_fn(job, units))
            if status == _abi.STATUS_DONE:
                break
            if status < 0:
                raise job_error(status, explain, param)
            if status != _abi.STATUS_MORE:
                raise PlrfError("INTERNAL", f"{step} returned the unknown status {status}")
            if on_progress is not None:
                on_progress(min(1.0, max(0.0, core.jobProgress(job))))
        result = collect(job)
        if on_progress is not None:
            on_progress(1.0)
        return result
    finally:
        if job:
            core.jobFree(job)
