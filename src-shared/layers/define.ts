/** `defineLayer` turns a declaration into a registered kind: param resolution, guards, the neutral layer call. */
import { plainConfig, regularizerConfig, typedParams } from './params';
import type { LayerCall, LayerDecl, LayerDef, ParamCount, ParamSpec, ParamsOf, Params } from './types';

export const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };

export function defineLayer<const P extends readonly ParamSpec[]>(decl: LayerDecl<P>): LayerDef {
  const resolve = (p: Params): ParamsOf<P> => typedParams(decl.params, p) as ParamsOf<P>;
  const build = decl.build;
  return {
    kind: decl.kind,
    label: decl.label,
    category: decl.category,
    help: decl.help,
    params: decl.params,
    arity: decl.arity ?? { min: 1, max: 1 },
    ...(decl.inputRank ? { inputRank: decl.inputRank } : {}),
    ...(decl.isInput ? { isInput: true } : {}),
    resolve: (p) => typedParams(decl.params, p),
    inferShape(inputs, p) {
      try {
        return decl.infer(inputs, resolve(p));
      } catch (e) {
        return { ok: false, code: 'internal', message: `could not compute the output shape (${e instanceof Error ? e.message : String(e)})` };
      }
    },
    countParams(inputs, p) {
      try {
        return decl.count ? decl.count(inputs, resolve(p)) : NO_PARAMS;
      } catch {
        return NO_PARAMS;
      }
    },
    call(p): LayerCall {
      const r = resolve(p);
      const config = decl.config ? decl.config(r) : { ...plainConfig(decl.params, r), ...regularizerConfig(r) };
      return { factory: decl.factory, kerasClass: decl.kerasClass, config };
    },
    summary(p) {
      try {
        return decl.summary(resolve(p));
      } catch {
        return decl.label;
      }
    },
    ...(build ? { build: (tf, p, name) => build(tf, resolve(p), name) } : {}),
  };
}
