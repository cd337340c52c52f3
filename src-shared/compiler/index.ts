/** Public entry of the compiler: plan, tfjs model, TypeScript/Keras emission, escaping helpers. */
export { planModel, layerNames, type Plan, type PlanStep } from './plan';
export { compileToTfjs, CompileError, type CompiledModel } from './to-tfjs';
export { emitTsModel, emitTsLayerStatement } from './emit-ts';
export { emitKerasModel, emitKerasLayerStatement } from './emit-keras';
export { tsCall, pyCall, snake } from './config-emit';
export { buildLayer, emitTsLayer, emitKerasLayer } from './layer';
export { jsString, jsComment, pyString, pyComment, identifier, layerName } from './sanitize';
export { verifyAgainstTfjs, type VerifyResult } from './verify';
