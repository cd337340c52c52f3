/**
 * The one tokenizer rule (the preprocessing runtime and the Python export implement the same):
 *  1. Unicode NFKC normalization (full-width letters, ligatures and compatibility forms fold);
 *  2. lowercase (when `lowercase`; `toLowerCase`, locale-independent);
 *  3. `words`: tokens are maximal runs of Unicode letters (\p{L}), marks (\p{M}) and digits (\p{N});
 *     an apostrophe (' or ’) between two such characters stays inside the word (don't, l’amour), and
 *     the typographic ’ is written as ' in the token; everything else separates words and is dropped.
 *     `chars`: tokens are the code points of the string, with every run of whitespace as one ' ' and
 *     leading/trailing whitespace dropped.
 * An empty or whitespace-only text has no tokens.
 */
import { tokenizeText } from '../preprocess/runtime';
import type { TokenizeOptions } from './spec';

export function tokenize(text: string, opts: TokenizeOptions): string[] {
  return tokenizeText(text, opts.tokenizer, opts.lowercase);
}
