// SVG charts for the report page, drawn with createElementNS (labels are text nodes, never markup).
import { svg } from './dom.ts';

export interface Bar {
  label: string;
  value: number;
}

/** A column chart (the score histogram): one column per bar, its count above it. */
export function columnChart(bars: Bar[], options: { title: string; width?: number; height?: number }): SVGSVGElement {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const pad = { top: 20, right: 8, bottom: 36, left: 8 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const plot = height - pad.top - pad.bottom;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': options.title, class: 'chart column-chart' }, svg('title', {}, options.title));
  bars.forEach((bar, i) => {
    const h = Math.round((bar.value / max) * plot);
    const x = pad.left + i * slot + slot * 0.1;
    const y = pad.top + plot - h;
    chart.append(
      svg('rect', { x: x.toFixed(1), y, width: (slot * 0.8).toFixed(1), height: Math.max(h, bar.value > 0 ? 1 : 0), class: 'column', 'data-label': bar.label, 'data-value': bar.value }),
      svg('text', { x: (x + slot * 0.4).toFixed(1), y: y - 4, 'text-anchor': 'middle', class: 'value' }, String(bar.value)),
      svg('text', { x: (x + slot * 0.4).toFixed(1), y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'label' }, bar.label),
    );
  });
  chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: pad.top + plot, y2: pad.top + plot, class: 'axis' }));
  return chart;
}

/** A horizontal bar showing a 0..1 rate (null: unknown, drawn empty). */
export function rateBar(rate: number | null, label: string, width = 160): SVGSVGElement {
  const height = 14;
  const filled = rate === null ? 0 : Math.round(Math.max(0, Math.min(1, rate)) * width);
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'chart rate-bar' },
    svg('title', {}, label),
    svg('rect', { x: 0, y: 0, width, height, class: 'track', rx: 3 }),
    svg('rect', { x: 0, y: 0, width: filled, height, class: 'fill', rx: 3 }),
  );
}
