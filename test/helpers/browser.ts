/**
 * A real headless Chromium for the HTML report tests: Debian's chromium-headless-shell (or
 * chromium) driven by puppeteer-core, which downloads no browser. One browser per test file;
 * each page is opened with every network request intercepted, so a page that asks for anything
 * besides its own file fails its test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const CANDIDATES = ['chromium-headless-shell', 'chromium', 'chromium-browser'];

/** The browser binary: $RBENCH_CHROMIUM, else the first Debian name found on PATH. */
export function chromiumPath(): string {
  if (process.env.RBENCH_CHROMIUM) return process.env.RBENCH_CHROMIUM;
  for (const name of CANDIDATES) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error('no Chromium found: apt-get install chromium-headless-shell (.ci/run does), or set RBENCH_CHROMIUM');
}

export interface ReportBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the browser with a fresh profile and everything that phones home turned off. */
export async function launchBrowser(): Promise<ReportBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'rbench-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: 'shell',
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OpenedReport {
  page: Page;
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Requests other than the page's own file (each one was blocked). */
  requests: string[];
  /** From navigation start to every chart drawn, ms. */
  loadMs: number;
}

/** Opens an HTML report from disk and waits until its script has drawn every chart. */
export async function openReport(rb: ReportBrowser, file: string, viewport = { width: 1200, height: 900 }): Promise<OpenedReport> {
  const page = await rb.browser.newPage();
  await page.setViewport(viewport);
  const url = pathToFileURL(file).href;
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) return void request.continue();
    requests.push(request.url());
    void request.abort();
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  // The page script sets data-charts-drawn on <html> once every chart is drawn.
  await page.waitForSelector('html[data-charts-drawn]', { timeout: 10_000 });
  return { page, errors, requests, loadMs: Date.now() - started };
}

/** Per chart on the page: its kind, and whether anything was drawn (non-blank canvas or SVG shapes). */
export async function chartsDrawn(page: Page): Promise<{ id: string; kind: string; drawn: boolean }[]> {
  return page.$$eval('figure.chart', (figures) =>
    figures.map((figure) => {
      const canvas = figure.querySelector('canvas');
      let drawn = false;
      if (canvas) {
        const ctx = canvas.getContext('2d');
        const data = ctx?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (data) for (let i = 3; i < data.length && !drawn; i += 4) drawn = data[i]! > 0;
      } else {
        drawn = figure.querySelectorAll('svg rect, svg path, svg circle').length > 0;
      }
      return { id: figure.id || '(svg)', kind: figure.getAttribute('data-chart-kind') ?? 'svg', drawn };
    }),
  );
}
