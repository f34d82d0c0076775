/**
 * The report page's script, bundled with uPlot into the HTML file: draws the charts described in
 * the page's embedded chart data, makes tables sortable and wires the "download JSON" link.
 * Redraws on a change of colour scheme, on resize and for printing.
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type uPlot from 'uplot';
import type { ChartSpec } from '../chart-spec.js';
import { wireDownloadLinks } from './download-link.js';
import { drawChart } from './plot.js';
import { makeTablesSortable } from './table-sort.js';
import { currentTheme, onSchemeChange } from './theme.js';

const PRINT_WIDTH = 680;

function chartSpecs(): ChartSpec[] {
  const element = document.getElementById('rbench-charts');
  return element ? (JSON.parse(element.textContent ?? '[]') as ChartSpec[]) : [];
}

let charts: { chart: uPlot; figure: HTMLElement }[] = [];

function drawAll(specs: ChartSpec[], widthOverride?: number): void {
  for (const { chart } of charts) chart.destroy();
  charts = [];
  const theme = currentTheme();
  const peers = new Map<string, uPlot[]>();
  for (const spec of specs) {
    const figure = document.getElementById(spec.id);
    const target = figure?.querySelector<HTMLElement>('.plot');
    if (!figure || !target) continue;
    target.replaceChildren();
    const width = widthOverride ?? Math.max(320, target.clientWidth);
    charts.push({ chart: drawChart(spec, target, theme, width, peers), figure });
  }
  document.documentElement.dataset.chartsDrawn = String(charts.length);
}

function resizeAll(widthOverride?: number): void {
  for (const { chart, figure } of charts) {
    const target = figure.querySelector<HTMLElement>('.plot');
    chart.setSize({ width: widthOverride ?? Math.max(320, target?.clientWidth ?? 320), height: chart.height });
  }
}

function start(): void {
  const specs = chartSpecs();
  wireDownloadLinks(document);
  makeTablesSortable(document);
  drawAll(specs);
  onSchemeChange(() => drawAll(specs));
  let pending = 0;
  window.addEventListener('resize', () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => resizeAll(), 100);
  });
  window.addEventListener('beforeprint', () => resizeAll(PRINT_WIDTH));
  window.addEventListener('afterprint', () => resizeAll());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
