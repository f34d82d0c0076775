/**
 * What the page script needs to draw one uPlot chart: plain data computed from the report by the
 * renderer (the browser never decodes a histogram). Shared by the renderer and the page script.
 */

/** How values of a series are shown on its axis and in the hover legend. */
export type ValueUnit = 'ops' | 'us' | 'count';

export interface SeriesSpec {
  label: string;
  unit: ValueUnit;
  /** Dashed lines tell series apart without colour. */
  dash?: boolean;
  /** Index into the page palette (CSS variables --series-0 ...). */
  colour: number;
}

export interface ChartSpec {
  /** The id of the <figure> the chart goes in. */
  id: string;
  /** time: x in seconds; spectrum: x on the log percentile axis (90% = 1, 99% = 2, ...). */
  kind: 'time' | 'spectrum';
  /** The y axis: one unit per chart, on a log scale for latency spectra. */
  yUnit: ValueUnit;
  yLog: boolean;
  series: SeriesSpec[];
  /** [x values, then one array per series]; null leaves a gap. */
  data: (number | null)[][];
  /** Shaded x ranges, e.g. a drill's unavailability window. */
  bands?: { from: number; to: number; label: string }[];
  /** Vertical lines, e.g. the moment of a drill's event. */
  marks?: { x: number; label: string }[];
  /** Charts with the same key share the hover cursor and the zoomed range. */
  syncKey?: string;
}
