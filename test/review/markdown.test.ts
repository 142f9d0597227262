// The change report as GitHub renders it: names and values that contributors
// write (property names, enum values, examples, descriptions) may hold
// Markdown and HTML (`|`, backticks, `</details>`, `<script>`, newlines).
// Each case puts one into the golden base API and renders the report with
// marked (GitHub-flavoured Markdown): the summary table keeps one row of six
// cells per change, every <details> stays closed where the report closes it,
// no tag written in the API becomes HTML, and a code span shows the value as
// written.
import { readFileSync } from 'node:fs';
import { marked } from 'marked';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { breakingIntent } from '../../lib/diff/changelog.mjs';
import { compareSpecs } from '../../lib/diff/compare.mjs';
import { renderReport } from '../../lib/diff/report.mjs';
import { code, wordDiff } from '../../lib/diff/words.mjs';

const base = parse(readFileSync('test/review/golden/base.yaml', 'utf8'));

/** The report for an edit of the golden base, and its GitHub-flavoured HTML. */
function rendered(edit: (doc: any) => void) {
  const after = structuredClone(base);
  edit(after);
  const changes = compareSpecs(base, after);
  const markdown = renderReport({ base: 'base', head: 'the edit', changes, intent: breakingIntent('', changes.filter((c) => c.type === 'breaking')) });
  return { changes, markdown, html: marked.parse(markdown, { gfm: true, async: false }) as string };
}

const HOSTILE = [
  'a | b',
  'tick`s',
  '``double``',
  '`edge`',
  '</details><b>bold</b>',
  '<script>alert(1)</script>',
  'line one\n\n</details>\n\n# heading',
  '**not bold** _nor this_ [link](https://example.invalid)',
  '&amp; &lt;',
  'emoji 🎉 and RTL \u202eevil\u202c',
];

/** Where a hostile string can go in the base API, and the change it makes. */
const PLACES: [string, (doc: any, text: string) => void][] = [
  ['a property name', (doc, text) => Object.defineProperty(doc.components.schemas.Widget.properties, text, { value: { type: 'string' }, enumerable: true, writable: true, configurable: true })],
  ['an enum value', (doc, text) => doc.components.schemas.Codec.enum.push(text)],
  ['a description', (doc, text) => (doc.components.schemas.WidgetCreate.properties.name.description = text)],
  ['an example value', (doc, text) => (doc.components.examples['widget-create-minimal'].value = { name: text })],
  ['a schema name', (doc, text) => (doc.components.schemas[text] = { type: 'string' })],
];

describe('the report as GitHub renders it, with Markdown and HTML in the API', () => {
  it.each(PLACES.flatMap(([place, put]) => HOSTILE.map((text) => [place, JSON.stringify(text), put, text] as const)))('%s %s', (_place, _shown, put, text) => {
    const { changes, markdown, html } = rendered((doc) => put(doc, text));
    expect(changes.length).toBeGreaterThan(0);
    // One table: a header and one row per change, six cells each.
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    expect(tables).toHaveLength(1);
    const rows = (tables[0] ?? '').match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(changes.length + 1);
    for (const row of rows) expect(row.match(/<t[hd][ >]/g)).toHaveLength(6);
    // The report's own <details> blocks only, each closed by the report.
    const classes = new Set(changes.map((c) => c.type)).size;
    expect(html.match(/<details>/g)).toHaveLength(classes);
    expect(html.match(/<\/details>/g)).toHaveLength(classes);
    expect(markdown.match(/^<\/details>$/gm)).toHaveLength(classes);
    // No tag written in the API is HTML in the page.
    expect(html).not.toMatch(/<script|<b>|<h1/);
    // Every line of the report is one of its own: no value starts a line of its own.
    for (const line of markdown.split('\n')) expect(line).toMatch(/^(|## .*|\d+ changes?: .*|No API change\.|\| .* \||<details>|<\/details>|<summary>.*<\/summary>|- \*\*.*|  - .*|\*\*Result:\*\*.*|```.*|### Breaking|- <what.*|\d+ changes? may .*)$/);
  });

  it.each(HOSTILE)('shows %j exactly in a code span', (text) => {
    const html = marked.parseInline(code(text), { gfm: true, async: false }) as string;
    const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
    const shown = html.replace(/^<code>|<\/code>$/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (_, name) => entities[name]);
    expect(shown).toBe(text.replace(/\s+/g, ' '));
  });

  it('keeps a changed text short: long runs of added or removed words are cut, with their length', () => {
    const long = 'word '.repeat(20_000).trim();
    const diff = wordDiff('A short description.', `A short description. ${long}`);
    expect(diff.length).toBeLessThan(1_000);
    expect(diff).toContain('characters');
    // One long unchanged word (a token, base64 in an example) around a change is cut too.
    const token = 'x'.repeat(50_000);
    for (const [was, now] of [[`${token} a`, `${token} b`], [`start ${token} middle a`, `start ${token} middle b`], [`a ${token}1 b`, `a ${token}2 b`]]) {
      expect(wordDiff(was, now).length).toBeLessThan(1_200);
    }
    const { markdown } = rendered((doc) => (doc.components.schemas.WidgetCreate.properties.name.description = long));
    expect(markdown.length).toBeLessThan(5_000);
  });
});
