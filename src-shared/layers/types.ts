/** The contract every layer kind implements. One file per kind, listed once in registry.ts. */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayerCategory } from './categories';

/** A tensor shape with the leading batch dimension (always `null`), like tfjs: `[null, 30, 6]`. */
export type Shape = (number | null)[];

export type ParamType = 'number' | 'integer' | 'boolean' | 'choice' | 'string' | 'shape';
export type ParamValue = number | boolean | string | number[];
export type Params = Record<string, unknown>;

/** Metadata the inspector turns into a form field; also drives validation and code emission. */
export interface ParamSpec {
  /** Keras-compatible camelCase name (snake_cased for Python). */
  name: string;
  label: string;
  type: ParamType;
  default: ParamValue;
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
  /** Output shape from the input shapes (never throws: returns `{ ok: false }`). */
  inferShape(inputs: Shape[], p: Params): InferResult;
  countParams(inputs: Shape[], p: Params): ParamCount;
  /** The layer call in neutral form (everything except `name`). */
  call(p: Params): LayerCall;
  /** Builds the tfjs layer. `tf` is passed in: shared code never imports tfjs at run time. */
  build(tf: TfModule, p: Params, name: string): TfLayer;
  /** TypeScript expression constructing the layer, e.g. `tf.layers.gru({ name: 'gru_1', units: 64 })`. */
  emitTs(p: Params, name: string): string;
  /** Python expression constructing the layer, e.g. `layers.GRU(name="gru_1", units=64)`. */
  emitKeras(p: Params, name: string): string;
  /** Key params on one line, e.g. "GRU · 64 units · returns sequences". */
  summary(p: Params): string;
}
