"""The Wasm core: loading the packaged ``.wasm`` with wasmtime, one shared instance, exports bound by
the signatures in :mod:`plrf._abi`, and memory helpers that move float64 arrays as numpy arrays.

Pointers are byte offsets into the exported memory (i32 values, read as unsigned). Memory may grow
during any call that allocates; numpy views from :meth:`Core.view_f64` are valid only until then,
copies (:meth:`Core.read_f64`) always.
"""

from __future__ import annotations

import os
import threading
from typing import Callable, Dict, Iterable, List, Optional, Sequence

import numpy as np

from . import _abi
from ._errors import PlrfError

WASM_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wasm")
WASM_FILES = {True: "plrf.wasm", False: "plrf-scalar.wasm"}


def wasm_path(simd: bool = True) -> str:
    """Path of the packaged build (SIMD or scalar)."""
    return os.path.join(WASM_DIR, WASM_FILES[bool(simd)])


class Core:
    """One instance of the plrf Wasm core.

    Exports are methods taking the ABI's plain numbers, converted to the i32/f64 types that
    :data:`plrf._abi.EXPORTS` gives (``core.traceD(400, 0.7)``). An export the loaded module lacks
    raises ``PlrfError('NOT_IMPLEMENTED')`` when used.

    :param source: a ``.wasm`` file, or module bytes; default: the packaged build.
    :param simd: which packaged build (SIMD, the default, or scalar) when ``source`` is not given.
    """

    def __init__(self, source: Optional[object] = None, simd: bool = True):
        try:
            import wasmtime
        except ImportError as e:  # pragma: no cover - wasmtime is a dependency
            raise PlrfError("NOT_INITIALISED", f"plrf needs the wasmtime package: {e}") from e
        if source is None:
            path = wasm_path(simd)
            if not os.path.isfile(path):
                raise PlrfError(
                    "NOT_INITIALISED",
                    f"the plrf Wasm core is missing: {path} does not exist. The package ships build/plrf.wasm and "
                    "build/plrf-scalar.wasm of the TypeScript build; in a source checkout run `npm ci` (or "
                    "`npm run build`) first, then install ./python again")
            self.source = path
            self.simd: Optional[bool] = bool(simd)
        else:
            self.source = source if isinstance(source, (str, os.PathLike)) else "<bytes>"
            self.simd = None
        self._wasmtime = wasmtime
        self.engine = wasmtime.Engine()
        self.store = wasmtime.Store(self.engine)
        if isinstance(source, (bytes, bytearray, memoryview)):
            module = wasmtime.Module(self.engine, bytes(source))
        else:
            module = wasmtime.Module.from_file(self.engine, os.fspath(self.source))
        self._instance = wasmtime.Instance(self.store, module, [])
        self._exports = self._instance.exports(self.store)
        self.memory = self._exports["memory"]
        self._bound: Dict[str, Callable] = {}
        self.lock = threading.RLock()

    # -- exports ----------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        """Whether the module exports function ``name``."""
        try:
            self._exports[name]
        except KeyError:
            return False
        return name in _abi.EXPORTS

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        bound = self._bound.get(name)
        if bound is None:
            bound = self._bind(name)
            self._bound[name] = bound
        return bound

    def _bind(self, name: str) -> Callable:
        sig = _abi.EXPORTS.get(name)
        if sig is None:
            raise AttributeError(f"the plrf ABI has no export {name!r}")
        try:
            func = self._exports[name]
        except KeyError:
            raise PlrfError("NOT_IMPLEMENTED", f"the loaded plrf Wasm core has no export {name!r} (an older build?)") from None
        params, result = sig
        store = self.store
        conv = tuple(float if t == "f64" else int for t in params)
        n = len(conv)
        unsigned = result == "i32" and name in _POINTER_RESULTS

        def call(*args):
            if len(args) != n:
                raise TypeError(f"{name} takes {n} arguments, got {len(args)}")
            r = func(store, *[c(a) for c, a in zip(conv, args)])
            return r & 0xFFFFFFFF if unsigned and r is not None else r

        call.__name__ = name
        call.__doc__ = f"{name}({', '.join(_abi.PARAM_NAMES.get(name, ()))}) -> {result}"
        return call

    # -- memory -----------------------------------------------------------------------------
    def alloc_f64(self, n: int) -> int:
        """Allocate room for n doubles (16-byte aligned); raise MEMORY if it fails."""
        nbytes = max(8, int(n) * 8)
        ptr = self.alloc(nbytes) if nbytes <= (2 ** 30 - 64) else 0
        if ptr == 0:
            raise PlrfError("MEMORY", f"could not allocate {n} doubles in Wasm memory")
        return ptr

    def _bytes(self, ptr: int, nbytes: int) -> bytes:
        return bytes(self.memory.read(self.store, ptr, ptr + nbytes))

    def read_f64(self, ptr: int, n: int) -> np.ndarray:
        """Copy n doubles at ptr into a new numpy float64 array."""
        n = int(n)
        if n == 0:
            return np.zeros(0, dtype=np.float64)
        return np.frombuffer(self._bytes(ptr, 8 * n), dtype="<f8").astype(np.float64, copy=True)

    def read_f32(self, ptr: int, n: int) -> np.ndarray:
        """Copy n float32 values at ptr, promoted (exactly) to float64."""
        return np.frombuffer(self._bytes(ptr, 4 * int(n)), dtype="<f4").astype(np.float64)

    def read_bytes(self, ptr: int, nbytes: int) -> bytes:
        """Copy raw bytes out of Wasm memory."""
        return self._bytes(ptr, nbytes)

    def view_f64(self, ptr: int, n: int) -> np.ndarray:
        """A numpy view of n doubles at ptr (valid until the next call that may grow memory)."""
        import ctypes

        base = self.memory.data_ptr(self.store)
        addr = ctypes.addressof(base.contents) + ptr
        buf = (ctypes.c_double * int(n)).from_address(addr)
        return np.ctypeslib.as_array(buf)

    def write_f64(self, ptr: int, values: Iterable[float]) -> None:
        """Copy doubles into Wasm memory at ptr."""
        data = np.ascontiguousarray(np.asarray(values, dtype=np.float64)).astype("<f8", copy=False).tobytes()
        if data:
            self.memory.write(self.store, data, ptr)

    def fill_f64(self, ptr: int, n: int, value: float = 0.0) -> None:
        """Set n doubles at ptr to value."""
        if n:
            self.memory.write(self.store, np.full(int(n), value, dtype="<f8").tobytes(), ptr)

    def blocks(self, *lengths: int) -> "Blocks":
        """Temporary float64 blocks, freed on exit: ``with core.blocks(n, m) as (a, b): ...``."""
        return Blocks(self, lengths)


# Exports whose i32 result is a pointer (read as unsigned).
_POINTER_RESULTS = frozenset({"alloc"}) | frozenset(n for n in _abi.EXPORTS if n.endswith("Begin"))


class Blocks:
    """Float64 blocks in Wasm memory, released together (a context manager)."""

    def __init__(self, core: Core, lengths: Sequence[int]):
        self.core = core
        self.lengths = lengths
        self.ptrs: List[int] = []

    def __enter__(self) -> List[int]:
        try:
            for n in self.lengths:
                self.ptrs.append(self.core.alloc_f64(n))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self.ptrs

    def __exit__(self, *exc) -> bool:
        for p in self.ptrs:
            self.core.free(p)
        self.ptrs = []
        return False


_shared: Optional[Core] = None
_shared_lock = threading.Lock()


def init(simd: Optional[bool] = None, source: Optional[object] = None) -> Core:
    """Load the Wasm core that every function of the package uses (the TypeScript ``init``).

    Called implicitly on first use with the SIMD build. Call it to choose the scalar build
    (``init(simd=False)``) or another module (``source`` = path or bytes); calling it again with
    other options loads a new instance for later calls (objects created before keep theirs).
    """
    global _shared
    with _shared_lock:
        want_simd = True if simd is None else bool(simd)
        if _shared is not None and source is None and _shared.simd == want_simd:
            return _shared
        if _shared is not None and simd is None and source is None:
            return _shared
        _shared = Core(source, want_simd)
        return _shared


def core() -> Core:
    """The shared core (loaded on first use)."""
    c = _shared
    return c if c is not None else init()


def is_simd() -> bool:
    """Whether the shared core is the SIMD build."""
    return core().simd is True
