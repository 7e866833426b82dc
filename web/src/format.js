// Numbers as the dashboard shows them. A null KPI (zero denominator) shows as an em dash.
const DASH = '—';

export function money(value, currency = 'USD', digits = 0) {
  if (value === null || value === undefined) return DASH;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}
export function count(value) {
  if (value === null || value === undefined) return DASH;
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(value);
}
export function ratio(value, digits = 2) {
  if (value === null || value === undefined) return DASH;
  return `${value.toFixed(digits)}×`;
}
export function percent(value, digits = 1) {
  if (value === null || value === undefined) return DASH;
  return `${(value * 100).toFixed(digits)}%`;
}
export function signedPercent(value) {
  if (value === null || value === undefined) return DASH;
  const p = (value * 100).toFixed(1);
  return `${value > 0 ? '+' : ''}${p}%`;
}
export const PLATFORMS = {
  google_ads: 'Google Ads', meta_ads: 'Meta', linkedin_ads: 'LinkedIn', tiktok_ads: 'TikTok',
  youtube_ads: 'YouTube', email: 'Email',
};
export const platformName = (p) => PLATFORMS[p] || p;

export function isoDate(d) {
  return d.toISOString().slice(0, 10);
}
export function daysBefore(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return isoDate(d);
}
