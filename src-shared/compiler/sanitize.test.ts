import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifier, jsComment, jsString, layerName, pyComment, pyNumber, pyString, tsNumber } from './sanitize';

/** Debian's python3 when there is one (the CI image), else python3 on PATH; null when there is none. */
const PYTHON = ((): string | null => {
  for (const p of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(p, ['-c', 'pass'], { stdio: 'ignore' });
      return p;
    } catch {
      // try the next one
    }
  }
  return null;
})();
if (!PYTHON) console.warn('sanitize.test: no python3 found, the Python round-trip tests are SKIPPED');

/** Strict mode, as in ES modules: octal escapes (`'\01'`) are a SyntaxError here, unlike in a sloppy eval. */
function strictEval(code: string): unknown {
  return new Function(`"use strict"; return (${code});`)();
}

/** Characters no emitter may write raw (control, format, line/paragraph separators, lone surrogates). */
const RAW_INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Mostly the characters that broke generated code once or could: NUL before digits, quotes, comment ends. */
const NASTY = fc.constantFrom(
  '\0', '1', '7', '8', '\\', "'", '"', '`', '$', '{', '*', '/', '<', '#', '\n', '\r', '\t', '\v', '\f', '\x1b', '\x7f', '\x85', '\x9f',
  '\u2028', '\u2029', '\ud800', '\udbff', '\udc00', '\udfff', '\u202e', '\u2066', '\u200b', '\ufeff', '\u{1f600}', '\u{e0041}', 'é', 'x',
);
const hostileString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: NASTY, maxLength: 12 }));

describe('sanitize', () => {
  it('jsString round-trips any string under strict mode, also inside template literals, with nothing raw that could end code', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const lit = jsString(s);
        expect(strictEval(lit)).toBe(s);
        expect(strictEval('`' + '${' + lit + '}`')).toBe(s);
        // outside its escapes: no backtick, `${`, `*/` or `</`
        expect(lit.replace(/\\[\s\S]/g, '_')).not.toMatch(/\*\/|\$\{|`|<\//);
        expect(lit).not.toMatch(RAW_INVISIBLE);
      }),
      { numRuns: 1000, seed: 12 },
    );
    expect(jsString("a'b`c${d}*/e\u2028")).toBe("'a\\'b\\`c\\${d}*\\/e\\u2028'");
    // NUL before a digit: `\01` would be an octal escape (TS1487, SyntaxError in ES modules)
    expect(jsString('\u00001')).toBe("'\\x001'");
    expect(jsString('\ud800\udc00\ud800')).toBe("'\u{10000}\\ud800'");
    expect(jsString('\x7f\x85\u202e')).toBe("'\\x7f\\x85\\u202e'");
  });
  it('jsComment cannot end or escape a line or block comment, and shows invisible characters as escapes', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const c = jsComment(s);
        expect(strictEval(`/* ${c} */ // ${c}\n 1`)).toBe(1);
        expect(c).not.toMatch(/\*\//);
        expect(c).not.toMatch(RAW_INVISIBLE);
      }),
      { numRuns: 1000, seed: 12 },
    );
    expect(jsComment('x */ y\nz')).toBe('x * / y z');
    expect(jsComment('a\u0000b\ud800')).toBe('a\\x00b\\ud800');
  });
  it('pyString escapes quotes, backslashes, control characters and lone surrogates', () => {
    expect(pyString('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd\\x01"');
    expect(pyString('"""\u00001\ud800\udc00\ud83d')).toBe('"\\"\\"\\"\\x001\u{10000}\\ud83d"');
    expect(pyString('\u2028\x7f')).toBe('"\\u2028\\x7f"');
  });
  it('tsNumber writes NaN, ±Infinity and -0 as expressions with exactly that value', () => {
    for (const n of [NaN, Infinity, -Infinity, -0, 0, 1e21, 5e-324, -1.5, Number.MAX_SAFE_INTEGER + 2]) {
      const got = (strictEval(`[${tsNumber(n)}]`) as number[])[0];
      expect([tsNumber(n), Object.is(got, n)]).toEqual([tsNumber(n), true]);
    }
  });
  it.skipIf(!PYTHON)('pyString, pyComment and pyNumber: the Python file compiles and every value round-trips (python3)', () => {
    const strings = fc.sample(hostileString, { numRuns: 600, seed: 12 });
    strings.push('"""', "'''", '\\', '\u00001', '\ud800', '\udfff', '\u2028\u2029', '#', 'a\rb', '\x0c\x0b\x1c\x85', '');
    const numbers = [NaN, Infinity, -Infinity, -0, 0, 1e21, 5e-324, -1.5, 0.1];
    for (const s of strings) expect(pyComment(s)).not.toMatch(RAW_INVISIBLE);
    const src = [
      ...strings.map((s) => `# ${pyComment(s)} — a comment`),
      'import json, sys',
      `VALUES = [${strings.map(pyString).join(',\n  ')}]`,
      `NUMBERS = [${numbers.map(pyNumber).join(', ')}]`,
      'sys.stdout.write(json.dumps({"values": VALUES, "numbers": [repr(x) for x in NUMBERS]}))',
      '',
    ].join('\n');
    // written as UTF-8 like every export file; compile() and run it
    const out = execFileSync(PYTHON!, ['-c', 'import sys; src = sys.stdin.buffer.read(); exec(compile(src, "gen.py", "exec"))'], { input: Buffer.from(src, 'utf8') }).toString();
    const r = JSON.parse(out) as { values: string[]; numbers: string[] };
    expect(r.values.length).toBe(strings.length);
    r.values.forEach((v, i) => expect([i, v]).toEqual([i, strings[i]]));
    expect(r.numbers).toEqual(['nan', 'inf', '-inf', '-0.0', '0', '1e+21', '5e-324', '-1.5', '0.1']);
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
