import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifier, jsComment, jsString, layerName, pyString } from './sanitize';

describe('sanitize', () => {
  it('jsString round-trips any string through eval, also inside template literals and comments', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const lit = jsString(s);
        expect((0, eval)(lit)).toBe(s);
        expect((0, eval)('`' + '${' + lit + '}`')).toBe(s);
        expect(lit).not.toMatch(/\*\/|\$\{|`|\n|\r|\u2028|\u2029|<\//);
      }),
      { numRuns: 300 },
    );
    expect(jsString("a'b`c${d}*/e\u2028")).toBe("'a\\'b\\`c\\${d}*\\/e\\u2028'");
  });
  it('jsComment cannot close the comment', () => {
    expect(jsComment('x */ y\nz')).toBe('x * / y z');
  });
  it('pyString escapes quotes, backslashes and control characters', () => {
    expect(pyString('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd\\x01"');
  });
  it('identifier is valid in TS and Python and avoids reserved words', () => {
    expect(identifier('GRU layer #1')).toBe('GRU_layer_1');
    expect(identifier('1st')).toBe('_1st');
    expect(identifier('class')).toBe('class_');
    expect(identifier('None')).toBe('None_');
    expect(identifier('ü…')).toBe('u');
    expect(identifier('')).toBe('layer');
    fc.assert(fc.property(fc.string(), (s) => { expect(identifier(s)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/); }), { numRuns: 200 });
  });
  it('layerName is lowercase snake case starting with a letter', () => {
    expect(layerName('My GRU (encoder)')).toBe('my_gru_encoder');
    expect(layerName('123')).toBe('l_123');
    fc.assert(fc.property(fc.string(), (s) => { expect(layerName(s)).toMatch(/^[a-z][a-z0-9_]*$/); }), { numRuns: 200 });
  });
});
