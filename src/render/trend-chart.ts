import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { nanosToUsdNumber, type Nanos } from '../domain/money.js';
import { dayjs } from '../domain/time-zone.js';
import type { DigestReport } from '../services/digest-content.js';

export interface TrendBar {
  label: string;
  costNanos: Nanos;
  /** The reported period: drawn in the accent colour. */
  highlight: boolean;
}

export interface TrendChart {
  title: string;
  subtitle: string;
  bars: TrendBar[];
}

const FONT_FAMILY = 'DejaVu Sans';
// Debian/Ubuntu's fonts-dejavu paths; elsewhere resvg falls back to scanning the system's fonts.
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];
let fontFiles: string[] | undefined;

function availableFontFiles(): string[] {
  return (fontFiles ??= FONT_FILES.filter((f) => existsSync(f)));
}

/** "$1.2k", "$84", "$3.20": short enough to sit above a bar. */
export function barLabel(nanos: Nanos): string {
  const usd = nanosToUsdNumber(nanos);
  if (usd >= 10_000) return `$${Math.round(usd / 1000)}k`;
  if (usd >= 1000) return `$${(usd / 1000).toFixed(1)}k`;
  if (usd >= 10) return `$${Math.round(usd)}`;
  return usd > 0 ? `$${usd.toFixed(2)}` : '$0';
}

function chartSpec(chart: TrendChart): TopLevelSpec {
  const values = chart.bars.map((b, i) => ({ i, label: b.label, usd: nanosToUsdNumber(b.costNanos), text: barLabel(b.costNanos), highlight: b.highlight }));
  const x = { field: 'i', type: 'ordinal' as const, title: null, axis: { labelExpr: `[${values.map((v) => JSON.stringify(v.label)).join(',')}][datum.value]`, labelAngle: 0, ticks: false, labelPadding: 6 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 170,
    padding: { left: 12, right: 16, top: 12, bottom: 8 },
    background: '#ffffff',
    title: { text: chart.title, subtitle: chart.subtitle, anchor: 'start', fontSize: 15, subtitleFontSize: 11, subtitleColor: '#64748b', color: '#0f172a', offset: 14 },
    config: { font: FONT_FAMILY, view: { stroke: null }, axis: { labelColor: '#475569', labelFontSize: 11, domainColor: '#cbd5e1' } },
    data: { values },
    encoding: { x },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusTopLeft: 3, cornerRadiusTopRight: 3, width: { band: 0.72 } },
        encoding: {
          // No y axis: every bar carries its amount, which reads faster than gridlines.
          y: { field: 'usd', type: 'quantitative', title: null, axis: null },
          color: { condition: { test: 'datum.highlight', value: '#2563eb' }, value: '#cbd5e1' },
        },
      },
      {
        mark: { type: 'text', dy: -7, fontSize: 11 },
        encoding: {
          y: { field: 'usd', type: 'quantitative' },
          text: { field: 'text', type: 'nominal' },
          color: { condition: { test: 'datum.highlight', value: '#1d4ed8' }, value: '#475569' },
        },
      },
    ],
  };
}

/** Bar chart of spend per period as a PNG: vega-lite → vega SVG (no canvas) → resvg (prebuilt, no native build). */
export async function renderTrendChart(chart: TrendChart): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(chartSpec(chart)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const files = availableFontFiles();
    const resvg = new Resvg(svg, {
      font: { fontFiles: files, loadSystemFonts: files.length === 0, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
      // Twice the layout size: crisp on high-density screens, still ~40 KB.
      fitTo: { mode: 'zoom', value: 2 },
    });
    return Buffer.from(resvg.render().asPng());
  } finally {
    view.finalize();
  }
}

/** The digest's 8-period chart: weeks labelled by their Monday, days by weekday and date; the subtitle stays narrower than the plot. */
export function digestTrendChart(report: DigestReport): TrendChart {
  const weekly = report.cadence === 'weekly';
  return {
    title: `${report.team.name}: ${weekly ? 'weekly' : 'daily'} agent spend`,
    subtitle: `Last ${report.trend.length} ${weekly ? 'weeks' : 'days'} · ${report.periodLabel} in blue`,
    bars: report.trend.map((p, i) => ({
      label: dayjs.utc(p.from).format(weekly ? 'MMM D' : 'ddd D'),
      costNanos: p.costNanos,
      highlight: i === report.trend.length - 1,
    })),
  };
}
