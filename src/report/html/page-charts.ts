/**
 * The charts of one page: each section asks for a figure and gets its markup, and the spec of
 * every figure is collected for the page script, which draws them all from the embedded list.
 */
import type { ChartSpec } from './chart-spec.js';
import { html, type Markup } from './markup.js';

export class PageCharts {
  readonly specs: ChartSpec[] = [];

  /** A <figure> for `spec` (its id is assigned here), with a caption and a how-to hint. */
  figure(spec: Omit<ChartSpec, 'id'>, caption: string, hint = 'hover for values · drag to zoom · double-click to reset'): Markup {
    const id = `chart-${this.specs.length + 1}`;
    this.specs.push({ ...spec, id });
    return html`<figure class="chart" id="${id}" data-chart-kind="${spec.kind}"><figcaption>${caption} <span class="hint">${hint}</span></figcaption><div class="plot"></div></figure>`;
  }
}
