// `npm run docs [-- --spec FILE] [-- --out FILE]`: renders the spec source as
// it is now (openapi/openapi.yaml and the files it references, not the
// committed bundle, so an edit shows before `npm run generate`) into one HTML
// file that works offline: --inlineBundle embeds Redoc's scripts and styles,
// and the only thing Redoc still fetches when the page opens, its attribution
// logo, is inlined below.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { run } from './run.mjs';

const { values: args } = parseArgs({
  options: {
    spec: { type: 'string', default: 'openapi/openapi.yaml' },
    out: { type: 'string', default: 'artifacts/docs/index.html' },
  },
});
const DOCS_HTML = args.out;

mkdirSync(dirname(DOCS_HTML), { recursive: true });
run('redocly', ['build-docs', args.spec, '-o', DOCS_HTML, '--inlineBundle'], { quiet: true });

// The same words as the CDN logo, drawn as inline SVG: the credit stays and
// nothing leaves the machine (the docs test fails on any request that does).
const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#555">Redocly</text></svg>`;
const dataUri = `data:image/svg+xml,${encodeURIComponent(logo)}`;
const html = readFileSync(DOCS_HTML, 'utf8').replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, dataUri);
writeFileSync(DOCS_HTML, html);
console.log(`docs: wrote ${DOCS_HTML} (${Math.round(html.length / 1024)} KiB, offline).`);
