/**
 * The registry of widget views: a report widget is drawn by its chart kind, an analytics widget by its figure.
 * A widget no builder knows becomes a visible notice (MissingView), never a blank card.
 */
import type { WidgetResult } from './dashboard-api';
import { ANALYTICS_VIEWS } from './analytics-views';
import { REPORT_VIEWS } from './report-views';
import type { ViewEnv, WidgetView } from './widget-view';

export function widgetView(w: WidgetResult, env: ViewEnv): WidgetView {
  const builder = w.kind === 'report' ? (w.report ? REPORT_VIEWS[w.chart] : undefined) : w.analytics !== null ? ANALYTICS_VIEWS[w.kind] : undefined;
  return builder ? builder(w, env) : { kind: 'missing', name: w.kind === 'report' ? w.chart : w.kind };
}
