/** The contract every layer kind implements. One file per kind, listed once in registry.ts. */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayerCategory } from './categories';

/** A tensor shape with the leading batch dimension (always `null`), like tfjs: `[null, 30, 6]`. */
export type Shape = (number | null)[];

export type ParamType = 'number' | 'integer' | 'boolean' | 'choice' | 'string' | 'shape';
/** The value type of each param type. */
export interface ParamTypeValue {
  number: number;
  integer: number;
  boolean: boolean;
  choice: string;
  string: string;
  shape: number[];
}
export type ParamValue = ParamTypeValue[ParamType];
/** Params as stored on a node: anything (validated by the analysis, resolved by the declaration). */
export type Params = Record<string, unknown>;

/**
 * Metadata the inspector turns into a form field; also drives validation and code emission.
 * `N` and `T` keep the name and type literal so a declaration's params give a typed object (`ParamsOf`).
 */
export interface ParamSpec<N extends string = string, T extends ParamType = ParamType> {
  /** Keras-compatible camelCase name (snake_cased for Python). */
  name: N;
  label: string;
  type: T;
  default: ParamTypeValue[T];
  description: string;
  min?: number;
  max?: number;
  /** `min` itself not allowed (e.g. a dropout rate must be < 1: `maxExclusive`). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  step?: number;
  choices?: readonly string[];
  /** For `shape`: allowed lengths and whether one `-1` entry is allowed (Reshape). */
  shapeLength?: { min: number; max: number };
  allowMinusOne?: boolean;
  /** Not passed to the layer config as-is (e.g. kernelL1/kernelL2 become a regularizer). */
  configKey?: string | false;
  /** Shown only in an "advanced" section. */
  advanced?: boolean;
}

/** The resolved params object of a list of specs: `{ units: number; returnSequences: boolean; … }`. */
export type ParamsOf<P extends readonly ParamSpec[]> = { [S in P[number] as S['name']]: ParamTypeValue[S['type']] };

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

export type InferResult =
  | { ok: true; shape: Shape; warning?: { code: string; message: string } }
  | { ok: false; code: string; message: string };

export type { LayerCategory } from './categories';

/**
 * A layer configuration in a neutral form: JSON values plus markers for things that are objects in
 * tfjs/Keras (a regularizer, a wrapped layer). The compiler materializes it for tfjs; emitters print it.
 */
export type ConfigValue =
  | number
  | string
  | boolean
  | null
  | ConfigValue[]
  | { $regularizer: { l1: number; l2: number } }
  | { $layer: LayerCall };

export interface LayerCall {
  /** `tf.layers.<factory>` in tfjs, e.g. 'gru'. */
  factory: string;
  /** `keras.layers.<kerasClass>` in Python, e.g. 'GRU'. */
  kerasClass: string;
  config: Record<string, ConfigValue>;
}

export type TfModule = typeof tfjs;
export type TfLayer = tfjs.layers.Layer;

/**
 * A layer kind as written in `src-shared/layers/<kind>.ts`: data plus pure functions of the typed params.
 * The compiler turns it into a tfjs layer and into code; the kind never imports the compiler.
 */
export interface LayerDecl<P extends readonly ParamSpec[] = readonly ParamSpec[]> {
  kind: string;
  label: string;
  category: LayerCategory;
  /** One paragraph of help for the palette and inspector. */
  help: string;
  params: P;
  /** How many incoming edges the layer takes. Default 1..1; Input: 0..0; merges 2..Infinity. */
  arity?: { min: number; max: number };
  /** Ranks (batch included) this layer accepts on each input; absent = any. */
  inputRank?: { min: number; max: number };
  isInput?: boolean;
  /** `tf.layers.<factory>`; `keras.layers.<kerasClass>`. */
  factory: string;
  kerasClass: string;
  /** Output shape; receives params merged with defaults. */
  infer(inputs: Shape[], p: ParamsOf<P>): InferResult;
  /** Weights; absent = none. */
  count?(inputs: Shape[], p: ParamsOf<P>): ParamCount;
  /** Config override; default: every param with a config key plus the kernel regularizer. */
  config?(p: ParamsOf<P>): LayerCall['config'];
  summary(p: ParamsOf<P>): string;
  /**
   * For a kind without a `tf.layers` factory: builds its tfjs layer. `tf` is passed in. The compiler calls it
   * instead of `tf.layers[factory](config)`.
   */
  build?(tf: TfModule, p: ParamsOf<P>, name: string): TfLayer;
}

/** A registered kind (what `defineLayer` returns): every entry point takes the stored params and resolves them. */
export interface LayerDef {
  kind: string;
  label: string;
  category: LayerCategory;
  /** One paragraph of help for the palette and inspector. */
  help: string;
  params: readonly ParamSpec[];
  /** How many incoming edges the layer takes. Input: 0..0; most: 1..1; merges 2..Infinity. */
  arity: { min: number; max: number };
  /** Ranks (batch included) this layer accepts on each input; absent = any. */
  inputRank?: { min: number; max: number };
  isInput?: boolean;
  /** Every spec's value: the stored one when it has the spec's type, else the default (a fresh copy). */
  resolve(p: Params): Record<string, ParamValue>;
  /** Output shape from the input shapes (never throws: returns `{ ok: false }`). */
  inferShape(inputs: Shape[], p: Params): InferResult;
  countParams(inputs: Shape[], p: Params): ParamCount;
  /** The layer call in neutral form (everything except `name`). */
  call(p: Params): LayerCall;
  /** Key params on one line, e.g. "GRU · 64 units · returns sequences". */
  summary(p: Params): string;
  /** The declaration's own tfjs construction, when it has one (see `LayerDecl.build`). */
  build?(tf: TfModule, p: Params, name: string): TfLayer;
}
