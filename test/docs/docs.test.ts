// The reference a reviewer reads: `npm run docs` builds one HTML file, and
// real headless Chromium opens it offline: the installed Chrome or Chromium
// that lib/browser/chromium.mjs finds (CHROME_PATH, then the usual places;
// Debian's here and in .ci/run), never a browser playwright-core would download.
// Every expectation comes from generated/openapi.json, not from a copy here.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, INSTALL_HINT, findChromium } from '../../lib/browser/chromium.mjs';
import { runScriptAsync } from '../support/exec.js';
import { deref, operations, spec } from '../support/spec.js';

// One run of `npm run docs` (scripts/docs.mjs, no flags: its default paths)
// starts as this file loads, and the browser starts while it runs. It runs
// in a scratch folder, as its working directory, that holds what the command
// reads in a checkout: a copy of openapi/ with one edit, a marker paragraph
// first in info.description, beside redocly.yaml and the lib/ its lint
// plugin comes from. So the one build proves both things: the default paths
// (openapi/openapi.yaml in, artifacts/docs/index.html out, relative to where
// it runs), and that the page shows the source as it is now, not generated/
// (the scratch folder has none; the marker is in no committed file). The
// browser then checks the page against generated/openapi.json, the marker
// paragraph aside (DECISIONS.md D132).
const MARKER = `Edited-${Date.now()}-not-in-generated`;
const scratch = mkdtempSync(join(tmpdir(), 'sip-spec-docs-'));
const HTML = join(scratch, 'artifacts/docs/index.html');
const SCREENSHOT = resolve('artifacts/docs/screenshot.png');
const build = (() => {
  try {
    cpSync('openapi', join(scratch, 'openapi'), { recursive: true });
    cpSync('redocly.yaml', join(scratch, 'redocly.yaml'));
    symlinkSync(resolve('lib'), join(scratch, 'lib'));
    const root = join(scratch, 'openapi', 'openapi.yaml');
    const source = readFileSync(root, 'utf8');
    const edited = source.replace(/^  description: \|-\n/m, (line) => `${line}    ${MARKER}\n\n`);
    if (edited === source) throw new Error('openapi/openapi.yaml: no info.description block to put the marker in');
    writeFileSync(root, edited);
  } catch (error) {
    // The file fails to load, so no afterAll runs: the scratch folder goes here.
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  return runScriptAsync([resolve('scripts/docs.mjs')], { cwd: scratch, timeoutMs: 120_000 });
})();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Operations whose request body offers handler variants: their mapping keys and example summaries. */
const withVariants = operations().flatMap(({ operationId, op }) => {
  const media = op.requestBody?.content?.['application/json'];
  if (!media) return [];
  const withHandler = deref(media.schema).oneOf?.find((branch: any) => deref(branch).discriminator);
  if (!withHandler) return []; // a plain body (subscriber credentials, assign): no variants to show
  const examples = Object.values<any>(media.examples).map((ex) => deref(ex).summary);
  return [{ operationId, handlers: Object.keys(deref(withHandler).discriminator.mapping), examples }];
});

/** The values a Redoc switcher offers: tabs when few, else a dropdown whose menu opens under <body>. */
async function offered(page: Page, switcher: Locator): Promise<string[]> {
  await switcher.waitFor();
  const tabs = switcher.locator('[role=tab]');
  if ((await tabs.count()) > 0) return tabs.allInnerTexts();
  const menu = page.locator('body > div > [role=menu]');
  const button = switcher.locator('button').first();
  await button.click();
  await menu.waitFor();
  // A long menu starts with a search box, itself a menu item.
  const texts = (await menu.locator('[role=menuitem]:not(:has(input))').allInnerTexts()).map((t) => t.trim());
  await button.click(); // closes it again (Escape does not)
  await menu.waitFor({ state: 'detached' });
  return texts;
}

/**
 * Clicks the menu's link to an operation and waits for its section, which
 * Redoc renders on its own route. Under load a click can land while Redoc
 * re-renders the menu and go nowhere: the link is clicked again until the
 * section shows (or 45 s pass), as a user would.
 */
async function openOperation(page: Page, operationId: string): Promise<Locator> {
  const link = page.locator(`a[href$="/${operationId}"]`).first();
  const section = page.locator(`[id$="/${operationId}"]`);
  const deadline = Date.now() + 45_000;
  for (;;) {
    await link.click({ timeout: 10_000 });
    try {
      await section.first().waitFor({ timeout: 5_000 });
      return section;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

// The browser, for every test of this file: it starts while the build runs.
let browser: Browser | undefined;
let page: Page;
const outside: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  const executablePath = findChromium();
  expect(executablePath, INSTALL_HINT).toBeTypeOf('string');
  // playwright-core (about 1 s of CPU to load) is imported here, not above,
  // so the build, started as this file loaded, runs while it loads (D133).
  const { chromium } = await import('playwright-core');
  const launched = chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
  // Awaited together, so a failed build never leaves the browser running.
  const [built, started] = await Promise.allSettled([build, launched]);
  if (started.status === 'fulfilled') browser = started.value;
  if (built.status === 'rejected') throw built.reason;
  expect(built.value.output).toContain('docs: wrote artifacts/docs/index.html');
  expect(built.value.status).toBe(0);
  if (started.status === 'rejected') throw started.reason;
  page = await started.value.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(20_000); // generous: CI runs other test files beside this one
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  // Anything but the file itself is refused and recorded: the docs must work offline.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(HTML).href, { waitUntil: 'load', timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe('npm run docs renders the source as it is now', { timeout: 120_000 }, () => {
  it('shows an edit to openapi/ before any `npm run generate`', async () => {
    expect(readFileSync(HTML, 'utf8')).toContain(MARKER);
    expect(readFileSync('generated/openapi.yaml', 'utf8')).not.toContain(MARKER);
    // On the page, not only in the file: the marker paragraph is read as text
    // while the page is still at its top (Redoc skips rendering what is far
    // from the screen, so this runs before the tests that scroll).
    const paragraph = page.getByText(MARKER, { exact: true });
    await paragraph.waitFor();
    expect(await paragraph.innerText()).toBe(MARKER);
  });
});

// Browser steps wait on rendering: a loaded machine needs more than the default 30 s a test.
describe('rendered docs (npm run docs, headless Chromium)', { timeout: 120_000 }, () => {
  it('is one file that loads no script or style from elsewhere', () => {
    const html = readFileSync(HTML, 'utf8');
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=["']?https?:/i);
    expect(html).not.toMatch(/@import\s+(url\()?["']?https?:/i);
    expect(html).not.toContain('cdn.redoc.ly');
  });

  it('renders the reference, not a blank or error page', async () => {
    await page.getByRole('heading', { level: 1, name: `${spec.info.title} (${spec.info.version})` }).waitFor();
    await page.screenshot({ path: SCREENSHOT });
    console.log(`docs screenshot: ${SCREENSHOT}`);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });

  it('shows every operation under its summary, deprecated exactly where the spec says, and every tag description', async () => {
    // Redoc renders sections lazily, in no fixed time: each tag's description is
    // looked for while its operations are on screen. Markdown code spans render
    // without their backticks, and Redoc may curl quotes: compare plain text.
    const plain = (text: string) => text.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
    const starts: string[] = spec.tags.map((tag: any) => plain(tag.description.replace(/`/g, '')).slice(0, 40));
    const seen = new Set<string>();
    const look = async () => {
      // The page's whole text costs Chromium a layout: read only while a description is still missing.
      if (starts.every((start) => seen.has(start))) return [];
      const text = plain(await page.locator('body').innerText());
      for (const start of starts) if (text.includes(start)) seen.add(start);
      return starts.filter((start) => !seen.has(start));
    };
    for (const { operationId, op } of operations()) {
      const section = await openOperation(page, operationId);
      // The heading holds the summary, then Redoc's badge when the operation is deprecated.
      const heading = section.locator('h1, h2').first();
      // Both checks read the text the poll read: a second read could find the
      // heading already skipped (content-visibility: auto) and get ''.
      let lines: string[] = [];
      await expect.poll(async () => (lines = (await heading.innerText()).split('\n'))[0], { timeout: 15_000 }).toBe(op.summary);
      expect(lines, operationId).toEqual(op.deprecated ? [op.summary, 'Deprecated'] : [op.summary]);
      await look();
    }
    await expect.poll(look, { timeout: 45_000 }).toEqual([]);
  });

  it('offers every call_handler variant and every request example', async () => {
    expect(withVariants.map((v) => v.operationId).sort()).toEqual(['create_sip_credential', 'create_sip_endpoint', 'update_sip_credential', 'update_sip_endpoint']);
    for (const { operationId, handlers, examples } of withVariants) {
      const section = await openOperation(page, operationId);
      const discriminator = section.locator('[data-section-id="switcher"]', { hasText: 'Discriminator' });
      expect(await offered(page, discriminator), operationId).toEqual(handlers);
      const exampleMenu = section.locator('button[aria-label="Example"]', { hasText: examples[0] }).locator('..');
      expect(await offered(page, exampleMenu), operationId).toEqual(examples);
    }
  });

  it('made no request outside the file and logged no console error', () => {
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
