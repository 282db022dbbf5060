/**
 * What a chart builder hands the site: a Vega-Lite spec per width, the words
 * around it (title, description, takeaway computed from the data) and its
 * data as a table for readers and screen readers.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';

/** Drawing widths in CSS px: `wide` fills the desktop column, `narrow` a 375 px phone (343 px of content). */
export const WIDTHS = { wide: 720, narrow: 343 } as const;

/** Which width a variant is drawn for. */
export type Variant = keyof typeof WIDTHS;

/** One column of a chart's data table. */
export interface TableColumn {
  readonly label: string;
  /** Right-aligned, tabular figures. */
  readonly numeric: boolean;
}

/** A chart's data as printed in its `<details>` table (cells already formatted). */
export interface DataTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly string[])[];
}

/** A chart before rendering. */
export interface ChartDefinition {
  /** Stable id, unique in an issue, e.g. `snapshot-qoq`, `trend-llm-serving`. */
  readonly id: string;
  /** Figure title (first line of the caption). */
  readonly title: string;
  /** What the chart shows, one sentence. */
  readonly description: string;
  /** Its main takeaway, computed from the data, one sentence. */
  readonly takeaway: string;
  /** Widths it is drawn at; a small chart has only one. */
  readonly variants: readonly Variant[];
  /** The Vega-Lite spec for a drawing width (px, inside the chart padding). */
  readonly spec: (width: number) => TopLevelSpec;
  readonly table: DataTable;
}

/** One rendered variant. */
export interface RenderedVariant {
  readonly variant: Variant;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** A chart ready for the page. */
export interface ChartFigure {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly takeaway: string;
  readonly table: DataTable;
  readonly rendered: readonly RenderedVariant[];
  /** The specs by variant, for interactive re-rendering in the browser. */
  readonly specs: Readonly<Partial<Record<Variant, TopLevelSpec>>>;
  /** Layout problems found (labels clipped or overlapping); empty when clean. */
  readonly problems: readonly string[];
}
