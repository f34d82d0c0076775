/**
 * The "download JSON" link: the embedded report, written back out exactly as rbench writes it
 * (two-space indent, trailing newline), from memory; opening the page fetches nothing.
 */

/** Points every `a[data-download-json]` at a blob of the embedded report. */
export function wireDownloadLinks(root: Document): void {
  const source = root.getElementById('rbench-report');
  if (!source) return;
  const text = `${JSON.stringify(JSON.parse(source.textContent ?? 'null'), null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  for (const link of root.querySelectorAll<HTMLAnchorElement>('a[data-download-json]')) link.href = url;
}
