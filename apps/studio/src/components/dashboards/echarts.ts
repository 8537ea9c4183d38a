/**
 * The parts of ECharts the studio draws with, and nothing more (echarts/core plus these charts keeps the
 * dashboard chunk small; the full `echarts` entry is several times larger). Only DashboardsPage's chunk
 * imports this file.
 */
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init, type ECharts };

/** ECharts' view of a drawn series (the part of its model read here; it has no public type for it). */
interface DrawnSeries {
  getData(): { count(): number; getItemLayout(i: number): unknown };
}

/**
 * Where each drawn point is on the canvas, as [series, point, x, y] in CSS pixels of the chart element: the
 * centre of a bar, of a funnel segment, of a pie slice's arc, a line's point. Written on the element, so a
 * browser test can click a segment where a person would.
 */
export function pointCentres(chart: ECharts): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  const model = (chart as unknown as { getModel(): { eachSeries(cb: (s: DrawnSeries, i: number) => void): void } }).getModel();
  model.eachSeries((s, si) => {
    const data = s.getData();
    for (let i = 0; i < data.count(); i++) {
      const l = data.getItemLayout(i) as Record<string, unknown> | number[] | null;
      const at = centreOf(l);
      if (at) out.push([si, i, Math.round(at[0]), Math.round(at[1])]);
    }
  });
  return out;
}

function centreOf(l: Record<string, unknown> | number[] | null): [number, number] | undefined {
  if (!l) return undefined;
  if (Array.isArray(l)) return typeof l[0] === 'number' && typeof l[1] === 'number' ? [l[0], l[1]] : undefined;
  const n = (k: string) => (typeof l[k] === 'number' ? (l[k] as number) : NaN);
  if (Array.isArray(l['points'])) {
    const pts = l['points'] as number[][];
    return [pts.reduce((a, p) => a + (p[0] ?? 0), 0) / pts.length, pts.reduce((a, p) => a + (p[1] ?? 0), 0) / pts.length];
  }
  if (!Number.isNaN(n('cx'))) {
    const mid = (n('startAngle') + n('endAngle')) / 2;
    const r = (n('r') + (Number.isNaN(n('r0')) ? 0 : n('r0'))) / 2;
    return [n('cx') + Math.cos(mid) * r, n('cy') + Math.sin(mid) * r];
  }
  if (!Number.isNaN(n('x'))) return [n('x') + n('width') / 2, n('y') + n('height') / 2];
  return undefined;
}
