/**
 * The HTML report in a real browser (Debian's headless Chromium through puppeteer-core): for a
 * closed-loop run, an open-model run, a cluster run, a drill, a sweep and a compare, made by real
 * runs against real servers, the page loads with no console error and no network request (every
 * request is intercepted and counted), every chart is drawn, the figures on the page are those of
 * the JSON, and a screenshot lands in the test's temp folder (RBENCH_SCREENSHOTS=DIR keeps copies).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initHistogramBackend } from '../../src/metrics/index.js';
import { formatUs } from '../../src/report/format.js';
import { renderRunHtml } from '../../src/report/html/run-page.js';
import { groupDigits } from '../../src/report/html/numbers.js';
import type { ChartSpec } from '../../src/report/html/chart-spec.js';
import type { RunResult } from '../../src/report/run-result.js';
import { chartsDrawn, launchBrowser, openReport, type ReportBrowser } from '../helpers/browser.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';
import { useLocalCluster, useRedis } from '../helpers/redis.js';
import { samplePhase, sampleResult } from '../helpers/sample-result.js';

requireBuiltCli();
const server = useRedis();
const cluster = useLocalCluster({ masters: 3, replicas: 0 });
const tmp = useTempDir();
let browser: ReportBrowser | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const MIX = ['--command', 'SET {key} {value}', '--command', 'GET {key}', '--keys', '1000'];

/** Runs rbench with --out and --html into the temp folder; returns both paths and the report. */
async function runWithHtml(name: string, args: string[], expectedCode = 0): Promise<{ json: string; html: string; report: RunResult }> {
  const json = join(tmp(), `${name}.json`);
  const html = join(tmp(), `${name}.html`);
  const result = await runCli([...args, '--out', json, '--html', html, '--quiet'], { timeoutMs: 60_000 });
  expect(result.code, describeRun(result)).toBe(expectedCode);
  return { json, html, report: await readReport(json) };
}

/** Opens the page and checks what every page must do; returns the page for specific checks. */
async function checkPage(file: string, name: string): Promise<{ page: Page; charts: ChartSpec[] }> {
  const opened = await openReport(browser!, file);
  expect(opened.errors, 'console errors').toEqual([]);
  expect(opened.requests, 'network requests').toEqual([]);
  const drawn = await chartsDrawn(opened.page);
  expect(drawn.length).toBeGreaterThan(0);
  expect(drawn.filter((c) => !c.drawn), 'blank charts').toEqual([]);
  const specs = JSON.parse((await opened.page.$eval('#rbench-charts', (e) => e.textContent))!) as ChartSpec[];
  expect(Number(await opened.page.$eval('html', (e) => e.getAttribute('data-charts-drawn')))).toBe(specs.length);
  const shot = join(tmp(), `${name}.png`);
  await opened.page.screenshot({ path: shot, fullPage: true });
  if (process.env.RBENCH_SCREENSHOTS) {
    await mkdir(process.env.RBENCH_SCREENSHOTS, { recursive: true });
    await copyFile(shot, join(process.env.RBENCH_SCREENSHOTS, `${name}.png`));
  }
  return { page: opened.page, charts: specs };
}

async function field(page: Page, selector: string): Promise<{ value: string | null; text: string }> {
  return page.$eval(selector, (e) => ({ value: e.getAttribute('data-value'), text: (e.querySelector('.value') ?? e).textContent!.trim() }));
}

/** Phase totals and one command's p99 on the page equal the JSON's. */
async function expectFiguresOf(page: Page, report: RunResult, command: string): Promise<void> {
  for (const phase of report.phases) {
    const scope = `section[data-phase="${phase.name}"]`;
    const ops = await field(page, `${scope} .tile[data-field="ops"]`);
    expect(Number(ops.value)).toBe(phase.totals.ops);
    expect(ops.text).toBe(groupDigits(phase.totals.ops));
    const p99 = await field(page, `${scope} tr[data-command="${command}"] td[data-field="p99"]`);
    expect(Number(p99.value)).toBe(phase.commands[command]!.latencyUs.p99);
    expect(p99.text).toBe(formatUs(phase.commands[command]!.latencyUs.p99));
  }
}

/** Clicks "download JSON" and returns the file the browser saved. */
async function downloadJson(page: Page): Promise<string> {
  const folder = await mkdtemp(join(tmp(), 'download-'));
  const session = await page.createCDPSession();
  await session.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: folder });
  const link = await page.$('a[data-download-json]');
  const name = await link!.evaluate((a) => a.getAttribute('download')!);
  await link!.click();
  const path = join(folder, name);
  // Chromium writes NAME.crdownload, then renames it to NAME once complete.
  for (let i = 0; i < 200 && !(await readdir(folder)).includes(name); i++) await new Promise((r) => setTimeout(r, 50));
  return readFile(path, 'utf8');
}

describe('HTML report in a browser', () => {
  it('a 1-hour report (3,600 timeline rows per phase) opens with every chart drawn in under a second', async () => {
    await initHistogramBackend('wasm');
    const phase = (name: string) => samplePhase({ name, seconds: 3600, perSecond: 4, latencyUs: (s, i) => 100 + ((s * 7 + i * 13) % 900) });
    const file = join(tmp(), 'hour.html');
    const result = sampleResult([phase('pipeline=1'), phase('pipeline=16')]);
    const renderStart = performance.now();
    const page = renderRunHtml(result);
    const renderMs = performance.now() - renderStart;
    await writeFile(file, page);
    const opened = await openReport(browser!, file);
    expect(opened.errors).toEqual([]);
    expect((await chartsDrawn(opened.page)).every((c) => c.drawn)).toBe(true);
    process.stderr.write(`1-hour report: ${(page.length / 1024).toFixed(0)} KiB, rendered in ${renderMs.toFixed(0)} ms, opened and drawn in ${opened.loadMs} ms\n`);
    // Typically ~300 ms here; the margin is for a machine shared with other test suites.
    expect(opened.loadMs).toBeLessThan(3000);
    await opened.page.close();
  }, 60_000);

  it('closed loop: two phases, sortable table, comparison bars; `rbench report --html` gives the same page', async () => {
    const target = `redis://127.0.0.1:${server().port}`;
    const { json, html, report } = await runWithHtml('closed', ['run', '--target', target, ...MIX, '--duration', '3s', '--pipeline', '1,8', '--connections', '4']);
    const { page, charts } = await checkPage(html, 'closed');
    await expectFiguresOf(page, report, 'GET');
    // Where the time went: the server's own p99 beside the client's, and rbench's own noise.
    const serverSide = report.phases[0]!.commands.GET!.serverLatencyUs;
    expect(serverSide, 'Redis 7 answers LATENCY HISTOGRAM').toBeTruthy();
    const serverP99 = await field(page, 'section[data-phase="pipeline=1"] tr[data-command="GET"] td[data-field="server p99"]');
    expect(Number(serverP99.value)).toBe(serverSide!.p99);
    expect(serverP99.text).toBe(`≤${formatUs(serverSide!.p99)}`);
    expect(await page.$eval('section[data-phase="pipeline=1"] .qualifiers', (e) => e.textContent)).toContain(`total p99: ${formatUs(report.phases[0]!.totals.latencyUs.p99)} at the client, ≤${formatUs(report.phases[0]!.totals.serverLatencyUs!.p99)} in Redis`);
    expect(await page.$eval('section[data-phase="pipeline=1"] .qualifiers', (e) => e.textContent)).toMatch(/Client: busiest worker \d+% busy; event-loop delay p99/);
    // The embedded report is the JSON file, and "download JSON" gives it back byte for byte.
    expect(await downloadJson(page)).toBe(await readFile(json, 'utf8'));
    // Per phase: throughput and latency over time and the spectrum; plus two comparison bar charts.
    expect(charts.filter((c) => c.kind === 'time')).toHaveLength(4);
    expect(charts.filter((c) => c.kind === 'spectrum').map((c) => c.series.map((s) => s.label))).toEqual([['SET', 'GET'], ['SET', 'GET']]);
    expect(await page.$$eval('#comparison svg.bars', (s) => s.length)).toBe(2);
    // No partial second drawn as a fall: every drawn second carries at least a third of the median rate.
    for (const c of charts.filter((x) => x.kind === 'time' && x.yUnit === 'ops')) {
      const rates = (c.data[1] as number[]).slice().sort((a, b) => a - b);
      expect(rates[0]!, JSON.stringify(c.data)).toBeGreaterThan(rates[Math.floor(rates.length / 2)]! / 3);
    }
    // Sorting by p99, then reversing it.
    const scope = `section[data-phase="pipeline=1"]`;
    const p99Order = () => page.$$eval(`${scope} tbody tr td[data-field="p99"]`, (cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    const header = await page.$$(`${scope} table.sortable thead th button`);
    await header[7]!.click();
    const ascending = await p99Order();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header[7]!.click();
    expect(await p99Order()).toEqual([...ascending].reverse());
    // Printing: the link and hints go, the charts are redrawn to the paper's width, a PDF comes out.
    await page.emulateMediaType('print');
    expect(await (await page.$('a[data-download-json]'))!.isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
    // A pure function of the JSON: re-rendering the saved report gives the same file.
    const again = join(tmp(), 'closed-again.html');
    const rendered = await runCli(['report', json, '--html', again]);
    expect(rendered.code, describeRun(rendered)).toBe(0);
    expect(await readFile(again, 'utf8')).toBe(await readFile(html, 'utf8'));
  }, 60_000);

  it('open model: service time beside response time in the spectrum, and the schedule', async () => {
    const target = `redis://127.0.0.1:${server().port}`;
    const { html, report } = await runWithHtml('open', ['run', '--target', target, ...MIX, '--duration', '3s', '--rate', '2000/s', '--connections', '4']);
    const { page, charts } = await checkPage(html, 'open');
    await expectFiguresOf(page, report, 'SET');
    const spectrum = charts.find((c) => c.kind === 'spectrum')!;
    expect(spectrum.series.map((s) => `${s.label}${s.dash ? ' (dashed)' : ''}`)).toEqual(['SET response', 'SET service (dashed)', 'GET response', 'GET service (dashed)']);
    expect(await page.$eval('.qualifiers', (e) => e.textContent)).toMatch(/Schedule: target 2000\/s/);
    await page.close();
  }, 60_000);

  it('cluster: a per-node table and a per-node throughput chart', async () => {
    const { html, report } = await runWithHtml('cluster', ['run', '--target', cluster().url, ...MIX, '--duration', '2s', '--connections', '6']);
    const { page } = await checkPage(html, 'cluster');
    await expectFiguresOf(page, report, 'GET');
    const nodes = report.phases[0]!.nodes!;
    expect(Object.keys(nodes)).toHaveLength(3);
    const rows = await page.$$eval('tr[data-node]', (trs) => trs.map((tr) => [tr.getAttribute('data-node'), Number(tr.querySelector('td[data-field="ops"]')!.getAttribute('data-value'))]));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(nodes).map(([n, s]) => [n, s.ops])));
    expect(await page.$$eval('svg.bars text', (t) => t.map((x) => x.textContent))).toEqual(expect.arrayContaining(Object.keys(nodes)));
    await page.close();
  }, 60_000);

  it('drill: the event marked, the unavailability window shaded, lost writes up front', async () => {
    const scenario = join(tmp(), 'pause.yml');
    await writeFile(scenario, 'name: pause\nduration: 4s\nconnections: 4\nworkers: 1\nmix:\n  - { command: "SET {key} {value}" }\n');
    const target = `redis://127.0.0.1:${server().port}`;
    const { html, report } = await runWithHtml('drill', ['drill', scenario, '--target', target, '--action', 'pause-master', '--pause', '700ms', '--at', '1500ms']);
    const { page, charts } = await checkPage(html, 'drill');
    const d = report.drill!;
    const lost = await field(page, '#drill .tile[data-field="lostWrites"]');
    expect(Number(lost.value)).toBe(d.writes.missing);
    expect(lost.text).toBe(`${groupDigits(d.writes.missing)} of ${groupDigits(d.writes.acknowledged)}`);
    const drillCharts = charts.filter((c) => c.syncKey === 'drill');
    expect(drillCharts).toHaveLength(2);
    for (const c of drillCharts) {
      expect(c.marks).toEqual([{ x: d.eventAtS, label: 'pause-master' }]);
      expect(c.bands).toEqual([{ from: d.unavailability.startAtS, to: d.unavailability.endAtS, label: 'unavailable' }]);
    }
    await page.close();
  }, 60_000);

  it('sweep: p99 against throughput with the SLO line, the steps table and the answer', async () => {
    const scenario = join(tmp(), 'sweep.yml');
    await writeFile(scenario, 'name: sweep\nconnections: 4\nworkers: 1\nkeyspace: { keys: 1000 }\nmix:\n  - { command: "GET {key}" }\nslo: { p99: 50ms }\nsweep: { over: rate, values: [500, 1000], stepDuration: 1s, warmup: 200ms }\n');
    const target = `redis://127.0.0.1:${server().port}`;
    const { html, report } = await runWithHtml('sweep', ['sweep', scenario, '--target', target]);
    const { page } = await checkPage(html, 'sweep');
    const c = report.capacity!;
    expect(await page.$eval('#capacity .answer', (e) => e.textContent)).toBe(c.summary);
    const steps = await page.$$eval('#capacity tr[data-step]', (trs) => trs.map((tr) => Number(tr.querySelector('td[data-field="opsPerSec"]')!.getAttribute('data-value'))));
    expect(steps).toEqual(c.steps.map((s) => s.opsPerSec));
    expect(await page.$eval('svg.scatter', (s) => s.textContent)).toContain('SLO p99 50.0ms');
    expect(await page.$$eval('svg.scatter circle.point', (p) => p.length)).toBe(c.steps.length);
    await page.close();
  }, 60_000);

  it('compare: deltas coloured and worded, baseline and current overlaid per phase', async () => {
    const target = `redis://127.0.0.1:${server().port}`;
    const base = await runWithHtml('base', ['run', '--target', target, ...MIX, '--duration', '2s', '--connections', '4']);
    // The current run is held to a low rate: a throughput regression the gate must flag.
    const current = await runWithHtml('current', ['run', '--target', target, ...MIX, '--duration', '2s', '--connections', '4', '--rate', '500/s']);
    const html = join(tmp(), 'compare.html');
    const compared = await runCli(['compare', base.json, current.json, '--html', html]);
    expect(compared.code, describeRun(compared)).toBe(1);
    const { page, charts } = await checkPage(html, 'compare');
    expect(await page.$eval('[data-regressed]', (e) => e.getAttribute('data-regressed'))).toBe('true');
    const total = 'tr[data-phase="pipeline=1"][data-command="total"]';
    expect(Number(await page.$eval(`${total} td[data-field="baseOpsPerSec"]`, (e) => e.getAttribute('data-value')))).toBe(base.report.phases[0]!.totals.opsPerSec);
    expect(Number(await page.$eval(`${total} td[data-field="currentP99"]`, (e) => e.getAttribute('data-value')))).toBe(current.report.phases[0]!.totals.latencyUs.p99);
    const throughputChange = await page.$eval(`${total} td:nth-child(4)`, (e) => ({ cls: e.className, text: e.textContent }));
    expect(throughputChange.cls).toBe('bad');
    expect(throughputChange.text).toMatch(/^-\d+\.\d% worse$/);
    expect(charts.map((c) => c.series.map((s) => s.label))).toEqual([['base', 'current'], ['base', 'current']]);
    await page.close();
  }, 60_000);
});
