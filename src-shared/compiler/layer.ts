/** A layer declaration with its params → a tfjs layer, a TypeScript expression, a Keras expression. */
import type { LayerDef, Params, TfLayer, TfModule } from '../layers/types';
import { buildTfjsLayer, pyCall, tsCall, type LayerFactories } from './config-emit';

/**
 * The tfjs layer: the declaration's own `build` when it has one, else `factories[factory]` (the fused recurrent
 * layers when training asks for them) or `tf.layers[factory](config)`. `tf` is passed in.
 */
export function buildLayer(tf: TfModule, def: LayerDef, params: Params, name: string, factories?: LayerFactories): TfLayer {
  return def.build ? def.build(tf, params, name) : buildTfjsLayer(tf, def.call(params), name, factories);
}

/** TypeScript expression constructing the layer, e.g. `tf.layers.gru({ name: 'gru_1', units: 64 })`. */
export function emitTsLayer(def: LayerDef, params: Params, name: string): string {
  return tsCall(def.call(params), name);
}

/** Python expression constructing the layer, e.g. `layers.GRU(units=64, name="gru_1")`. */
export function emitKerasLayer(def: LayerDef, params: Params, name: string): string {
  return pyCall(def.call(params), name);
}
