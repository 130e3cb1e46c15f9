import { escapeHtml } from "../html/escape-html";

export interface DailyPoint {
  /** YYYY-MM-DD in the shop's time zone. */
  readonly day: string;
  readonly clicks: number;
  readonly orders: number;
}

const WIDTH = 600;
const HEIGHT = 140;
const TOP = 10;
const BOTTOM = 20;

/**
 * A small server-rendered bar chart of clicks (light bars) and orders (dark bars) per day, in the theme's own text
 * colour (currentColor), with no external assets. Screen readers get the title and a per-bar <title>.
 */
export function renderDailyChartSvg(points: readonly DailyPoint[], title: string): string {
  const max = Math.max(1, ...points.map((point) => Math.max(point.clicks, point.orders)));
  const slot = WIDTH / Math.max(1, points.length);
  const barWidth = Math.max(2, slot * 0.7);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const heightOf = (value: number) => (value / max) * plotHeight;
  const bars = points
    .map((point, index) => {
      const x = (index * slot + (slot - barWidth) / 2).toFixed(1);
      const clickHeight = heightOf(point.clicks);
      const orderHeight = heightOf(point.orders);
      const label = escapeHtml(`${point.day}: ${point.clicks} clicks, ${point.orders} orders`);
      return (
        `<g><title>${label}</title>` +
        `<rect x="${x}" y="${(TOP + plotHeight - clickHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${clickHeight.toFixed(1)}" fill="currentColor" fill-opacity="0.25"/>` +
        `<rect x="${x}" y="${(TOP + plotHeight - orderHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${orderHeight.toFixed(1)}" fill="currentColor" fill-opacity="0.85"/></g>`
      );
    })
    .join("");
  const first = points[0]?.day ?? "";
  const last = points[points.length - 1]?.day ?? "";
  return (
    `<svg class="affable-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}" width="100%">` +
    `<title>${escapeHtml(title)}</title>` +
    `<line x1="0" y1="${TOP + plotHeight}" x2="${WIDTH}" y2="${TOP + plotHeight}" stroke="currentColor" stroke-opacity="0.3"/>` +
    bars +
    `<text x="0" y="${HEIGHT - 4}" font-size="11" fill="currentColor" fill-opacity="0.7">${escapeHtml(first)}</text>` +
    `<text x="${WIDTH}" y="${HEIGHT - 4}" font-size="11" text-anchor="end" fill="currentColor" fill-opacity="0.7">${escapeHtml(last)}</text>` +
    `<text x="${WIDTH}" y="${TOP + 2}" font-size="11" text-anchor="end" fill="currentColor" fill-opacity="0.7">${max}</text>` +
    `</svg>`
  );
}
