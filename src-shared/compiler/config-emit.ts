/** Materializes and prints the neutral layer config (see layers/types.ts `LayerCall`). */
import type { ConfigValue, LayerCall, TfLayer, TfModule } from '../layers/types';
import { kerasActivation } from './keras-activations';
import { jsString, pyNumber, pyString, tsNumber } from './sanitize';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Layer factories that replace `tf.layers.<factory>` for some factories (e.g. the fused recurrent layers). */
export type LayerFactories = Partial<Record<string, (config: Record<string, unknown>) => TfLayer>>;

/** Builds the tfjs layer for a call (markers become regularizer objects / nested layers); `factories` override `tf.layers`. */
export function buildTfjsLayer(tf: TfModule, call: LayerCall, name?: string, factories?: LayerFactories): TfLayer {
  const cfg: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(call.config)) cfg[k] = materialize(tf, v, factories);
  if (name !== undefined) cfg.name = name;
  const own = factories?.[call.factory];
  if (own) return own(cfg);
  const factory = (tf.layers as unknown as Record<string, (c: unknown) => TfLayer>)[call.factory];
  if (typeof factory !== 'function') throw new Error(`tf.layers.${call.factory} does not exist`);
  return factory(cfg);
}

function materialize(tf: TfModule, v: ConfigValue, factories?: LayerFactories): unknown {
  if (Array.isArray(v)) return v.map((x) => materialize(tf, x, factories));
  if (isObj(v)) {
    if ('$regularizer' in v) return tf.regularizers.l1l2(v.$regularizer as { l1: number; l2: number });
    if ('$layer' in v) return buildTfjsLayer(tf, v.$layer as LayerCall, undefined, factories);
  }
  return v;
}

function tsValue(v: ConfigValue): string {
  if (typeof v === 'string') return jsString(v);
  if (typeof v === 'number') return tsNumber(v);
  if (typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map(tsValue).join(', ')}]`;
  if ('$regularizer' in v) return `tf.regularizers.l1l2({ l1: ${tsNumber(v.$regularizer.l1)}, l2: ${tsNumber(v.$regularizer.l2)} })`;
  return tsCall(v.$layer);
}

/** `tf.layers.gru({ name: 'gru_1', units: 64 })` */
export function tsCall(call: LayerCall, name?: string): string {
  const parts: string[] = [];
  if (name !== undefined) parts.push(`name: ${jsString(name)}`);
  for (const [k, v] of Object.entries(call.config)) {
    if (k === 'resetAfter') continue; // Keras-only: tfjs implements only reset_after=False and its GRULayerArgs has no such key
    parts.push(`${k}: ${tsValue(v)}`);
  }
  const fn = call.factory === 'input' ? 'tf.input' : `tf.layers.${call.factory}`;
  return `${fn}({ ${parts.join(', ')} })`;
}

/** camelCase → snake_case, with Keras's spellings of a few identifiers. */
export function snake(s: string): string {
  const special: Record<string, string> = { leCunNormal: 'lecun_normal', leCunUniform: 'lecun_uniform', gelu_new: 'gelu' };
  if (special[s]) return special[s];
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** Keys whose string values are identifiers (activation, initializer names) and get snake_cased. */
const IDENT_VALUE_KEYS = /(activation|initializer|Initializer|Activation)$/;

function pyValue(v: ConfigValue, key = ''): string {
  if (typeof v === 'string' && /ctivation$/.test(key)) return kerasActivation(v);
  if (typeof v === 'string') return pyString(IDENT_VALUE_KEYS.test(key) ? snake(v) : v);
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0]!)},)` : `(${v.map((x) => pyValue(x)).join(', ')})`;
  if ('$regularizer' in v) return `regularizers.L1L2(l1=${pyNumber(v.$regularizer.l1)}, l2=${pyNumber(v.$regularizer.l2)})`;
  return pyCall(v.$layer);
}

/** A layer call's Keras keyword arguments: [snake_case name, Python expression] in config order. */
export function pyKwargs(call: LayerCall): [string, string][] {
  return Object.entries(call.config).map(([k, v]) => [snake(k), pyValue(v, k)]);
}

/** `layers.GRU(name="gru_1", units=64)`; Input becomes `keras.Input(...)`. */
export function pyCall(call: LayerCall, name?: string): string {
  const parts = pyKwargs(call).map(([k, v]) => `${k}=${v}`);
  if (name !== undefined) parts.push(`name=${pyString(name)}`);
  const fn = call.factory === 'input' ? 'keras.Input' : `layers.${call.kerasClass}`;
  return `${fn}(${parts.join(', ')})`;
}
