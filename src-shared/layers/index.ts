/** Public entry of the layer registry: definitions, param metadata helpers, shape formatting. */
export * from './types';
export { LAYERS, getLayer, layerKinds } from './registry';
export { ACTIVATIONS, INITIALIZERS, BIAS_INITIALIZERS, RECURRENT_KINDS, resolveParams, typedParams, explicitParams, checkParam } from './params';
export { fmtShape } from './shape';
export { LAYER_CATEGORIES, paletteGroups, type PaletteGroup } from './categories';
