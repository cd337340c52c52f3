/**
 * The fixed part of the experiment's Python study (python-export.ts writes the tables above it): it loads
 * the exported Keras script (model.py: build_model, prepare, windows, training_starts), applies a sampled
 * point where the app applies it (apply.ts applyPoint) and trains one trial per Optuna trial:
 *
 *   layer kind   → the class build_model() instantiates for that layer (LAYERS[...]["classes"]),
 *   layer param  → the keyword argument(s) the layer kind's own Keras emitter writes for that value,
 *   training     → optimizer / learning rate / momentum / clip norm (compile), loss, batch size, epochs,
 *                  shuffle (fit), validation hold-out (model.py's training_starts),
 *   data         → model.py's preprocessing (PRE and the window-transform globals), the data-fed Input's
 *                  shape following the windows (as fitGraphToShape does in the app).
 *
 * Each epoch's metric goes to trial.report / trial.should_prune (Optuna's MedianPruner stands for the
 * app's median rule); a non-finite metric prunes at once, as in prune.ts. Nothing here is interpolated.
 */
export const PY_STUDY = String.raw`
# ---------------------------------------------------------------------------------------------
# The point applied as Layerloom applies it (src-shared/experiments/apply.ts)
# ---------------------------------------------------------------------------------------------

OPTIMIZERS = {"adam": "Adam", "rmsprop": "RMSprop", "sgd": "SGD", "adagrad": "Adagrad"}
LOSSES = {"mse": "mse", "mae": "mae", "huber": "huber", "binaryCrossentropy": "binary_crossentropy", "categoricalCrossentropy": "categorical_crossentropy"}


def snake(name):
    """camelCase -> snake_case, as the Keras export spells metric names (binaryAccuracy -> binary_accuracy)."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def suggest(trial):
    """The trial's point: one value per dimension, drawn by Optuna from the experiment's search space."""
    point = {}
    for d in SPACE:
        key = d["key"]
        if "values" in d:
            point[key] = trial.suggest_categorical(key, d["values"])
        elif d["int"]:
            point[key] = trial.suggest_int(key, d["low"], d["high"], log=d["log"])
        else:
            point[key] = trial.suggest_float(key, d["low"], d["high"], log=d["log"])
    return point


def trial_setup(point):
    """(training settings, data preparation values) at the point: the project's settings with the point's
    training and data dimensions set. Layer params and kinds are applied in build()."""
    settings = dict(SETTINGS)
    data = {}
    for d in SPACE:
        if d["target"] == "training":
            settings[d["field"]] = point[d["key"]]
        elif d["target"] == "data":
            data[d["field"]] = point[d["key"]]
    return settings, data


def layer_call(name, cls, kwargs, point):
    """(Keras class name, keyword arguments) of the layer called name at the point: its kind first (the
    kind's own arguments, shared params kept), then its params, as apply.ts does."""
    spec = LAYERS.get(name)
    if spec is None:
        return cls, kwargs
    kw = dict(kwargs)
    if spec["kind"] is not None:
        cls, base = spec["classes"][point[spec["kind"]]]
        kw = {**base, "name": name}
    for key, per_class in spec["params"].items():
        how = per_class[cls]
        value = point[key]
        if how[0] == "values":
            for arg, x in how[1][VALUES[key].index(value)].items():
                if x is _DROP:
                    kw.pop(arg, None)
                else:
                    kw[arg] = x
        else:
            kw[how[1]] = (value,) if how[2] else value
    return cls, kw


class _Layers:
    """Stands in for model.py's "layers" while build_model() runs: swept layers get the point's class and arguments."""

    def __init__(self, real, point):
        self._real, self._point = real, point

    def __getattr__(self, cls):
        real, point = self._real, self._point

        def make(*args, **kwargs):
            name = kwargs.get("name")
            if name not in LAYERS:
                return getattr(real, cls)(*args, **kwargs)
            use, kw = layer_call(name, cls, kwargs, point)
            return getattr(real, use)(*args, **kw)

        return make


class _Keras:
    """Stands in for model.py's "keras" while build_model() runs: the data-fed Input takes the windows' shape."""

    def __init__(self, real, shape):
        self._real, self._shape = real, tuple(int(s) for s in shape)

    def __getattr__(self, attr):
        real = getattr(self._real, attr)
        if attr != "Input":
            return real
        return lambda *args, **kw: real(*args, **({**kw, "shape": self._shape} if kw.get("name") in DATA_INPUTS else kw))


def build(model, point, input_shape):
    """model.build_model() at the point; input_shape is one sample's shape (the prepared windows')."""
    real_layers, real_keras = model.layers, model.keras
    model.layers, model.keras = _Layers(real_layers, point), _Keras(real_keras, input_shape)
    try:
        return model.build_model()
    finally:
        model.layers, model.keras = real_layers, real_keras


def use_data(model, data):
    """Sets model.py's preprocessing to the point's data values (the caller restores it)."""
    for field, value in data.items():
        if field == "windowTransform" and value == "auto":
            continue  # the run's own resolution of "auto", as exported
        model.PRE[field] = value
    pre = model.PRE
    model.TRANSFORM = (pre.get("windowTransform") or "level") if pre["task"] == "regression" and pre["mode"] == "sequence" else "level"
    model.WINDOW_SCALE = bool(pre.get("windowScale"))
    model.PERIOD = int(pre.get("seasonalPeriod") or 0)


# ---------------------------------------------------------------------------------------------
# One trial: prepare, build, compile, fit, report each epoch's metric for pruning
# ---------------------------------------------------------------------------------------------

def keras_metric():
    """METRIC as Keras logs it (val_binaryAccuracy -> val_binary_accuracy)."""
    return snake(METRIC)


def compile_args(keras, settings):
    opt = getattr(keras.optimizers, OPTIMIZERS[settings["optimizer"]])
    kw = {"learning_rate": settings["learningRate"]}
    if settings["optimizer"] in ("sgd", "rmsprop") and settings.get("momentum"):
        kw["momentum"] = settings["momentum"]
    if settings.get("clipNorm"):
        kw["clipnorm"] = settings["clipNorm"]
    metrics = [snake(m) for m in settings.get("metrics", [])]
    base = keras_metric()[4:] if keras_metric().startswith("val_") else keras_metric()
    if base != "loss" and base not in metrics:
        metrics.append(base)
    return {"optimizer": opt(**kw), "loss": LOSSES[settings["loss"]], "metrics": metrics}


def train_trial(model, table, point, report):
    """Trains the point on the CSV's training windows, validating on its validation windows;
    report(epoch, value) is called after every epoch (epoch 1, 2, ...)."""
    settings, data = trial_setup(point)
    saved = (copy.deepcopy(model.PRE), model.TRANSFORM, model.WINDOW_SCALE, model.PERIOD)
    try:
        use_data(model, data)
        prepared = model.prepare(table)
        starts = model.training_starts(prepared, settings["validationSplit"])
        x, y = model.windows(prepared, starts["train"])[:2]
        val = model.windows(prepared, starts["validation"])[:2]
        if len(x) == 0:
            raise ValueError(f"no training windows at this point ({data})")
        net = build(model, point, x.shape[1:])
        net.compile(**compile_args(model.keras, settings))
        name = keras_metric()

        class Report(model.keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                logs = logs or {}
                if name not in logs:
                    raise KeyError(f"{METRIC} is not among Keras's logs ({', '.join(sorted(logs))})")
                report(epoch + 1, float(logs[name]))

        extra = {"validation_data": val} if len(val[0]) else {}
        weights = model.class_weights(y)
        if weights is not None:
            extra["class_weight"] = weights
        net.fit(x, y, epochs=settings["epochs"], batch_size=settings["batchSize"], shuffle=settings["shuffle"], callbacks=[Report()], verbose=0, **extra)
    finally:
        model.PRE, model.TRANSFORM, model.WINDOW_SCALE, model.PERIOD = saved


def make_objective(model, table):
    def objective(trial):
        point = suggest(trial)
        curve = []

        def report(epoch, value):
            curve.append(value)
            trial.report(value, epoch)
            if not math.isfinite(value):
                raise optuna.TrialPruned(f"the metric is {value} at epoch {epoch} (diverged)")
            if trial.should_prune():
                raise optuna.TrialPruned(f"pruned at epoch {epoch} by the median rule")

        train_trial(model, table, point, report)
        finite = [v for v in curve if math.isfinite(v)]
        if not finite:
            raise ValueError(f"no finite {METRIC} was logged (is there a validation split?)")
        return min(finite) if DIRECTION == "minimize" else max(finite)

    return objective


def load_model_module(model_dir):
    """The exported Keras script (model.py and its preprocessing.json) in model_dir."""
    path = os.path.join(model_dir, "model.py")
    if not os.path.isfile(path):
        raise SystemExit(f"{path} not found: run this script from the keras/ folder of a Layerloom export (layerloom export <run> --format keras), or pass --model-dir")
    spec = importlib.util.spec_from_file_location("layerloom_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"Layerloom experiment {NAME!r} as an Optuna study on the exported Keras model")
    parser.add_argument("--csv", required=True, help="CSV with the columns the model was trained on")
    parser.add_argument("--model-dir", default=HERE, help="folder of the exported model.py (default: this script's)")
    parser.add_argument("--trials", type=int, default=N_TRIALS, help=f"trial budget (default {N_TRIALS})")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds; no new trial starts after it")
    parser.add_argument("--storage", help="Optuna storage URL shared by workers (e.g. postgresql://…, sqlite:///study.db): start the same command on every machine")
    parser.add_argument("--study-name", default=NAME)
    args = parser.parse_args(argv)
    model = load_model_module(args.model_dir)
    table = model.read_csv(args.csv)
    study = optuna.create_study(study_name=args.study_name, storage=args.storage, load_if_exists=args.storage is not None,
                                direction=DIRECTION, sampler=make_sampler(), pruner=make_pruner())
    # a point that makes the model invalid fails its trial with the reason; the study goes on (as in the app)
    study.optimize(make_objective(model, table), n_trials=args.trials, timeout=args.timeout, catch=(Exception,))
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    pruned = [t for t in study.trials if t.state == optuna.trial.TrialState.PRUNED]
    print(f"{len(study.trials)} trials: {len(done)} completed, {len(pruned)} pruned, {len(study.trials) - len(done) - len(pruned)} failed")
    if done:
        print("best", json.dumps(study.best_params), METRIC, study.best_value)
    return study


if __name__ == "__main__":
    main()
`;
