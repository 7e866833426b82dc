// The campaigns list's KPI sparklines: spend, conversions, and CPA — or ROAS for a campaign
// that tracks revenue (any conversion value in the window) — over the last 30 days, drawn as an
// inline SVG polyline (no chart library per row) with the figures as its text alternative.
import * as fmt from './format.js';

// "x1,y1 x2,y2 …" for a polyline in a 100×24 box; a null (a day with no CPA or ROAS) is a gap
// in the values but keeps its place on the x axis.
export function sparkPoints(values) {
  const known = values.filter((v) => v !== null);
  if (known.length < 2) return '';
  const max = Math.max(...known), min = Math.min(...known);
  const span = max - min || 1;
  const last = Math.max(1, values.length - 1);
  return values.map((v, i) => (v === null ? null : `${((i / last) * 100).toFixed(1)},${(22 - ((v - min) / span) * 20).toFixed(1)}`))
    .filter((p) => p !== null).join(' ');
}

const sum = (rows, key) => rows.reduce((a, r) => a + (r[key] || 0), 0);

// The three lines of one campaign from its daily rows. Ratios are computed from sums (over the
// window for the label, per day for the line), and a zero denominator is a gap, not 0.
export function campaignSparklines(rows, currency, days) {
  const spend = sum(rows, 'spend'), conversions = sum(rows, 'conversions'), value = sum(rows, 'conversion_value');
  const tracksRevenue = value > 0;
  const daily = rows.map((r) => (tracksRevenue
    ? (r.spend > 0 ? (r.conversion_value || 0) / r.spend : null)
    : (r.conversions > 0 ? r.spend / r.conversions : null)));
  const overall = tracksRevenue ? (spend > 0 ? value / spend : null) : (conversions > 0 ? spend / conversions : null);
  const ratioText = tracksRevenue ? fmt.ratio(overall) : fmt.money(overall, currency, 2);
  const range = (values, show) => {
    const known = values.filter((v) => v !== null);
    return known.length ? `, daily ${show(Math.min(...known))} to ${show(Math.max(...known))}` : '';
  };
  const moneyShow = (v) => fmt.money(v, currency);
  return {
    spend: { points: sparkPoints(rows.map((r) => r.spend)), value: fmt.money(spend, currency),
      label: `Spend over ${days} days: ${fmt.money(spend, currency)}${range(rows.map((r) => r.spend), moneyShow)}` },
    conversions: { points: sparkPoints(rows.map((r) => r.conversions)), value: fmt.count(conversions),
      label: `Conversions over ${days} days: ${fmt.count(conversions)}${range(rows.map((r) => r.conversions), fmt.count)}` },
    ratio: { name: tracksRevenue ? 'ROAS' : 'CPA', points: sparkPoints(daily), value: ratioText,
      label: `${tracksRevenue ? 'ROAS' : 'CPA'} over ${days} days: ${ratioText}${range(daily, tracksRevenue ? fmt.ratio : (v) => fmt.money(v, currency, 2))}` },
  };
}

export const EMPTY_SPARK = { points: '', value: '—', label: 'No data', name: '' };
