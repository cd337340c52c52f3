import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bestMatch, LAYER_CATEGORIES, paletteGroups } from './categories';
import { defineLayer } from './define';
import { bool, int, shape } from './params';
import { LAYERS, getLayer } from './registry';
import { ok } from './shape';

describe('registry metadata', () => {
  it('has unique kinds and complete param metadata', () => {
    expect(new Set(LAYERS.map((l) => l.kind)).size).toBe(LAYERS.length);
    for (const l of LAYERS) {
      expect(l.help.length, l.kind).toBeGreaterThan(40);
      for (const p of l.params) {
        expect(p.description.length, `${l.kind}.${p.name}`).toBeGreaterThan(5);
        if (p.type === 'choice') expect(p.choices).toContain(p.default);
      }
      expect(l.summary({})).toContain(l.kind === 'TimeDistributedDense' ? 'TimeDistributed' : l.kind === 'GlobalAveragePooling1D' || l.kind === 'GlobalMaxPooling1D' ? 'pooling' : l.kind);
    }
  });
  it('GRU help shows the equations and the reset_after note', () => {
    const h = getLayer('GRU')!.help;
    expect(h).toContain('z ⊙ h + (1 − z) ⊙ h~');
    expect(h).toContain('reset_after');
  });
  it('recurrent layers always pass sigmoid and GRU resetAfter=false', () => {
    const call = getLayer('GRU')!.call({ units: 8 });
    expect(call.config.recurrentActivation).toBe('sigmoid');
    expect(call.config.resetAfter).toBe(false);
    expect(getLayer('GRU')!.summary({ units: 64, returnSequences: true })).toBe('GRU · 64 units · returns sequences');
    expect(getLayer('Dense')!.summary({ units: 1, activation: 'linear' })).toBe('Dense · 1 unit'); // not "1 units"
    expect(getLayer('LSTM')!.summary({ units: 1, returnSequences: false })).toBe('LSTM · 1 unit · last state');
  });
});

describe('declarations are data', () => {
  it('no file in src-shared/layers imports the compiler', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(dir + file, 'utf8');
      // static imports/re-exports (possibly over several lines) and dynamic import()
      const specifiers = [...text.matchAll(/\b(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]!);
      for (const s of specifiers) if (/(^|\/)compiler(\/|$)/.test(s)) offenders.push(`${file}: ${s}`);
    }
    expect(offenders).toEqual([]);
  });
});

describe('categories', () => {
  it('every registered kind has a category from LAYER_CATEGORIES', () => {
    const ids = new Set<string>(LAYER_CATEGORIES.map((c) => c.id));
    expect(LAYERS.filter((l) => !ids.has(l.category)).map((l) => `${l.kind}: ${l.category}`)).toEqual([]);
    expect(ids.size).toBe(LAYER_CATEGORIES.length);
  });
  it("the palette's grouping shows every kind exactly once, in category order", () => {
    const groups = paletteGroups(LAYERS);
    expect(groups.flatMap((g) => g.items.map((d) => d.kind)).sort()).toEqual(LAYERS.map((l) => l.kind).sort());
    const order = LAYER_CATEGORIES.map((c) => c.id as string);
    expect(groups.map((g) => order.indexOf(g.category))).toEqual(groups.map((g) => order.indexOf(g.category)).sort((a, b) => a - b));
    for (const g of groups) expect(g.title).toBe(LAYER_CATEGORIES.find((c) => c.id === g.category)!.label);
  });
  it('the grouping filters by label, kind or category', () => {
    expect(paletteGroups(LAYERS, 'gru').flatMap((g) => g.items.map((d) => d.kind))).toEqual(['GRU']);
    expect(paletteGroups(LAYERS, ' POOLING ').map((g) => g.category)).toEqual(['pooling']);
    expect(paletteGroups(LAYERS, 'nothing like this')).toEqual([]);
  });
  it('Enter in the search adds the exact match before a longer name that contains it', () => {
    expect(bestMatch(LAYERS, 'dense')?.kind).toBe('Dense'); // not TimeDistributed(Dense), listed earlier
    expect(bestMatch(LAYERS, 'Drop')?.kind).toBe('Dropout');
    expect(bestMatch(LAYERS, 'lstm')?.kind).toBe('LSTM');
    expect(bestMatch(LAYERS, '  ')).toBeNull();
    expect(bestMatch(LAYERS, 'nothing like this')).toBeNull();
  });
});

describe('typed params', () => {
  it("a declaration's functions receive its params typed, every default filled, mistyped values replaced", () => {
    const seen: unknown[] = [];
    const specs = [int('units', 'Units', 4, 'Number of units.'), bool('returnSequences', 'Seq', false, 'Whole sequence.'), shape('target', 'Target', [2, 3], 'A shape.')] as const;
    const def = defineLayer({
      kind: 'Typed',
      label: 'Typed',
      category: 'core',
      help: 'Test-only kind.',
      params: specs,
      factory: 'dense',
      kerasClass: 'Dense',
      infer: (_inputs, p) => {
        seen.push(p);
        const units: number = p.units;
        const seq: boolean = p.returnSequences;
        const target: number[] = p.target;
        // @ts-expect-error: not a param of this kind
        void p.unitz;
        // @ts-expect-error: units is a number
        const wrong: string = p.units;
        void wrong;
        return ok([null, units, ...(seq ? target : [])]);
      },
      summary: (p) => `Typed · ${p.units}`,
    });
    expect(def.inferShape([[null, 1]], { units: 'seven', returnSequences: true, other: 1 })).toEqual({ ok: true, shape: [null, 4, 2, 3] });
    expect(seen[0]).toEqual({ units: 4, returnSequences: true, target: [2, 3] });
    expect((seen[0] as { target: number[] }).target).not.toBe(specs[2].default); // a copy: callers cannot change the spec
    expect(def.summary({ units: 9 })).toBe('Typed · 9');
  });
});
