/**
 * A chart view as an ECharts option: bars and lines on a category axis (stacked when asked), pies, and
 * funnels in the report's own order (not re-sorted by size, so stages stay in pipeline order). Values are
 * written in the page's format on the axis, the labels and the tooltip.
 */
import type { FigureFormat } from './figure-format';
import { formatValue, type ChartView } from './widget-view';

/** The subset of ECharts' option this studio sets (kept loose: ECharts' own type is a large union). */
export type ChartOption = Record<string, unknown>;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function chartOption(view: ChartView, format: FigureFormat, narrow: boolean): ChartOption {
  const value = (v: unknown) => formatValue(format, view.format, v);
  const multi = view.series.length > 1;
  const tooltip = {
    trigger: 'item',
    confine: true,
    formatter: (p: { seriesIndex: number; dataIndex: number }) => {
      const s = view.series[p.seriesIndex];
      const point = s?.points[p.dataIndex];
      if (!s || !point) return '';
      const head = multi ? `${escapeHtml(point.name)} · ${escapeHtml(s.name)}` : escapeHtml(point.name);
      const detail = point.detail ? point.detail.split('\n').map(escapeHtml).join('<br/>') : escapeHtml(value(point.value));
      return `<b>${head}</b><br/>${detail}`;
    },
  };
  const legend = multi || view.type === 'pie' ? { type: 'scroll', top: 0 } : undefined;
  if (view.type === 'pie' || view.type === 'funnel') {
    const data = view.series[0]?.points.map((p) => ({ name: p.name, value: p.value })) ?? [];
    const series =
      view.type === 'pie'
        ? { type: 'pie', radius: narrow ? ['30%', '60%'] : ['35%', '65%'], top: 24, data, label: { formatter: (p: { name: string }) => p.name } }
        : {
            type: 'funnel',
            sort: 'none',
            gap: 2,
            left: '10%',
            right: '10%',
            top: 8,
            bottom: 8,
            minSize: '20%',
            data,
            label: { position: 'inside', formatter: (p: { name: string; value: unknown }) => `${p.name} · ${value(p.value)}` },
          };
    return { tooltip, legend: view.type === 'pie' ? legend : undefined, series: [series] };
  }
  return {
    tooltip,
    legend,
    grid: { left: 8, right: 8, top: legend ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: view.categories, axisLabel: { hideOverlap: true, width: narrow ? 64 : 96, overflow: 'truncate' } },
    // Counts have no halves on their axis.
    yAxis: { type: 'value', minInterval: view.format === 'number' ? 1 : undefined, axisLabel: { formatter: (v: number) => value(v) } },
    series: view.series.map((s) => ({
      type: view.type,
      name: s.name,
      stack: view.stacked ? 'all' : undefined,
      data: s.points.map((p) => p.value),
      emphasis: { focus: 'series' },
    })),
  };
}
