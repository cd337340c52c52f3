/**
 * The preprocessing part of the generated `model.py`: Layerloom's data preparation in Python + numpy,
 * driven by preprocessing.json. It mirrors, step for step:
 *   values.ts  parseNum / isMissingText / isInfinityText / parseBool / parseDate (parse_num, …);
 *   csv.ts     column typing (a column is numeric until its first text value, whose earlier numbers
 *              become their String(n) text), header names;
 *   prepare.ts row filter and order (group, then date, stable), missing values (drop / ffill within a
 *              group / mean), splits (chronological per group, or the seeded mulberry32 shuffle),
 *              feature matrix, targets and class labels (labelOf), windows.
 * Keep it in step with those files; keras-parity.test.ts compares the two on random CSVs.
 * Fixed text: nothing from the project is interpolated here.
 */
export const PY_PREPROCESSING = String.raw`# ---------------------------------------------------------------------------------------------
# Preprocessing: Layerloom's own (src-shared/data/prepare.ts), driven by preprocessing.json.
# Rows without a target, date or group value are dropped; rows are sorted by group, then date; the
# split is chronological per group (tabular: a seeded shuffle); statistics are the training split's.
# ---------------------------------------------------------------------------------------------

with open(PREPROCESSING_FILE, encoding="utf-8") as _f:
    PRE = json.load(_f)

# JavaScript's String.prototype.trim() removes these
_SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?\s*(Z|[+-][0-9]{2}:?[0-9]{2})?)?")
_MISSING = {"", "na", "n/a", "nan", "null", "none", "#n/a", "nil", "-", "?", "."}
_INFINITY = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_TRUE = {"true", "yes", "t", "y"}
_FALSE = {"false", "no", "f", "n"}
DAY_MS = 86400000


def parse_num(s, decimal_comma=False):
    """A plain decimal number ("-1.5", "3e4", ".5"; "1,5" and "1.234,5" with a decimal comma), else nan."""
    if not s:
        return math.nan
    if s[0] in " \t" or s[-1] in " \t":
        t = s.strip(_SPACE)
        return math.nan if len(t) == len(s) else parse_num(t, decimal_comma)
    if not (s[0] in "0123456789-+." or (decimal_comma and s[0] == ",")):
        return math.nan
    if not (s[-1] in "0123456789." or (decimal_comma and s[-1] == ",")):
        return math.nan
    if len(s) > 1 and s[1].lower() in "xbo":
        return math.nan
    if decimal_comma and "," in s:
        s = (s.replace(".", "") if "." in s else s).replace(",", ".", 1)
        if "," in s:
            return math.nan
    return float(s) if _NUMBER.fullmatch(s) else math.nan


def is_missing(s):
    return len(s) <= 4 and s.strip(_SPACE).lower() in _MISSING


def is_infinity(s):
    return 3 <= len(s) <= 10 and s.strip(_SPACE).lower() in _INFINITY


def parse_bool(s):
    """1 for true/yes/t/y, 0 for false/no/f/n (any case), -1 otherwise."""
    t = s.strip(_SPACE).lower()
    return 1 if t in _TRUE else 0 if t in _FALSE else -1


def parse_date(s):
    """Epoch milliseconds of YYYY-MM-DD[ HH:MM[:SS[.fff]]][Z|+HH:MM|+HHMM] (UTC without an offset), else None."""
    m = _DATE.fullmatch(s.strip(_SPACE))
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    h, mi, sec = (int(m[i]) if m[i] else 0 for i in (4, 5, 6))
    if not (1 <= mo <= 12 and 1 <= d <= 31) or h > 23 or mi > 59 or sec > 60:
        return None
    if y <= 99:
        y += 1900  # as JavaScript's Date.UTC
    try:
        days = datetime.date(y, mo, d).toordinal() - datetime.date(1970, 1, 1).toordinal()
    except ValueError:
        return None  # 2021-02-30
    ms = ((days * 24 + h) * 60 + mi) * 60000 + sec * 1000 + (math.floor(float("0." + m[7]) * 1000 + 0.5) if m[7] else 0)
    tz = m[8]
    if tz and tz != "Z":
        digits = tz[1:].replace(":", "")
        ms -= (-1 if tz[0] == "-" else 1) * (int(digits[:2]) * 60 + int(digits[2:4])) * 60000
    return float(ms)


def compose_date(year, month, day, hour=0.0):
    """Epoch ms (UTC) of a date from year/month/day/hour numbers; nan when a part is missing; a message when they make no date (values.ts composeDate)."""
    if any(v != v for v in (year, month, day, hour)):
        return float("nan")
    for name, v, lo, hi in (("year", year, 1, 9999), ("month", month, 1, 12), ("day", day, 1, 31), ("hour", hour, 0, 23)):
        if not (float(v).is_integer() and lo <= v <= hi):
            return name + " " + js_str(v) + " is not an integer from " + str(lo) + " to " + str(hi)
    try:
        days = datetime.date(int(year), int(month), int(day)).toordinal() - datetime.date(1970, 1, 1).toordinal()
    except ValueError:
        return "%04d-%02d-%02d is not a date" % (int(year), int(month), int(day))
    return float((days * 24 + int(hour)) * 3600000)


def row_dates(table, n):
    """Epoch ms per row from the date column or the date-part columns (nan = missing); None without either."""
    date, parts = PRE["dateColumn"], PRE.get("dateParts")
    if date:
        return column_values(table[date], column_kind(table, date), date)
    if not parts:
        return None
    names = [parts["year"], parts["month"], parts["day"]] + ([parts["hour"]] if parts.get("hour") is not None else [])
    values = [column_values(table[c], "number", c) for c in names]
    out = np.full(n, np.nan)
    for i in range(n):
        ms = compose_date(*(float(v[i]) for v in values))
        if isinstance(ms, str):
            raise ValueError("Row %d, date from columns %s: %s." % (i + 1, ", ".join(json.dumps(c) for c in names), ms))
        out[i] = ms
    return out


def js_str(x):
    """JavaScript's String(x) for a finite number: 1 not 1.0, 0.5, 1e+21, 1e-7."""
    if x == 0:
        return "0"
    if x == int(x) and abs(x) < 2 ** 53:
        return str(int(x))
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    n = len(whole) + int(exp or 0) - (len(whole + frac) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if n > 0 else "-") + str(abs(n - 1))
    return ("-" if x < 0 else "") + text


def _decimal_comma():
    return bool(PRE.get("decimalComma", False))


def read_csv(path, delimiter=None, header=None):
    """The CSV as {column: [raw text per row]}; rows are numbered from 0 as in Layerloom (blank lines skipped)."""
    fmt = {"delimiter": ",", "header": True, **(PRE.get("csv") or {})}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter=delimiter or fmt["delimiter"]) if r and not (len(r) == 1 and r[0].strip(_SPACE) == "")]
    if not rows:
        return {}
    has_header = fmt["header"] if header is None else header
    head, rows = (rows[0], rows[1:]) if has_header else ([""] * len(rows[0]), rows)
    names = []
    for i, h in enumerate(head):
        name = h.strip(_SPACE) or f"column_{i + 1}"
        if name in names:
            k = 2
            while f"{name}_{k}" in names:
                k += 1
            name = f"{name}_{k}"
        names.append(name)
    return {name: [r[j] if j < len(r) else "" for r in rows] for j, name in enumerate(names)}


def column_kind(table, name):
    """How Layerloom types the column: the user's override, else inferred from the values as its CSV import does."""
    kind = (PRE.get("columnTypes") or {}).get(name)
    if kind:
        return {"integer": "number", "datetime": "date", "text": "category"}.get(kind, kind)
    dc = _decimal_comma()
    values = [s for s in table[name] if not is_missing(s)]
    if values and all(parse_num(s, dc) == parse_num(s, dc) or is_infinity(s) for s in values):
        return "number"
    if values and all(parse_bool(s) >= 0 for s in values):
        return "boolean"
    if values and all(parse_date(s) is not None for s in values):
        return "date"
    return "category"


def _unparseable_as_missing(name):
    """The user chose "treat unparseable cells as missing" for this column in Layerloom."""
    return name in (PRE.get("unparseableAsMissing") or []) or any(c["name"] == name and c.get("unparseableAsMissing") for c in PRE.get("columns") or [])


_WHAT = {
    "date": "a date (YYYY-MM-DD[ HH:MM[:SS]][Z|+HH:MM])",
    "boolean": "a boolean (true/false, yes/no, 1/0)",
    "number": "a number",
}


def column_values(raw, kind, name=None):
    """Float per row, nan = missing: numbers (infinities are missing), booleans 0/1, dates as epoch ms.
    A cell of column name that the kind cannot read is an error naming row and column, or missing
    where the column's cells were treated as missing in Layerloom."""
    dc = _decimal_comma()
    lenient = name is None or _unparseable_as_missing(name)
    integer = name is not None and lenient and any(c["name"] == name and c.get("type") == "integer" for c in PRE.get("columns") or [])
    out = np.full(len(raw), np.nan)
    for i, s in enumerate(raw):
        if kind == "date":
            v = parse_date(s)
        elif kind == "boolean":
            b = parse_bool(s)
            v = b if b >= 0 else parse_num(s, dc) if parse_num(s, dc) in (0, 1) else None
        else:
            v = parse_num(s, dc)
        if v is not None and math.isfinite(v):
            if not (integer and v != int(v)):
                out[i] = v
        elif not lenient and not is_missing(s) and not (kind == "number" and is_infinity(s)):
            raise ValueError("Row %d, column %s: %s is not %s." % (i + 1, json.dumps(name, ensure_ascii=False), json.dumps(s, ensure_ascii=False), _WHAT.get(kind, "a number")))
    return out


def column_texts(raw):
    """Category text per row (None = missing). Like the CSV import, numbers before the column's first
    text value are kept as numbers and so become their String(n) text ("1.50" -> "1.5")."""
    dc = _decimal_comma()
    first = next((i for i, s in enumerate(raw) if parse_num(s, dc) != parse_num(s, dc) and not is_missing(s) and not is_infinity(s)), len(raw))
    out = []
    for i, s in enumerate(raw):
        v = parse_num(s, dc) if i < first else None
        out.append(None if is_missing(s) else s if i >= first else js_str(v) if math.isfinite(v) else None)
    return out


def column_labels(table, name):
    """Label per row as Layerloom writes it (classes, group names): 'true'/'false', String(n) or the text."""
    kind = column_kind(table, name)
    if kind == "category":
        return column_texts(table[name])
    values = column_values(table[name], kind, name)
    if kind == "boolean":
        return [None if v != v else "true" if v else "false" for v in values]
    return [None if v != v else js_str(v) for v in values]


# --- text input (src-shared/text/tokenize.ts, src-shared/preprocess/runtime.ts tokenizeText): the same rule ---
TEXT = PRE.get("text")
_VOCAB = {t: i for i, t in enumerate(TEXT["vocabulary"]) if i >= 2} if TEXT else {}


def _word_char(ch):
    """Unicode letters, marks and digits (JavaScript's \\p{L}, \\p{M}, \\p{N})."""
    return unicodedata.category(ch)[0] in "LMN"


def tokenize(text, tokenizer="words", lowercase=True):
    """NFKC, optional lowercase; words: maximal runs of letters/marks/digits, an apostrophe (' or \u2019)
    between two of them kept (written '); chars: code points, whitespace runs as one ' ', none at the ends."""
    s = unicodedata.normalize("NFKC", text)
    if lowercase:
        s = s.lower()
    out = []
    if tokenizer == "chars":
        for ch in s:
            if ch in _SPACE:
                if out and out[-1] != " ":
                    out.append(" ")
            else:
                out.append(ch)
        if out and out[-1] == " ":
            out.pop()
        return out
    i, n = 0, len(s)
    while i < n:
        if not _word_char(s[i]):
            i += 1
            continue
        j = i
        while True:
            while j < n and _word_char(s[j]):
                j += 1
            if j + 1 < n and s[j] in "'\u2019" and _word_char(s[j + 1]):
                j += 1
                continue
            break
        out.append(s[i:j].replace("\u2019", "'"))
        i = j
    return out


def encode_tokens(tokens):
    """Tokens -> sequenceLength ids: unknown 1, padding 0, cut and padded on the exported sides."""
    L = TEXT["sequenceLength"]
    n = min(len(tokens), L)
    kept = tokens[len(tokens) - n:] if TEXT["truncating"] == "pre" else tokens[:n]
    ids = [_VOCAB.get(t, 1) for t in kept]
    pad = [0] * (L - n)
    return np.array(pad + ids if TEXT["padding"] == "pre" else ids + pad, dtype=np.float32)


def encode_text(text):
    """One raw text -> the model's input ids (as the app encodes it)."""
    return encode_tokens(tokenize(text, TEXT["tokenizer"], TEXT["lowercase"]))


def text_tokens(table):
    """Per table row, the text input's tokens; None where the text is missing or has no tokens (the row is dropped)."""
    out = []
    for t in column_texts(table[TEXT["column"]]):
        toks = tokenize(t, TEXT["tokenizer"], TEXT["lowercase"]) if t is not None else []
        out.append(toks if toks else None)
    return out


def mulberry32(seed):
    """The app's seeded PRNG (prepare.ts), in uint32 arithmetic."""
    state = seed & 0xFFFFFFFF

    def next_float():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = ((state ^ (state >> 15)) * (state | 1)) & 0xFFFFFFFF
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


def prepare(table):
    """Layerloom's preparation of a table (read_csv) with the exported settings and statistics.

    Returns a dict: x [rows, features] and y [rows, outputs] (None when the table has no target
    column), rows (the table row of each matrix row), groups [(name, start, end)], offset (a window
    starting at row s has its target at s + offset) and splits {train|validation|test: window starts}.
    """
    n = len(next(iter(table.values()), []))
    seq = PRE["mode"] == "sequence"
    group = PRE["groupColumn"]
    when = row_dates(table, n)
    gname = column_labels(table, group) if group else [""] * n
    # 1. rows with a date and a group, sorted by group (UTF-16 order, as JavaScript compares), then date
    tokens = text_tokens(table) if TEXT else None
    order = [i for i in range(n) if (when is None or when[i] == when[i]) and gname[i] is not None and (tokens is None or tokens[i] is not None)]
    order.sort(key=lambda i: (gname[i].encode("utf-16-be", "surrogatepass"), when[i] if when is not None else 0, i))

    # feature sources (one column each; one-hot columns expand to their categories) and targets, as floats
    columns = []
    for f in PRE["features"]:
        if f["kind"] in ("date", "token"):
            continue
        if not columns or columns[-1][0] != f["source"]:
            columns.append((f["source"], f["kind"], []))
        if f["kind"] == "onehot":
            columns[-1][2].append(f["category"])
    values = []
    for source, kind, cats in columns:
        if kind == "onehot":
            codes = {c: k for k, c in enumerate(cats)}
            values.append(np.array([np.nan if t is None else codes.get(t, -1) for t in column_texts(table[source])], dtype=np.float64))
        else:
            values.append(column_values(table[source], "boolean" if kind == "boolean" else "number", source))
    has_targets = all(t in table for t in PRE["targetColumns"])
    targets = []
    if has_targets and PRE["task"] == "regression":
        targets = [column_values(table[t], "boolean" if column_kind(table, t) == "boolean" else "number", t) for t in PRE["targetColumns"]]
    elif has_targets:
        index = {c: k for k, c in enumerate(PRE["classes"])}
        targets = [np.array([np.nan if l is None else index.get(l, np.nan) for l in column_labels(table, PRE["targetColumns"][0])])]
    values = [v[order] for v in values]
    targets = [v[order] for v in targets]
    rows = np.array(order, dtype=np.int64)
    names = [gname[i] for i in order]

    # 2. missing values: ffill within a group; drop rows still missing (mean: only a missing target drops)
    if PRE["missing"] == "ffill":
        for v in values + targets:
            for k in range(1, len(v)):
                if v[k] != v[k] and names[k] == names[k - 1]:
                    v[k] = v[k - 1]
    keep = np.ones(len(rows), dtype=bool)
    for v in targets + (values if PRE["missing"] != "mean" else []):
        keep &= ~np.isnan(v)
    values, targets, rows = [v[keep] for v in values], [v[keep] for v in targets], rows[keep]
    names = [g for g, k in zip(names, keep) if k]
    groups = []
    for k, g in enumerate(names):
        if groups and groups[-1][0] == g:
            groups[-1][2] = k + 1
        else:
            groups.append([g, k, k + 1])

    # 3. splits: each group cut chronologically (a window lies wholly inside its split), or the seeded shuffle
    frac = PRE.get("split") or {"train": 0.7, "validation": 0.15, "test": 0.15}
    regression = PRE["task"] == "regression"
    offset = (PRE["lookback"] - 1 + (STEPS[0] if regression else 0)) if seq else 0
    last_offset = (PRE["lookback"] - 1 + (STEPS[-1] if regression else 0)) if seq else 0  # a window's last target
    history = window_history() if seq else 0  # rows a differencing transform reads before a window
    splits = {"train": [], "validation": [], "test": []}
    every = []  # windows inside a group, split or not (predictions, --all-data)
    if seq:
        for _, start, end in groups:
            n_train = math.floor((end - start) * frac["train"] + 1e-9)
            n_val = math.floor((end - start) * frac["validation"] + 1e-9)
            cuts = {"train": (start, start + n_train), "validation": (start + n_train, start + n_train + n_val), "test": (start + n_train + n_val, end)}
            for name, (a, b) in cuts.items():
                splits[name] += list(range(a + history, b - last_offset, PRE["stride"]))
            every += list(range(start + history, end - last_offset, PRE["stride"]))
        train_rows = [r for _, start, end in groups for r in range(start, start + math.floor((end - start) * frac["train"] + 1e-9))]
    else:
        perm = list(range(len(rows)))
        rnd = mulberry32(int(PRE.get("shuffleSeed", 42)))
        for i in range(len(perm) - 1, 0, -1):
            j = math.floor(rnd() * (i + 1))
            perm[i], perm[j] = perm[j], perm[i]
        n_train = math.floor(len(rows) * frac["train"] + 1e-9)
        n_val = math.floor(len(rows) * frac["validation"] + 1e-9)
        splits = {"train": perm[:n_train], "validation": perm[n_train:n_train + n_val], "test": perm[n_train + n_val:]}
        every = list(range(len(rows)))
        train_rows = splits["train"]

    # 4. the feature matrix with the training statistics of preprocessing.json
    x = np.zeros((len(rows), len(PRE["features"])), dtype=np.float32)
    j = 0
    for (source, kind, cats), v in zip(columns, values):
        f = PRE["features"][j]
        if kind == "numeric":
            x[:, j] = (np.where(np.isnan(v), f["fill"], v) - f["offset"]) * f["scale"]
        elif kind == "boolean":
            fill = f.get("fill")
            if fill is None:  # the training split's share of true (what the app fills with)
                seen = v[train_rows][~np.isnan(v[train_rows])] if len(train_rows) else v[:0]
                fill = float(seen.mean()) if len(seen) else 0.0
            x[:, j] = np.where(np.isnan(v), fill, v)
        else:
            for r, c in enumerate(v):
                if c == c and c >= 0:
                    x[r, j + int(c)] = 1  # a missing or unknown category: all zeros
        j += len(cats) if kind == "onehot" else 1
    if TEXT:
        L = TEXT["sequenceLength"]
        for r, i in enumerate(rows):
            x[r, j:j + L] = encode_tokens(tokens[i])
        j += L
    for f in PRE["features"][j:]:
        ms = when[rows]
        if f["date"].startswith("dow"):  # day of week, Sunday = 0 (getUTCDay)
            angle = 2 * np.pi * np.array([(math.floor(t / DAY_MS) + 4) % 7 for t in ms]) / 7
        else:
            epoch = datetime.date(1970, 1, 1).toordinal()
            angle = 2 * np.pi * np.array([datetime.date.fromordinal(epoch + math.floor(t / DAY_MS)).month - 1 for t in ms]) / 12
        x[:, j] = np.sin(angle) if f["date"].endswith("sin") else np.cos(angle)
        j += 1

    # 5. targets: normalized values, 0/1 (binary) or one-hot (multiclass)
    y = None
    if has_targets and PRE["task"] == "regression":
        y = np.stack([(v - t["offset"]) * t["scale"] for v, t in zip(targets, PRE["targets"])], axis=1).astype(np.float32)
    elif has_targets:
        codes = targets[0].astype(np.int64)
        y = codes.reshape(-1, 1).astype(np.float32) if PRE["task"] == "binary" else np.eye(len(PRE["classes"]), dtype=np.float32)[codes]
    return {"x": x, "y": y, "rows": rows, "groups": groups, "offset": offset, "splits": splits, "every": every}


STEPS = PRE.get("steps") or [PRE["horizon"]]
TRANSFORM = (PRE.get("windowTransform") or "level") if PRE["task"] == "regression" and PRE["mode"] == "sequence" else "level"
WINDOW_SCALE = bool(PRE.get("windowScale"))
PERIOD = int(PRE.get("seasonalPeriod") or 0)
WINDOW_STD_EPS = 1e-6


def window_history():
    """Rows a window transform reads before a window's first row: 1 (difference), the period (seasonal difference), else 0."""
    return 1 if TRANSFORM == "difference" else PERIOD if TRANSFORM == "seasonal-difference" else 0


def _moments(v):
    """window-mean: the window's mean and divisor (its std when scaled and not ~0, else 1)."""
    mean = float(np.mean(v))
    if not WINDOW_SCALE:
        return mean, 1.0
    sd = float(np.sqrt(np.mean((v - mean) ** 2)))
    return mean, sd if sd > WINDOW_STD_EPS else 1.0


def _seasonal_ref(last, step):
    return last + step - PERIOD * math.ceil(step / PERIOD)


def transform_window(x, s):
    """The window starting at matrix row s with the window transform applied to the numeric features (runtime.ts transformWindow)."""
    L = PRE["lookback"]
    w = x[s:s + L].astype(np.float64)
    if TRANSFORM == "level":
        return w.astype(np.float32)
    for c, f in enumerate(PRE["features"]):
        if f["kind"] != "numeric":
            continue
        col = x[:, c].astype(np.float64)
        if TRANSFORM == "last-value":
            w[:, c] = col[s:s + L] - col[s + L - 1]
        elif TRANSFORM == "window-mean":
            mean, div = _moments(col[s:s + L])
            w[:, c] = (col[s:s + L] - mean) / div
        else:
            lag = 1 if TRANSFORM == "difference" else PERIOD
            w[:, c] = col[s:s + L] - col[s - lag:s + L - lag]
    return w.astype(np.float32)


def encode_targets(ycol, s):
    """One target's values at the steps after the window starting at s, as the model learns them (runtime.ts encodeWindowTargets)."""
    last = s + PRE["lookback"] - 1
    levels = [float(ycol[last + st]) for st in STEPS]
    if TRANSFORM == "last-value":
        return [v - float(ycol[last]) for v in levels]
    if TRANSFORM == "window-mean":
        mean, div = _moments(ycol[s:last + 1].astype(np.float64))
        return [(v - mean) / div for v in levels]
    if TRANSFORM == "difference":
        return [v - (float(ycol[last]) if k == 0 else levels[k - 1]) for k, v in enumerate(levels)]
    if TRANSFORM == "seasonal-difference":
        return [v - float(ycol[_seasonal_ref(last, st)]) for v, st in zip(levels, STEPS)]
    return levels


def decode_targets(ycol, s, out):
    """The inverse of encode_targets: model outputs for one target (one per step) -> normalized values."""
    last = s + PRE["lookback"] - 1
    out = [float(o) for o in out]
    if TRANSFORM == "last-value":
        return [o + float(ycol[last]) for o in out]
    if TRANSFORM == "window-mean":
        mean, div = _moments(ycol[s:last + 1].astype(np.float64))
        return [o * div + mean for o in out]
    if TRANSFORM == "difference":
        return list(float(ycol[last]) + np.cumsum(out))
    if TRANSFORM == "seasonal-difference":
        return [o + float(ycol[_seasonal_ref(last, st)]) for o, st in zip(out, STEPS)]
    return out


def windows(prepared, starts):
    """(x, y, rows) for the samples starting at the matrix rows in starts: x [n, lookback, features] (sequence) or
    [n, features] (tabular), y [n, outputs] (None without targets; regression: targets x steps, target-major, window
    transform applied), rows = the table row of each first row."""
    starts = np.asarray(starts, dtype=np.int64)
    x = prepared["x"]
    if PRE["mode"] == "sequence":
        xs = np.stack([transform_window(x, s) for s in starts]) if len(starts) else np.zeros((0, PRE["lookback"], x.shape[1]), np.float32)
    else:
        xs = x[starts]
    y = prepared["y"]
    if y is None:
        ys = None
    elif PRE["task"] == "regression" and PRE["mode"] == "sequence":
        ys = np.array([[v for j in range(y.shape[1]) for v in encode_targets(y[:, j], s)] for s in starts], dtype=np.float32).reshape(len(starts), y.shape[1] * len(STEPS))
    else:
        ys = y[starts + prepared["offset"]]
    return xs, ys, prepared["rows"][starts]


def to_units(prepared, starts, outputs):
    """Regression model outputs [n, targets x steps] for the windows starting at starts -> values in the targets' units."""
    K = len(STEPS) if PRE["mode"] == "sequence" else 1
    out = np.zeros((len(starts), len(PRE["targets"]) * K), dtype=np.float64)
    for i, s in enumerate(starts):
        for j, t in enumerate(PRE["targets"]):
            row = outputs[i][j * K:(j + 1) * K]
            vals = decode_targets(prepared["y"][:, j], s, row) if TRANSFORM != "level" else [float(o) for o in row]
            out[i, j * K:(j + 1) * K] = [v / t["scale"] + t["offset"] for v in vals]
    return out


def make_splits(table):
    """{"train" | "validation" | "test": (x, y, rows)}: the app's samples of each split."""
    prepared = prepare(table)
    return {name: windows(prepared, starts) for name, starts in prepared["splits"].items()}


def make_samples(table):
    """(x, y): every sample of the table in order (windows inside each group), whatever its split."""
    prepared = prepare(table)
    x, y, _ = windows(prepared, prepared["every"])
    return x, y
`;
