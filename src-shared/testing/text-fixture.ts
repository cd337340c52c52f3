/**
 * Texts that exercise the tokenizer rule everywhere it is implemented (app, runtime, Python): Unicode
 * letters with marks, compatibility forms, case folding, apostrophes, punctuation, emoji, scripts with
 * combining marks, whitespace runs, an empty and a punctuation-only text, and a long one.
 */
export const TEXT_FIXTURE: readonly string[] = [
  "Hello, World! It's a fine day — isn't it?",
  'ÉCOLE naïve café Straße ΟΔΟΣ İstanbul',
  'ＦＵＬＬＷＩＤＴＨ ﬁle ① ² ㎏',
  "l’amour rock'n'roll 'quoted' it''s don’t’",
  '東京タワー 😀 emoji👍🏽 mixed123abc 3.14 1,000',
  'मराठी नमस्ते दुनिया مرحبا بالعالم',
  'e\u0301 combining Cafe\u0301',
  'tabs\tand  spaces\u00a0nbsp\u3000ideographic',
  '',
  '!!! ... ??? ---',
  'word '.repeat(700) + 'end',
  'FREE money!!! Win a PRIZE now: call 555-0100',
  'Meeting at 10am; lunch with the team? Report due Friday.',
];

/** A labelled CSV (tab-separated, no quoting needed) of the fixture texts, repeated with variations. */
export function textFixtureCsv(rows = 60): string {
  const lines = ['text\tlabel'];
  for (let i = 0; i < rows; i++) {
    const t = TEXT_FIXTURE[i % TEXT_FIXTURE.length]!;
    const spam = /free|win|prize|!!!/i.test(t) || i % 4 === 0;
    const s = t.replace(/\t/g, ' ');
    lines.push(`${i % 5 === 1 ? s.toUpperCase() : s}${i % 3 === 0 ? ` extra${i % 7}` : ''}\t${spam ? 'spam' : 'ham'}`);
  }
  return lines.join('\n') + '\n';
}
