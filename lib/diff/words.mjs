// A changed text (a description, a summary) shown as the words that changed,
// with a few words of context either side, for a Markdown report. The word
// diff itself is the `diff` package's diffWords.
import { diffWords } from 'diff';

/** Words of unchanged text kept before and after each change. */
const CONTEXT = 6;

/** Characters of unchanged text kept either side of a change, whatever the words. */
const CONTEXT_CHARS = 80;

/**
 * Text safe to place in Markdown and inline HTML: whitespace runs become one
 * space, `<`, `>` and `&` become entities, Markdown's inline markers are escaped.
 * @param {string} text
 */
export function inlineText(text) {
  return text
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1');
}

/**
 * `value` as a Markdown code span that shows it exactly: whitespace runs
 * (newlines included, which could end a list item or the <details> around it)
 * become one space, and the fence is one backtick longer than the longest run
 * of backticks inside (CommonMark code spans), so a backtick in a name or an
 * enum value is shown, not turned into another character.
 * @param {unknown} value
 * @returns {string}
 */
export function code(value) {
  const text = String(value).replace(/\s+/g, ' ');
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = /^`|`$/.test(text) || (/^ .*\S.* $/.test(text)) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Characters of one added or removed run shown; the rest is counted, not shown. */
const RUN = 500;

/**
 * `value` with its leading and trailing whitespace kept outside `wrap`; a run
 * longer than RUN characters is cut, with the count of what was left out, so
 * a description pasted in whole does not fill the report.
 */
function wrapped(value, wrap) {
  const [, lead, body, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(value);
  const chars = [...body];
  const shown = chars.length > RUN ? `${chars.slice(0, RUN).join('')}… (${chars.length - RUN} more characters)` : body;
  return `${lead ? ' ' : ''}${wrap(inlineText(shown))}${trail ? ' ' : ''}`;
}

/**
 * The words that changed from `before` to `after`, in Markdown: removed words
 * in `<del>`, added words in `<ins>`, at most CONTEXT unchanged words around
 * each change, `…` where unchanged text is left out. '' when the texts have
 * the same words.
 * @param {string} before
 * @param {string} after
 * @returns {string}
 */
export function wordDiff(before, after) {
  const parts = diffWords(String(before ?? ''), String(after ?? ''));
  if (parts.every((part) => !part.added && !part.removed)) return '';
  const out = parts.map((part, index) => {
    if (part.removed) return wrapped(part.value, (text) => `<del>${text}</del>`);
    if (part.added) return wrapped(part.value, (text) => `<ins>${text}</ins>`);
    const words = part.value.split(/\s+/);
    // Keep the head after a change and the tail before the next one: CONTEXT words, and at most
    // CONTEXT_CHARS characters (one long word, a token or base64 in an example, is cut too).
    const keepHead = index === 0 ? 0 : CONTEXT + 1;
    const keepTail = index === parts.length - 1 ? 0 : CONTEXT + 1;
    const fits = keepHead + keepTail >= words.length;
    if (fits && [...part.value].length <= 2 * CONTEXT_CHARS) return inlineText(part.value);
    const clip = (text, fromEnd) => {
      const chars = [...text];
      return chars.length <= CONTEXT_CHARS ? text : (fromEnd ? chars.slice(-CONTEXT_CHARS) : chars.slice(0, CONTEXT_CHARS)).join('');
    };
    const head = keepHead ? inlineText(clip(fits ? part.value.trimStart() : words.slice(0, keepHead).join(' '), false)) : '';
    const tail = keepTail ? inlineText(clip(fits ? part.value.trimEnd() : words.slice(words.length - keepTail).join(' '), true)) : '';
    return `${head}${head ? ' ' : ''}…${tail ? ' ' : ''}${tail}`;
  });
  return out.join('').replace(/ {2,}/g, ' ').trim();
}
