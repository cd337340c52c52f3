/**
 * The TypeScript export: `model.ts` (architecture from each layer kind's own emitter, weight loading,
 * the same preprocessing as the app, typed `loadModel` / `predict` / `predictTensor`), `example.ts`,
 * `package.json`, `tsconfig.json`, `README.md` and the weights shard. Every user or stored string lands
 * in a string literal through jsString (tsLiteral) or in a comment through jsComment, every number in
 * code through tsNumber (tsLiteral); nothing is interpolated raw.
 */
import { emitTsModel } from '../compiler/emit-ts';
import { jsComment, tsNumber } from '../compiler/sanitize';
import type { GraphDocument } from '../graph/document';
import { jsonFile, textFile, WEIGHTS_FILE, type ExportFile } from './files';
import { tsLiteral } from './literals';
import { requiredColumns, type ExportPreprocessing } from './preprocessing';
import { RUNTIME_SOURCE, VALUES_SOURCE } from '../preprocess/runtime-source.generated';
import type { StoredWeights } from './tfjs';
import { ExportError } from './tfjs';
import { markdownText, packageName, wellFormed } from './text';

export interface TsModuleInput {
  graph: GraphDocument;
  /** The weights in the built model's order (encodeModelWeights). */
  weights: StoredWeights;
  pre: ExportPreprocessing;
  /** Shown in comments and the README. */
  title: string;
  /** Version of @tensorflow/tfjs to depend on. */
  tfjsVersion: string;
}

function predictionType(pre: ExportPreprocessing): string {
  if (pre.task === 'regression')
    return [
      '/** One forecast per window: output name (the target column, or `target t+step` with several forecast steps) → value in the original units. */',
      'export type Prediction = Record<string, number>;',
    ].join('\n');
  return [
    '/** One prediction per window: the most likely label and the probability of every label. */',
    'export interface Prediction {',
    '  label: string;',
    '  probabilities: Record<string, number>;',
    '}',
  ].join('\n');
}

function decodeOutputs(pre: ExportPreprocessing): string {
  return pre.task === 'regression'
    ? [
        "/** Model outputs → values in the targets' units, one per output name (`target t+step` with several steps); a window transform other than level needs the encoded rows and the windows' starts. */",
        'export function decodeOutputs(y: Float32Array, enc?: EncodedRows, starts?: readonly number[]): Prediction[] {',
        '  return decodeRegression(PREPROCESSING, y, enc, starts);',
        '}',
      ].join('\n')
    : [
        '/** Model outputs (probabilities) → labels. Binary models output the probability of CLASSES[1]. */',
        'export function decodeOutputs(y: Float32Array, _enc?: EncodedRows, _starts?: readonly number[]): Prediction[] {',
        '  return decodeClasses(PREPROCESSING, y);',
        '}',
      ].join('\n');
}

/** README words for a regression window's forecast: its steps, output keys and window transform. */
function forecastWords(pre: ExportPreprocessing): string {
  const steps = pre.steps ?? [pre.horizon];
  const what = steps.length > 1 ? `a forecast for steps ${steps.join(', ')} after its last row (keys \`target t+step\`)` : `a forecast for ${steps[0]} step(s) after its last row`;
  const t = pre.windowTransform ?? 'level';
  return t === 'level' ? what : `${what}; the ${t} window transform reads the target column(s) too and is inverted with each window's own history`;
}

/** model.ts */
export function generateTsModelSource(input: TsModuleInput): string {
  const { graph, weights, pre } = input;
  const build = emitTsModel(graph, 'buildModel');
  if (build === null) throw new ExportError('The run\'s model has errors and cannot be exported as TypeScript.');
  const resetAfter = graph.nodes.find((n) => n.kind === 'GRU' && n.params.resetAfter === true);
  if (resetAfter)
    throw new ExportError(
      `The GRU "${resetAfter.label}" uses reset_after (Keras's form), which TensorFlow.js's GRU cannot compute, so the model cannot be exported as TypeScript. Export it for Keras, or turn "Reset after" off and train again.`,
    );
  const spec = {
    task: pre.task,
    mode: pre.mode,
    lookback: pre.lookback,
    horizon: pre.horizon,
    dateColumn: pre.dateColumn,
    ...(pre.dateParts ? { dateParts: { ...pre.dateParts } } : {}),
    groupColumn: pre.groupColumn,
    missing: pre.missing,
    decimalComma: pre.decimalComma ?? false,
    columns: (pre.columns ?? []).map((c) => ({ name: c.name, type: c.type, inferredType: c.inferredType, ...(c.unparseableAsMissing ? { unparseableAsMissing: true } : {}) })),
    features: pre.features.map((f) => ({
      name: f.name,
      source: f.source,
      kind: f.kind,
      offset: f.offset ?? 0,
      scale: f.scale ?? 1,
      fill: f.fill ?? 0,
      category: f.category ?? '',
      date: f.date ?? '',
      ...(f.position !== undefined ? { position: f.position } : {}),
    })),
    targets: pre.targets.map((t) => ({ name: t.name, offset: t.offset, scale: t.scale })),
    classes: pre.classes ?? [],
    outputUnits: pre.outputUnits,
    ...(pre.windowTransform !== undefined ? { windowTransform: pre.windowTransform } : {}),
    ...(pre.unparseableAsMissing ? { unparseableAsMissing: pre.unparseableAsMissing.slice() } : {}),
    ...(pre.windowScale !== undefined ? { windowScale: pre.windowScale } : {}),
    ...(pre.steps !== undefined ? { steps: pre.steps } : {}),
    ...(pre.seasonalPeriod !== undefined ? { seasonalPeriod: pre.seasonalPeriod } : {}),
    // a text input: the tokenizer options and the training vocabulary (the runtime's tokenizeText encodes raw text)
    ...(pre.text ? { text: { ...pre.text, vocabulary: pre.text.vocabulary.slice() } } : {}),
  };
  const specs = weights.weightSpecs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype }));
  const seq = pre.mode === 'sequence';
  /** Stored values shown in the header comment (a damaged or foreign run could hold any text there). */
  const c = (v: unknown): string => jsComment(String(v));
  return `/**
 * ${jsComment(input.title)} — generated by Layerloom.
 *
 * Rebuilds the trained model with TensorFlow.js layer calls, loads its weights from ${WEIGHTS_FILE},
 * and applies the same preprocessing as the app:
 *  - loadModel()        builds the model and loads the weights (once; later calls reuse it),
 *  - predict(rows)      raw rows (objects keyed by column name, as read from a CSV)${seq ? `: every
 *                       window of ${c(pre.lookback)} consecutive rows gives one prediction` : ': one prediction per row'},
 *  - predictTensor(x)   an already-normalized input tensor → raw model outputs.
 * Task: ${c(pre.task)}. Normalization: ${c(pre.normalization)}${seq ? `. Lookback: ${c(pre.lookback)}, horizon: ${c(pre.horizon)}` : ''}.
 */
import * as tf from '@tensorflow/tfjs';

/** The weights file written next to this module. */
export const WEIGHTS_FILE = ${tsLiteral(WEIGHTS_FILE)};

/** Weight tensors in the order of model.getWeights(): name, shape, dtype (float32, little-endian). */
const WEIGHT_SPECS: tf.io.WeightsManifestEntry[] = ${tsLiteral(specs)};

// ---------------------------------------------------------------------------------------------------
// Preprocessing (fitted on the training rows in Layerloom)
// ---------------------------------------------------------------------------------------------------

export const TASK = ${tsLiteral(pre.task)} as const;
export const MODE = ${tsLiteral(pre.mode)} as const;
/** Rows per window (1 for tabular models). */
export const LOOKBACK: number = ${tsNumber(pre.lookback)};
/** A regression forecast is for the row HORIZON steps after a window's last row. */
export const HORIZON: number = ${tsNumber(pre.horizon)};
export const OUTPUT_UNITS: number = ${tsNumber(pre.outputUnits)};

/**
 * The run's preprocessing (preprocessing.json): raw columns and their types, features in model-input
 * order with the training statistics, targets, classes. Read by the runtime below.
 */
const PREPROCESSING: PreprocessingSpec = ${tsLiteral(spec)};

/** The raw columns predict() reads from each row (features, then the date and group columns). */
export const COLUMNS: readonly string[] = ${tsLiteral(requiredColumns(pre))};

/** Class labels in output order (binary: [negative, positive]); empty for regression. */
export const CLASSES: readonly string[] = ${tsLiteral(pre.classes ?? [])};

// ---------------------------------------------------------------------------------------------------
// Value parsing: Layerloom's own parsers (src-shared/data/values.ts), verbatim
// ---------------------------------------------------------------------------------------------------

${VALUES_SOURCE.trimEnd()}

// ---------------------------------------------------------------------------------------------------
// Preprocessing runtime: the code Layerloom's Predict runs (src-shared/preprocess/runtime.ts), verbatim
// ---------------------------------------------------------------------------------------------------

${RUNTIME_SOURCE.trimEnd()}

// ---------------------------------------------------------------------------------------------------
// This model's input and output
// ---------------------------------------------------------------------------------------------------

${predictionType(pre)}

/**
 * Raw rows → the normalized feature matrix [rows × features], row-major, exactly as Layerloom prepares
 * its data: rows without a ${pre.dateColumn !== null || pre.dateParts || pre.groupColumn !== null ? 'date or group value are dropped, rows are sorted by group then date, ' : ''}missing values are
 * handled by the run's policy (${c(pre.missing)}), numbers are normalized with the training statistics.
 */
export function encodeRows(rows: readonly RawRow[]): Float32Array {
  return encodeRawRows(PREPROCESSING, rows).x;
}

/**
 * Raw rows → the model input tensor: ${seq ? '[windows, LOOKBACK, features], one window per run of LOOKBACK consecutive rows of one series' : '[rows, features]'}.
 */
export function inputTensor(rows: readonly RawRow[]): tf.Tensor {
  const enc = encodeRawRows(PREPROCESSING, rows);
  const starts = windowStarts(PREPROCESSING, enc);
${
  seq
    ? `  if (starts.length < 1) throw new Error(\`predict() needs at least \${LOOKBACK} usable rows of one series for one window, got \${enc.rows}.\`);
`
    : ''
}  const b = windowBatch(PREPROCESSING, enc, starts);
  return tf.tensor(b.data, b.shape, 'float32');
}

${decodeOutputs(pre)}

// ---------------------------------------------------------------------------------------------------
// Architecture (one statement per layer, as drawn in Layerloom)
// ---------------------------------------------------------------------------------------------------

${build.trimEnd()}

// ---------------------------------------------------------------------------------------------------
// Weights and prediction
// ---------------------------------------------------------------------------------------------------

export interface LoadOptions {
  /** The weights file's bytes; when given nothing is read. */
  weights?: ArrayBuffer | Uint8Array;
  /**
   * Where to read the weights: a file path in Node (default: ${WEIGHTS_FILE} next to this module),
   * a URL in the browser (default: ${WEIGHTS_FILE} relative to the page).
   */
  weightsPath?: string;
}

let loaded: tf.LayersModel | null = null;

async function readWeights(path: string | undefined): Promise<ArrayBuffer | Uint8Array> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return new Uint8Array(await readFile(path ?? fileURLToPath(new URL(WEIGHTS_FILE, import.meta.url))));
  }
  const res = await fetch(path ?? WEIGHTS_FILE);
  if (!res.ok) throw new Error(\`Cannot load the weights from \${path ?? WEIGHTS_FILE}: HTTP \${res.status}.\`);
  return res.arrayBuffer();
}

/** Builds the model and loads the trained weights. Later calls without options return the same model. */
export async function loadModel(options: LoadOptions = {}): Promise<tf.LayersModel> {
  if (loaded && options.weights === undefined && options.weightsPath === undefined) return loaded;
  const bytes = options.weights ?? (await readWeights(options.weightsPath));
  const buffer = bytes instanceof Uint8Array ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer) : bytes;
  const expected = WEIGHT_SPECS.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (buffer.byteLength !== expected) throw new Error(\`The weights file has \${buffer.byteLength} bytes, expected \${expected}.\`);
  const named = tf.io.decodeWeights(buffer, WEIGHT_SPECS);
  const model = buildModel(tf);
  model.setWeights(WEIGHT_SPECS.map((s) => named[s.name]!));
  for (const t of Object.values(named)) t.dispose();
  loaded = model;
  return model;
}

/** Raw model outputs for a normalized input tensor (${seq ? '[batch, LOOKBACK, features]' : '[batch, features]'}). Call loadModel() first. */
export function predictTensor(x: tf.Tensor, model: tf.LayersModel | null = loaded): tf.Tensor {
  if (!model) throw new Error('Call loadModel() before predictTensor().');
  return model.predict(x) as tf.Tensor;
}

/** Predictions for raw rows (${seq ? 'one per window of LOOKBACK consecutive rows of one series, in group then date order' : 'one per usable row'}). Loads the model if needed. */
export async function predict(rows: readonly RawRow[], model?: tf.LayersModel): Promise<Prediction[]> {
  return (await predictRows(rows, model)).map((p) => p.prediction);
}

/** Like predict(), with the rows each prediction reads (indices into \`rows\`, oldest first) and its group ('' without one). */
export async function predictRows(rows: readonly RawRow[], model?: tf.LayersModel): Promise<{ rows: number[]; group: string; prediction: Prediction }[]> {
  const m = model ?? (await loadModel());
  const enc = encodeRawRows(PREPROCESSING, rows);
  const starts = windowStarts(PREPROCESSING, enc);
  if (starts.length === 0) ${seq ? 'throw new Error(`predict() needs at least ${LOOKBACK} usable rows of one series for one window, got ${enc.rows}.`)' : 'return []'};
  const b = windowBatch(PREPROCESSING, enc, starts);
  const x = tf.tensor(b.data, b.shape, 'float32');
  const y = predictTensor(x, m);
  try {
    const preds = decodeOutputs((await y.data()) as Float32Array, enc, starts);
    return starts.map((s, w) => ({
      rows: enc.rowIndex.slice(s, s + LOOKBACK),
      group: enc.groups.find((g) => s >= g.start && s < g.end)?.name ?? '',
      prediction: preds[w]!,
    }));
  } finally {
    x.dispose();
    y.dispose();
  }
}
`;
}

function exampleSource(pre: ExportPreprocessing): string {
  const seq = pre.mode === 'sequence';
  return `/**
 * Runnable example: npm install && npm run example -- data.csv
 * Reads a CSV (comma-separated, header row), predicts with the exported model and prints the last predictions.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { COLUMNS, loadModel, predict${seq ? ', LOOKBACK' : ''}, type RawRow } from './model.js';

/** A minimal CSV reader (no quoted fields); use a real CSV parser for other files. */
function readCsv(path: string): RawRow[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\\r?\\n/);
  const names = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      row[name] = cells[i] ?? '';
    });
    return row;
  });
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const file = process.argv[2];
  if (!file) {
    console.error(\`Usage: npm run example -- data.csv  (columns needed: \${COLUMNS.join(', ')})\`);
    process.exit(2);
  }
  const rows = readCsv(file);
  await loadModel();
  const predictions = await predict(rows${seq ? '.slice(-(LOOKBACK + 4))' : '.slice(-5)'});
  console.log(JSON.stringify(predictions, null, 2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
`;
}

function readme(input: TsModuleInput): string {
  const { pre } = input;
  const seq = pre.mode === 'sequence';
  return `# ${markdownText(input.title)} — TypeScript (TensorFlow.js)

Generated by Layerloom. \`model.ts\` rebuilds the trained model with TensorFlow.js layer calls, loads the
weights from \`${WEIGHTS_FILE}\` and applies the same preprocessing as the app.

\`\`\`sh
npm install
npm run typecheck
npm run example -- data.csv
\`\`\`

## Use it

\`\`\`ts
import { loadModel, predict, predictTensor } from './model.js';

await loadModel();                 // Node: reads ${WEIGHTS_FILE} next to model.ts; browser: fetches it
                                   // (or loadModel({ weightsPath }) / loadModel({ weights: bytes }))
const predictions = await predict(rows);
\`\`\`

* \`rows\` are raw CSV-like rows: objects keyed by column name (\`${markdownText(requiredColumns(pre).join(', '))}\`),
  values as strings (as read from a CSV) or numbers. They are read with Layerloom's own parsers, embedded
  in \`model.ts\`: numbers${pre.decimalComma ? ' with a decimal comma (`1,5`), as in the training CSV' : ''}, the missing markers
  (empty, NA, N/A, NaN, null, None, -, ?)${pre.dateColumn ? ', dates as `YYYY-MM-DD[ HH:MM[:SS]]` with an optional `Z` or `±HH:MM` offset (UTC when none), epoch milliseconds or `Date`' : ''}${pre.dateParts ? `, the date (UTC) composed from the integer columns ${markdownText([pre.dateParts.year, pre.dateParts.month, pre.dateParts.day, ...(pre.dateParts.hour !== undefined ? [pre.dateParts.hour] : [])].join(', '))} (year, month, day${pre.dateParts.hour !== undefined ? ', hour' : ''}; an impossible date is an error naming its row)` : ''}.
${
  seq
    ? `* Rows are windowed as in the app: ${pre.dateColumn || pre.dateParts || pre.groupColumn ? `rows without a ${[pre.dateColumn || pre.dateParts ? 'date' : '', pre.groupColumn ? 'group' : ''].filter(Boolean).join(' or ')} value are dropped, the rest sorted by ${pre.groupColumn ? 'group, then ' : ''}${pre.dateColumn || pre.dateParts ? 'date' : 'position'}; ` : 'rows are consecutive time steps in order; '}every run of
  ${pre.lookback} consecutive rows${pre.groupColumn ? ' of one group' : ''} is one window and gives one prediction${pre.task === 'regression' ? `, ${forecastWords(pre)}` : ''}. \`predictRows(rows)\` also says which rows each prediction read.`
    : '* One prediction per usable row.'
}
* Numeric values are normalized with the training statistics (${pre.normalization}); a missing value
  ${pre.missing === 'ffill' ? 'is carried forward from the previous row of its series (a row still missing one is dropped)' : pre.missing === 'mean' ? 'is replaced by the training mean (a missing category: all zeros)' : 'drops its row, as it did in training'}.
${
  pre.task === 'regression'
    ? '* Each prediction maps target column → value in the original units (the normalization is undone).'
    : '* Each prediction is `{ label, probabilities }` with the class labels of the training data.'
}
* \`predictTensor(x)\` takes an already-normalized input tensor and returns the raw outputs.

The model uses the default TensorFlow.js backend; call \`tf.setBackend('cpu')\` or load
\`@tensorflow/tfjs-backend-wasm\` for another one.
`;
}

/** All files of the TypeScript export under `dir`. */
export function generateTsModule(input: TsModuleInput, dir = 'typescript'): ExportFile[] {
  const pkg = {
    name: packageName(input.title),
    version: '1.0.0',
    private: true,
    type: 'module',
    description: `Layerloom export: ${wellFormed(input.title)}`,
    scripts: { typecheck: 'tsc --noEmit', example: 'tsx example.ts' },
    dependencies: { '@tensorflow/tfjs': `^${input.tfjsVersion}`, '@tensorflow/tfjs-backend-wasm': `^${input.tfjsVersion}` },
    devDependencies: { '@types/node': '^20.0.0', tsx: '^4.0.0', typescript: '^5.4.0' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['model.ts', 'example.ts'],
  };
  return [
    textFile(`${dir}/model.ts`, generateTsModelSource(input)),
    textFile(`${dir}/example.ts`, exampleSource(input.pre)),
    jsonFile(`${dir}/package.json`, pkg),
    jsonFile(`${dir}/tsconfig.json`, tsconfig),
    textFile(`${dir}/README.md`, readme(input)),
    { path: `${dir}/${WEIGHTS_FILE}`, bytes: input.weights.data },
  ];
}
