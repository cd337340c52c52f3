/**
 * The training-sample part of the generated `model.py`, after the preprocessing (keras-preprocessing.ts):
 *   prepare.ts  stratifiedBlocks (split strategy `stratified-blocks`: contiguous blocks per group, class-
 *               balanced, then pairwise swaps that put a missing class into a split), re-implemented step
 *               for step so a new CSV is split as the app would split it;
 *   loop.ts     withValidation (no validation split: the last `validationSplit` of the training samples
 *               validate) and resolveClassWeights ('balanced' = n / (classes × n_class) over the training
 *               samples, a class without samples 1; or a weight per label, others 1).
 * keras-parity.test.ts compares split indices and class weights with the app's.
 * Fixed text: the training settings reach it as TRAINING (JSON, see keras.ts); nothing is interpolated here.
 */
export const PY_TRAINING = String.raw`# ---------------------------------------------------------------------------------------------
# Training samples: the split strategy, the validation hold-out and class weights, as in the app
# (src-shared/data/prepare.ts stratifiedBlocks, src-shared/train/loop.ts withValidation and
# resolveClassWeights).
# ---------------------------------------------------------------------------------------------

STRATIFIED_CHUNKS = 20
SPLIT_NAMES = ("train", "validation", "test")


def class_codes(y):
    """Class index of each row of encoded targets: 0/1 (binary, one output) or the one-hot's position."""
    y = np.asarray(y)
    return (y[:, 0] > 0.5).astype(np.int64) if y.shape[1] == 1 else np.argmax(y, axis=1)


def _js_round(v):
    return math.floor(v + 0.5)  # JavaScript's Math.round (halves up), not Python's banker's rounding


def stratified_blocks(groups, span, stride, offset, frac, codes, n_classes):
    """Per group {split: [(start, end), ...]}: the app's stratified-blocks split of the matrix rows.

    Each group is cut into up to STRATIFIED_CHUNKS chunks (each at least two windows long), assigned to
    train / validation / test in class-balanced segments; then chunk pairs swap splits while that puts a
    missing class into a split without taking one from another. A window belongs to a split only when it
    lies inside one of its blocks, so no window crosses a split boundary.
    """
    chunks, assign = [], []
    for gi, (_, gs, ge) in enumerate(groups):
        length = ge - gs
        size = max(2 * span, math.ceil(length / STRATIFIED_CHUNKS))
        n = max(1, length // size)
        n_test = max(1, _js_round(n * frac["test"])) if frac["test"] > 0 else 0
        n_val = max(1, _js_round(n * frac["validation"])) if frac["validation"] > 0 else 0
        n_train = n - n_test - n_val
        if n_train < 1:  # too short to interleave: one chronological cut
            a = gs + math.floor(length * frac["train"] + 1e-9)
            b = a + math.floor(length * frac["validation"] + 1e-9)
            chunks += [(gi, gs, a), (gi, a, b), (gi, b, ge)]
            assign += ["train", "validation", "test"]
            continue
        segs = max(1, min(n_val or math.inf, n_test or math.inf, n_train))
        share = lambda total, j: ((j + 1) * total) // segs - (j * total) // segs
        order = []
        for j in range(segs):
            order += ["train"] * share(n_train, j) + ["validation"] * share(n_val, j) + ["test"] * share(n_test, j)
        for c in range(n):
            chunks.append((gi, gs + c * size, ge if c == n - 1 else gs + (c + 1) * size))
            assign.append(order[c])

    wanted = lambda sp: sp == "train" or frac[sp] > 0
    per_chunk = []
    for _, a, b in chunks:
        cnt = [0] * n_classes
        for st in range(a, b - span + 1, stride):
            cnt[codes[st + offset]] += 1
        per_chunk.append(cnt)
    by_split = {sp: [0] * n_classes for sp in SPLIT_NAMES}
    for c, cnt in enumerate(per_chunk):
        for k, v in enumerate(cnt):
            by_split[assign[c]][k] += v

    def gain(k, j):
        x_split, y_split = assign[k], assign[j]
        d = 0
        for c in range(n_classes):
            x0, y0 = by_split[x_split][c], by_split[y_split][c]
            x1 = x0 - per_chunk[k][c] + per_chunk[j][c]
            y1 = y0 - per_chunk[j][c] + per_chunk[k][c]
            if wanted(x_split):
                d += (x1 > 0) - (x0 > 0)
            if wanted(y_split):
                d += (y1 > 0) - (y0 > 0)
        return d

    def swap_once():
        for sp in SPLIT_NAMES:
            if not wanted(sp):
                continue
            for cls in range(n_classes):
                if by_split[sp][cls] > 0:
                    continue
                for k in range(len(chunks)):
                    if assign[k] == sp or per_chunk[k][cls] == 0:
                        continue
                    for j in range(len(chunks)):
                        if assign[j] != sp or gain(k, j) <= 0:
                            continue
                        x_split = assign[k]
                        for c in range(n_classes):
                            by_split[x_split][c] += per_chunk[j][c] - per_chunk[k][c]
                            by_split[sp][c] += per_chunk[k][c] - per_chunk[j][c]
                        assign[k], assign[j] = sp, x_split
                        return True
        return False

    for _ in range(200):
        if not swap_once():
            break

    blocks = [{sp: [] for sp in SPLIT_NAMES} for _ in groups]
    for (gi, a, b), sp in zip(chunks, assign):
        if b <= a:
            continue
        lst = blocks[gi][sp]
        if lst and lst[-1][1] == a:
            lst[-1] = (lst[-1][0], b)
        else:
            lst.append((a, b))
    return blocks


_prepare_rows = prepare


def prepare(table):
    """The preparation above, with the split strategy of preprocessing.json (stratified-blocks: sequence
    classification) applied to the window starts."""
    prepared = _prepare_rows(table)
    if PRE.get("splitStrategy") == "stratified-blocks" and PRE["mode"] == "sequence" and PRE["task"] != "regression" and prepared["y"] is not None:
        frac = PRE.get("split") or {"train": 0.7, "validation": 0.15, "test": 0.15}
        offset = prepared["offset"]
        blocks = stratified_blocks(prepared["groups"], offset + 1, PRE["stride"], offset, frac, class_codes(prepared["y"]), len(PRE["classes"]))
        prepared["blocks"] = blocks
        prepared["splits"] = {
            sp: sorted(s for g in blocks for a, b in g[sp] for s in range(a, b - offset, PRE["stride"])) for sp in SPLIT_NAMES
        }
    return prepared


def training_starts(prepared, validation_split=None):
    """{train|validation|test: window starts} the app trains, validates and tests on: with no validation
    split, the last validation_split (TRAINING's by default) of the training samples validate."""
    fraction = TRAINING.get("validationSplit", 0) if validation_split is None else validation_split
    starts = {sp: list(prepared["splits"][sp]) for sp in SPLIT_NAMES}
    train = starts["train"]
    n_val = math.floor(len(train) * fraction)
    if not starts["validation"] and fraction > 0 and n_val >= 1 and len(train) - n_val >= 1:
        starts["train"], starts["validation"] = train[:len(train) - n_val], train[len(train) - n_val:]
    return starts


def class_weights(y_train, setting=None):
    """Keras class_weight {class index: weight} from TRAINING's classWeights: "balanced" gives
    n / (classes x n_class) over the training samples (a class without samples 1), a {label: weight}
    record its weights (other labels 1); None for "none" and for regression."""
    setting = TRAINING.get("classWeights", "none") if setting is None else setting
    if setting == "none" or PRE["task"] == "regression" or not PRE["classes"]:
        return None
    classes = PRE["classes"]
    if setting == "balanced":
        codes = class_codes(y_train) if len(y_train) else np.zeros(0, np.int64)
        counts = np.bincount(codes, minlength=len(classes))
        return {c: float(len(codes) / (len(classes) * n)) if n > 0 else 1.0 for c, n in enumerate(counts.tolist())}
    unknown = [label for label in setting if label not in classes]
    if unknown:
        raise ValueError("Class weights name " + ", ".join(json.dumps(u) for u in unknown) + ", not among the classes (" + ", ".join(classes) + ").")
    return {c: float(setting.get(label, 1)) for c, label in enumerate(classes)}
`;
