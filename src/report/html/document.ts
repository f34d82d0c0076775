/**
 * The HTML document around a report: the inlined styles and script (uPlot included), the chart
 * data and the embedded JSON. A strict Content-Security-Policy forbids every network request, so
 * the page provably opens offline.
 */
import type { ChartSpec } from './chart-spec.js';
import { html, raw, scriptJson, type Markup } from './markup.js';
import { pageAssets } from './page-assets.js';

export interface DocumentParts {
  title: string;
  body: Markup;
  charts: ChartSpec[];
  /** The JSON behind the page: what "download JSON" saves. */
  embedded: unknown;
}

// Inline script and style only; no fetch, no image, no font, no frame from anywhere.
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; font-src 'none'";

/** The whole page as one string. */
export function renderDocument(parts: DocumentParts): string {
  const assets = pageAssets();
  // A literal "</script" in the bundle would end the element early.
  const script = assets.script.replace(/<\/script/gi, '<\\/script');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light dark">
<title>${parts.title}</title>
<style>${raw(assets.styles)}</style>
</head>
<body>
${parts.body}
<script type="application/json" id="rbench-report">${scriptJson(parts.embedded)}</script>
<script type="application/json" id="rbench-charts">${scriptJson(parts.charts)}</script>
<script>${raw(script)}</script>
</body>
</html>
`.text;
}
