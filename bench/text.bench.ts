/**
 * Text input (src-shared/text/): tokenize + encode 100,000 short texts (target < 1 s) with the words
 * and chars tokenizers, and building the vocabulary. The texts are the spam sample's messages cut to
 * their first 12 words (subject and a few body words: SMS-length), cycled with a counter word so most
 * are distinct.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseCsvText } from '../src-shared/data/csv';
import { textAt } from '../src-shared/data/column';
import { defaultTextPrep } from '../src-shared/text/spec';
import { tokenize } from '../src-shared/text/tokenize';
import { buildVocabulary, encodeTokens } from '../src-shared/text/vocabulary';
import { report, row, timeRuns } from './lib';

const N = 100_000;
const L = 32;
const ds = await parseCsvText(readFileSync('resources/samples/spam.csv', 'utf8'));
const col = ds.columns.find((c) => c.name === 'text')!;
const base = Array.from({ length: ds.rowCount }, (_, i) => textAt(col, i).split(/\s+/).slice(0, 12).join(' '));
const texts = Array.from({ length: N }, (_, i) => `${base[i % base.length]} n${i % 997}`);
const chars = texts.length ? texts.reduce((t, s) => t + s.length, 0) / N : 0;

const words = defaultTextPrep({ column: 'text', sequenceLength: L });
const charOpts = defaultTextPrep({ column: 'text', tokenizer: 'chars', sequenceLength: 4 * L });
const vWords = buildVocabulary(texts, words);
const vChars = buildVocabulary(texts, charOpts);

function encodeAll(opts: typeof words, vocab: typeof vWords, length: number): Float32Array {
  const out = new Float32Array(N * length);
  for (let i = 0; i < N; i++) encodeTokens(tokenize(texts[i]!, opts), vocab, opts, length, out, i * length);
  return out;
}

const rows = [
  row(`tokenize + encode ${N.toLocaleString('en-US')} short texts (words, length ${L})`, await timeRuns(() => encodeAll(words, vWords, L), 5, 1), 'ms', {
    target: 1000,
    note: `texts of ${chars.toFixed(0)} characters on average; vocabulary ${vWords.tokens.length.toLocaleString('en-US')} ids`,
  }),
  row(`tokenize + encode ${N.toLocaleString('en-US')} short texts (chars, length ${4 * L})`, await timeRuns(() => encodeAll(charOpts, vChars, 4 * L), 5, 1), 'ms', { target: 1000 }),
  row(`build the vocabulary of ${N.toLocaleString('en-US')} short texts (words)`, await timeRuns(() => buildVocabulary(texts, words), 5, 1), 'ms'),
];
report('text', rows, { texts: N, averageChars: Math.round(chars), loadAverage: loadavg().map((x) => +x.toFixed(1)), cpus: cpus().length });
