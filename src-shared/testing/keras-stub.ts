/**
 * Test-only (Node allowed here). Python text that imports model.py with `keras` replaced by a stub module:
 * every attribute is a recorder, every call is logged (path, argument shapes, keyword arguments). `predict` returns zeros, `list_devices` two GPUs.
 */
export const KERAS_STUB_PY = String.raw`
import importlib.util, json, sys, types
import numpy as np

CALLS = []

def _describe(v):
    if isinstance(v, np.ndarray):
        return {"shape": list(v.shape)}
    if isinstance(v, (list, tuple)):
        return [_describe(w) for w in v]
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    if isinstance(v, dict):
        return {str(k): _describe(w) for k, w in v.items()}
    return repr(v)

class Stub:
    units = 1
    def __init__(self, path):
        self._path = path
    def __repr__(self):
        return self._path
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub(self._path + "." + name)
    def __call__(self, *args, **kwargs):
        CALLS.append({"path": self._path, "args": [_describe(a) for a in args], "kwargs": {k: _describe(v) for k, v in kwargs.items()}})
        if self._path.endswith(".predict"):
            return np.zeros((len(args[0]), Stub.units), dtype=np.float32)
        if self._path.endswith("distribution.list_devices"):
            return ["gpu:0", "gpu:1"]
        return Stub(self._path + "()")

def _module(name):
    mod = types.ModuleType(name)
    mod.__getattr__ = lambda attr: Stub(name + "." + attr)
    return mod

for _name in ("keras", "keras.layers", "keras.regularizers"):
    sys.modules[_name] = _module(_name)
sys.modules["keras"].layers = sys.modules["keras.layers"]
sys.modules["keras"].regularizers = sys.modules["keras.regularizers"]

def load(path):
    spec = importlib.util.spec_from_file_location("exported_model", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    Stub.units = int(m.PRE["outputUnits"])
    return m
`;
