"""Model files: model.safetensors (the weights) + model.json (everything else). Never pickle.

A pickle (torch.save's .pt/.pth, .pkl) runs arbitrary code when loaded, so a model someone uploads
must never be one. Loading reads the JSON with json and the tensors with safetensors, and checks
both before building anything: required keys and their types, tensor names and shapes against the
config, finite values, sizes under a cap. Anything else is refused with a ModelFileError.

Also here: csv_safe, which guards the CSV files the app and the CLI write against formula injection.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from dataclasses import MISSING, asdict, fields
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from lstm_core import limits
from lstm_core.data.windows import Scaler
from lstm_core.errors import GatescopeError
from lstm_core.forecast.forecaster import BASELINES, Forecaster, ForecasterConfig
from lstm_core.forecast.train import TrainConfig, TrainResult

FORMAT = "gatescope-forecaster"
SCHEMA_VERSION = 1
JSON_NAME, TENSORS_NAME = "model.json", "model.safetensors"
MAX_JSON_BYTES, MAX_TENSOR_BYTES = limits.MAX_JSON_BYTES, limits.MAX_TENSOR_BYTES
MAX_ZIP_BYTES = limits.MAX_UPLOAD_BYTES  # a model zip is one upload, under the same cap as a CSV
REFUSED_SUFFIXES = (".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib", ".bin", ".npy", ".npz")


class ModelFileError(GatescopeError):
    """A model file is missing, malformed, unsafe (pickle) or does not match its config."""


# ---------------------------------------------------------------- writing


def json_safe(obj):
    """A copy fit for strict JSON: NaN and inf become null, NumPy scalars plain numbers."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):  # numpy scalars
        return json_safe(obj.item())
    return obj


def metrics_report(result: TrainResult) -> dict:
    """What metrics.json holds, for the CLI and the app's download alike.

    The three held-out scores side by side at the top (MAE, RMSE, sMAPE, MASE; seasonal_naive is null when
    the series has no season, and held_out.seasonal_naive_reason says why), then the details of the run.
    """
    return {
        "target": result.target,
        "columns": list(result.columns),
        "horizon": result.horizon,
        "window": result.window,
        "model": result.metrics.get("lstm"),
        "naive": result.metrics.get("naive"),
        "seasonal_naive": result.metrics.get("seasonal_naive"),
        "held_out": result.metrics,
        "intervals": result.intervals,
        "stop_reason": result.stop_reason,
        "best_epoch": result.best_epoch,
        "epochs_run": len(result.history),
        "train_time_s": result.train_time_s,
        "device": result.device,
        "data": result.data,
    }


def metrics_json_bytes(result: TrainResult) -> bytes:
    """metrics_report as strict JSON (no NaN), UTF-8."""
    doc = json_safe(metrics_report(result))
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False).encode("utf-8")


def model_json(result: TrainResult) -> dict:
    """The JSON half of a model file."""
    mc = result.model.config
    return json_safe(
        {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "model_config": asdict(mc),
            "train_config": asdict(result.config),
            "scaler": result.scaler.to_dict(),
            "columns": list(result.columns),
            "target": result.target,
            "frequency": result.frequency,
            "window": mc.window,
            "horizon": mc.horizon,
            "metrics": result.metrics,
            "intervals": result.intervals,
            "history": result.history,
            "train_time_s": float(result.train_time_s),
            "device": result.device,
            "stop_reason": result.stop_reason,
            "best_epoch": int(result.best_epoch),
            "data": result.data,
        }
    )


def _tensor_bytes(result: TrainResult) -> bytes:
    state = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in result.model.state_dict().items()}
    return save_safetensors(state, metadata={"format": FORMAT, "schema_version": str(SCHEMA_VERSION)})


def save_model(directory: str | Path, result: TrainResult) -> Path:
    """Write DIRECTORY/model.safetensors and DIRECTORY/model.json; returns the directory."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    (out / TENSORS_NAME).write_bytes(_tensor_bytes(result))
    (out / JSON_NAME).write_text(json.dumps(model_json(result), indent=2, allow_nan=False), encoding="utf-8")
    return out


def model_zip_bytes(result: TrainResult) -> bytes:
    """A zip holding model.json and model.safetensors, for a download button."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(JSON_NAME, json.dumps(model_json(result), indent=2, allow_nan=False))
        zf.writestr(TENSORS_NAME, _tensor_bytes(result))
    return buf.getvalue()


# ---------------------------------------------------------------- reading


def _refuse_unsafe(data: bytes, name: str) -> None:
    if data[:1] == b"\x80":
        raise ModelFileError(f"{name} is a pickle (starts with the pickle protocol byte 0x80); pickles can run code "
                             "when loaded, so Gatescope refuses them. Use model.safetensors + model.json.")  # fmt: skip
    if data[:4] == b"PK\x03\x04":
        raise ModelFileError(f"{name} is a zip archive (as torch.save writes, with a pickle inside); refused. "
                             "Use model.safetensors + model.json, or upload the zip Gatescope itself made.")


def _check_safetensors_header(data: bytes, name: str) -> None:
    """safetensors: 8-byte little-endian header length, then a JSON header starting with '{'."""
    _refuse_unsafe(data, name)
    if len(data) < 10:
        raise ModelFileError(f"{name} is too short to be a safetensors file ({len(data)} bytes)")
    n = int.from_bytes(data[:8], "little")
    if not 2 <= n <= len(data) - 8 or data[8:9] != b"{":
        raise ModelFileError(f"{name} is not a safetensors file (bad header)")


def _fail(msg: str):
    raise ModelFileError(f"model.json: {msg}")


def _get(d: dict, key: str, types: tuple, where: str = ""):
    if key not in d:
        _fail(f"missing required key {where}{key!r}")
    v = d[key]
    ok = isinstance(v, types) and not (isinstance(v, bool) and bool not in types)
    if not ok:
        names = " or ".join("null" if t is type(None) else t.__name__ for t in types)
        _fail(f"{where}{key!r} must be {names}, got {type(v).__name__}")
    return v


def _numbers(v, n: int, what: str, positive: bool = False) -> list[float]:
    if not isinstance(v, list) or len(v) != n:
        _fail(f"{what} must be a list of {n} numbers")
    for x in v:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or (positive and x <= 0):
            _fail(f"{what} must hold {n} finite{' positive' if positive else ''} numbers, found {x!r}")
    return [float(x) for x in v]


NUM, INT, OPT_INT = (int, float), (int,), (int, type(None))


def _model_config(d: dict) -> ForecasterConfig:
    w = "model_config."
    cfg = ForecasterConfig(
        n_features=_get(d, "n_features", INT, w),
        window=_get(d, "window", INT, w),
        horizon=_get(d, "horizon", INT, w),
        hidden_size=_get(d, "hidden_size", INT, w),
        num_layers=_get(d, "num_layers", INT, w),
        dropout=float(_get(d, "dropout", NUM, w)),
        baseline=_get(d, "baseline", (str,), w),
        season=_get(d, "season", OPT_INT, w),
        residual_scale=float(_get(d, "residual_scale", NUM, w)),
        level_rows=_get(d, "level_rows", INT, w) if "level_rows" in d else 0,  # absent in files before it
    )
    if cfg.baseline not in BASELINES:
        _fail(f"model_config.baseline must be one of {', '.join(BASELINES)}, got {limits.clip(cfg.baseline)}")
    if not (math.isfinite(cfg.residual_scale) and cfg.residual_scale > 0):
        _fail(f"model_config.residual_scale must be a finite positive number, got {cfg.residual_scale}")
    try:
        cfg.validate()
    except ValueError as exc:
        _fail(f"model_config.{exc}" if str(exc).split(" ", 1)[0] in limits.LIMITS else f"model_config: {exc}")
    return cfg


def _train_config(d: dict) -> TrainConfig:
    """Known fields only, each of its default's type (an int may stand for a float; None where the default is)."""
    kwargs = {}
    for f in fields(TrainConfig):
        if f.name not in d:
            continue
        v = d[f.name]
        default = f.default_factory() if f.default_factory is not MISSING else f.default  # a setting's default
        is_int = isinstance(v, int) and not isinstance(v, bool)
        if f.name == "features":
            ok = v is None or (isinstance(v, list) and all(isinstance(c, str) for c in v))
        elif f.name == "non_negative":
            ok = v is None or isinstance(v, bool)
        elif isinstance(default, str):
            ok = isinstance(v, str)
        elif isinstance(default, float):
            ok = is_int or isinstance(v, float)
        else:  # int, or int | None where the default is None
            ok = is_int or (v is None and default is None)
        if not ok:
            _fail(f"train_config.{f.name} has the wrong type: {limits.clip(v)}")
        if f.name in limits.LIMITS and not (v is None or limits.in_range(f.name, v)):
            _fail(limits.limit_error(f.name, v, "train_config."))
        if f.name == "features" and v is not None and len(v) >= limits.LIMITS["n_features"].high:
            _fail(limits.limit_error("n_features", len(v) + 1, "train_config.features: "))
        kwargs[f.name] = v
    return TrainConfig(**kwargs)


def _expected_shapes(cfg: ForecasterConfig) -> dict[str, tuple[int, ...]]:
    """Tensor names and shapes of a Forecaster's state dict, computed without allocating it."""
    h, shapes = cfg.hidden_size, dict[str, tuple[int, ...]]()
    for k in range(cfg.num_layers):
        shapes[f"lstm.weight_ih_l{k}"] = (4 * h, cfg.lstm_input_size if k == 0 else h)
        shapes[f"lstm.weight_hh_l{k}"] = (4 * h, h)
        shapes[f"lstm.bias_ih_l{k}"] = (4 * h,)
        shapes[f"lstm.bias_hh_l{k}"] = (4 * h,)
    shapes["head.weight"] = (cfg.horizon, h)
    shapes["head.bias"] = (cfg.horizon,)
    return shapes


def _build(meta: dict, tensors_data: bytes) -> TrainResult:
    if not isinstance(meta, dict):
        _fail("the top level must be an object")
    fmt = _get(meta, "format", (str,))
    if fmt != FORMAT:
        _fail(f"format must be {FORMAT!r}, got {limits.clip(fmt)}")
    version = _get(meta, "schema_version", INT)
    if version != SCHEMA_VERSION:
        _fail(f"schema_version {version} is not supported (this Gatescope reads {SCHEMA_VERSION})")
    _get(meta, "created", (str,))
    cfg = _model_config(_get(meta, "model_config", (dict,)))
    tcfg = _train_config(_get(meta, "train_config", (dict,)))
    columns = _get(meta, "columns", (list,))
    if len(columns) != cfg.n_features or not all(isinstance(c, str) for c in columns):
        _fail(f"columns must be a list of {cfg.n_features} names (model_config.n_features)")
    if any(len(c) > limits.MAX_COLUMN_NAME for c in columns):
        _fail(f"a column name is longer than {limits.MAX_COLUMN_NAME} characters")
    target = _get(meta, "target", (str,))
    if not columns or target != columns[0]:
        _fail(f"target {limits.clip(target)} must be the first column ({limits.clip(columns[0])})")
    frequency = _get(meta, "frequency", (str, type(None)))
    for key, want in (("window", cfg.window), ("horizon", cfg.horizon)):
        if _get(meta, key, INT) != want:
            _fail(f"{key} {meta[key]} differs from model_config.{key} {want}")
    sd = _get(meta, "scaler", (dict,))
    if _get(sd, "method", (str,), "scaler.") != "standard" or _get(sd, "columns", (list,), "scaler.") != columns:
        _fail("scaler must be method 'standard' over the model's columns")
    scaler = Scaler(columns, _numbers(sd.get("mean"), len(columns), "scaler.mean"),
                    _numbers(sd.get("std"), len(columns), "scaler.std", positive=True))  # fmt: skip
    intervals = _get(meta, "intervals", (dict,))
    for key in ("lower_q", "upper_q"):
        intervals[key] = _numbers(intervals.get(key), cfg.horizon, f"intervals.{key}")
    metrics = _get(meta, "metrics", (dict,))
    train_time = float(_get(meta, "train_time_s", NUM))
    device = _get(meta, "device", (str,))
    history = meta.get("history", [])
    if not isinstance(history, list) or len(history) > limits.LIMITS["epochs"].high + 1:
        _fail(f"history must be a list of at most {limits.LIMITS['epochs'].high + 1:g} epochs")

    _check_safetensors_header(tensors_data, TENSORS_NAME)
    try:
        tensors = load_safetensors(tensors_data)
    except (SafetensorError, ValueError, RuntimeError) as exc:
        raise ModelFileError(f"{TENSORS_NAME} cannot be read: {limits.clip(str(exc), 200)}") from None
    expected = _expected_shapes(cfg)
    if set(tensors) != set(expected):
        extra, missing = sorted(set(tensors) - set(expected)), sorted(set(expected) - set(tensors))
        raise ModelFileError(f"{TENSORS_NAME} does not match model.json: {len(extra)} unexpected tensor(s) "
                             f"{limits.clip(extra[:3], 120)}, {len(missing)} missing {limits.clip(missing[:3], 120)}")
    for name, shape in expected.items():
        t = tensors[name]
        if tuple(t.shape) != shape:
            raise ModelFileError(f"{TENSORS_NAME}: {name} has shape {tuple(t.shape)}, expected {shape} from model.json")
        if t.dtype != torch.float32:
            raise ModelFileError(f"{TENSORS_NAME}: {name} is {t.dtype}, expected torch.float32")
        if not torch.isfinite(t).all():
            raise ModelFileError(f"{TENSORS_NAME}: {name} holds NaN or infinite values")
    model = Forecaster(cfg)
    model.load_state_dict(tensors)
    model.eval()
    return TrainResult(
        model=model, config=tcfg, scaler=scaler, columns=list(columns), target=target, frequency=frequency,
        history=history, metrics=metrics, intervals=intervals, train_time_s=train_time, device=device,
        stop_reason=str(meta.get("stop_reason", "completed")), best_epoch=int(meta.get("best_epoch", 0) or 0),
        data=meta.get("data", {}) if isinstance(meta.get("data"), dict) else {},
    )  # fmt: skip


def load_model_bytes(json_data: bytes, tensors_data: bytes) -> TrainResult:
    """Build a model from the bytes of model.json and model.safetensors, after checking both."""
    if len(json_data) > MAX_JSON_BYTES or len(tensors_data) > MAX_TENSOR_BYTES:
        raise ModelFileError(f"model files too large (caps: {MAX_JSON_BYTES} bytes JSON, {MAX_TENSOR_BYTES} tensors)")
    _refuse_unsafe(json_data, JSON_NAME)
    return _build(parse_json(json_data), tensors_data)


_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def json_depth(data: bytes) -> int:
    """The deepest nesting of brackets in JSON text (brackets inside strings do not count), without parsing it."""
    bare = np.frombuffer(_STRINGS.sub(b'""', data), dtype=np.uint8)
    steps = (np.isin(bare, (ord("["), ord("{"))).astype(np.int32) - np.isin(bare, (ord("]"), ord("}"))))
    return int(np.cumsum(steps).max(initial=0))


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > limits.MAX_INT_DIGITS:
        _fail(f"a whole number of {len(text.lstrip('-'))} digits (at most {limits.MAX_INT_DIGITS})")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        _fail(f"the number {limits.clip(text)} is too large for a 64-bit float (at most about 1.8e308)")
    return value


def _json_constant(name: str):
    _fail(f"{name} is not a number JSON allows (Gatescope writes null for a missing value)")


def parse_json(data: bytes) -> dict:
    """model.json's bytes as an object, refusing deep nesting, huge integers and non-finite numbers first."""
    depth = json_depth(data)
    if depth > limits.MAX_JSON_DEPTH:
        _fail(f"brackets nested {depth} deep (at most {limits.MAX_JSON_DEPTH})")
    try:
        meta = json.loads(data.decode("utf-8"), parse_int=_json_int, parse_float=_json_float,
                          parse_constant=_json_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelFileError(f"{JSON_NAME} is not valid UTF-8 JSON: {limits.clip(str(exc), 200)}") from None
    if not isinstance(meta, dict):
        _fail("the top level must be an object")
    return meta


def _read_capped(path: Path, cap: int) -> bytes:
    if path.suffix.lower() in REFUSED_SUFFIXES:
        raise ModelFileError(f"refusing {path.name}: {path.suffix} files are pickles, which can run code when "
                             "loaded. Gatescope loads only model.safetensors + model.json.")  # fmt: skip
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    if path.stat().st_size > cap:
        raise ModelFileError(f"{path.name} is {path.stat().st_size} bytes, over the cap of {cap}")
    return path.read_bytes()


def load_model(source: str | Path | tuple | list) -> TrainResult:
    """Load a model from a directory, from model.json or model.safetensors (its partner beside it), or a pair."""
    if isinstance(source, (tuple, list)):
        paths = [Path(p) for p in source]
        json_path = next((p for p in paths if p.suffix.lower() == ".json"), None)
        st_path = next((p for p in paths if p.suffix.lower() == ".safetensors"), None)
        for p in paths:
            _read_capped(p, 0) if p.suffix.lower() in REFUSED_SUFFIXES else None
        if json_path is None or st_path is None:
            raise ModelFileError("give one .json and one .safetensors file")
    else:
        p = Path(source)
        if p.is_dir():
            json_path, st_path = p / JSON_NAME, p / TENSORS_NAME
        elif p.suffix.lower() == ".json":
            json_path, st_path = p, p.with_suffix(".safetensors")
        elif p.suffix.lower() == ".safetensors":
            json_path, st_path = p.with_suffix(".json"), p
        elif p.suffix.lower() == ".zip":
            return load_model_zip(_read_capped(p, MAX_ZIP_BYTES))
        else:
            _read_capped(p, 0)  # refuses pickles by suffix, or says the file is missing
            raise ModelFileError(f"{p.name}: expected a directory, model.json, model.safetensors or a .zip")
    return load_model_bytes(_read_capped(json_path, MAX_JSON_BYTES), _read_capped(st_path, MAX_TENSOR_BYTES))


def load_model_zip(data: bytes, max_bytes: int = MAX_ZIP_BYTES) -> TrainResult:
    """Load an uploaded zip holding model.json and model.safetensors (optionally inside one folder)."""
    if len(data) > max_bytes:
        raise ModelFileError(f"the upload is {len(data)} bytes, over the cap of {max_bytes}")
    if data[:1] == b"\x80":
        _refuse_unsafe(data, "the upload")
    if data[:4] != b"PK\x03\x04":
        raise ModelFileError("the upload is not a zip file (expected model.json + model.safetensors in a zip)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            names = sorted(i.filename.rsplit("/", 1)[-1] for i in infos)
            if any(n.endswith((".pkl", ".pickle")) or n == "data" for n in names):
                raise ModelFileError("the zip holds a pickle (a torch.save checkpoint?); refused. "
                                     "Gatescope loads only model.json + model.safetensors.")  # fmt: skip
            if names != [JSON_NAME, TENSORS_NAME]:
                raise ModelFileError(f"the zip must hold exactly {JSON_NAME} and {TENSORS_NAME}, found "
                                     f"{len(names)} file(s): {limits.clip(names[:4], 160)}")
            parts = {}
            for info in infos:
                name = info.filename.rsplit("/", 1)[-1]
                cap = MAX_JSON_BYTES if name == JSON_NAME else MAX_TENSOR_BYTES
                if info.file_size > cap:
                    raise ModelFileError(f"{name} in the zip is {info.file_size} bytes, over the cap of {cap}")
                with zf.open(info) as fh:
                    parts[name] = fh.read(cap + 1)  # never trust the declared size: a zip bomb lies
                if len(parts[name]) > cap:
                    raise ModelFileError(f"{name} in the zip is over the cap of {cap} bytes")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ModelFileError(f"the zip cannot be read: {limits.clip(str(exc), 200)}") from None
    return load_model_bytes(parts[JSON_NAME], parts[TENSORS_NAME])


# ---------------------------------------------------------------- CSV output


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(v):
    """A text cell that would start a spreadsheet formula gets a leading apostrophe; anything else is kept."""
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot start a spreadsheet formula: "=1+2" -> "'=1+2".

    Numbers, datetimes and other non-text cells are left as they are, so -3.5 stays a number.
    """
    out = df.copy()
    out.columns = [escape_formula(c) for c in out.columns]
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out.iloc[:, i] = s.map(escape_formula)
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index.dtype):
        out.index = out.index.map(escape_formula)
    return out
