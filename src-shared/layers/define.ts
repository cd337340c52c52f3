/** `defineLayer` fills the shared parts of a LayerDef (param defaults, guards, tfjs build, emitters). */
import { buildTfjsLayer, pyCall, tsCall } from '../compiler/config-emit';
import { plainConfig, regularizerConfig, resolveParams } from './params';
import type { InferResult, LayerCall, LayerCategory, LayerDef, ParamCount, ParamSpec, Params, Shape } from './types';

export interface LayerSpec {
  kind: string;
  label: string;
  category: LayerCategory;
  help: string;
  params: readonly ParamSpec[];
  arity?: { min: number; max: number };
  inputRank?: { min: number; max: number };
  isInput?: boolean;
  /** `tf.layers.<factory>`; `keras.layers.<kerasClass>`. */
  factory: string;
  kerasClass: string;
  /** Receives params already merged with defaults. */
  infer(inputs: Shape[], p: Params): InferResult;
  count?(inputs: Shape[], p: Params): ParamCount;
  /** Config override; default: every param with a config key plus the kernel regularizer. */
  config?(p: Params): LayerCall['config'];
  summary(p: Params): string;
}

export const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };

export function defineLayer(spec: LayerSpec): LayerDef {
  const resolve = (p: Params): Params => resolveParams(spec.params, p);
  const call = (p: Params): LayerCall => {
    const r = resolve(p);
    const config = spec.config ? spec.config(r) : { ...plainConfig(spec.params, r), ...regularizerConfig(r) };
    return { factory: spec.factory, kerasClass: spec.kerasClass, config };
  };
  return {
    kind: spec.kind,
    label: spec.label,
    category: spec.category,
    help: spec.help,
    params: spec.params,
    arity: spec.arity ?? { min: 1, max: 1 },
    ...(spec.inputRank ? { inputRank: spec.inputRank } : {}),
    ...(spec.isInput ? { isInput: true } : {}),
    inferShape(inputs, p) {
      try {
        return spec.infer(inputs, resolve(p));
      } catch (e) {
        return { ok: false, code: 'internal', message: `could not compute the output shape (${e instanceof Error ? e.message : String(e)})` };
      }
    },
    countParams(inputs, p) {
      try {
        return spec.count ? spec.count(inputs, resolve(p)) : NO_PARAMS;
      } catch {
        return NO_PARAMS;
      }
    },
    call,
    build: (tf, p, name) => buildTfjsLayer(tf, call(p), name),
    emitTs: (p, name) => tsCall(call(p), name),
    emitKeras: (p, name) => pyCall(call(p), name),
    summary(p) {
      try {
        return spec.summary(resolve(p));
      } catch {
        return spec.label;
      }
    },
  };
}
