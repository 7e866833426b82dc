// Overview: KPI cards against the previous period, spend / conversions / ROAS over time with
// anomaly markers, platform comparison, top and bottom campaigns, date-range and platform
// filters; re-read live when the WebSocket says the client's metrics changed.
import { COLORS, draw } from './charts.js';
import * as fmt from './format.js';
import { connectLive } from './live.js';

// KPI cards: key in the dashboard's totals, label, format, whether lower is better.
const KPIS = [
  ['spend', 'Spend', 'money', false], ['conversions', 'Conversions', 'count', false],
  ['conversion_value', 'Revenue', 'money', false], ['roas', 'ROAS', 'ratio', false],
  ['cpa', 'Cost per acquisition', 'money2', true], ['ctr', 'Click-through rate', 'percent', false],
];

export function overview() {
  return {
    dashboard: null, dashLoading: false, dashFrom: '', dashTo: '', dashPlatform: '', dashAutoFrom: '', dashAutoTo: '',
    liveStatus: 'off', liveUpdatedAt: '', liveNotice: '', anomalyNotices: [],

    openOverview() {
      this.loadDashboard();
      this.startLive();
    },
    async loadDashboard() {
      if (!this.clientId) { this.dashboard = null; return; }
      this.dashLoading = true;
      // Dates left as the service filled them are not sent, so the default period (which moves
      // with new data and the client's "today") stays the service's choice on every refresh.
      const chosen = this.dashFrom !== this.dashAutoFrom || this.dashTo !== this.dashAutoTo;
      try {
        this.dashboard = await this.api.get('/api/v1/analytics/dashboard', {
          client_id: this.clientId, from: chosen ? this.dashFrom : '', to: chosen ? this.dashTo : '',
          platforms: this.dashPlatform, top: 5,
        });
        // The date inputs show the period the dashboard answered for, not empty placeholders.
        if (!chosen && this.dashboard.period) {
          this.dashFrom = this.dashAutoFrom = this.dashboard.period.from;
          this.dashTo = this.dashAutoTo = this.dashboard.period.to;
        }
        this.$nextTick(() => this.drawOverview());
      } catch (e) {
        this.dashboard = null;
        this.fail(e, 'The dashboard could not be loaded');
      } finally {
        this.dashLoading = false;
      }
    },
    applyFilters() { this.clearErrors(); this.loadDashboard(); },
    resetFilters() { this.dashFrom = this.dashAutoFrom = ''; this.dashTo = this.dashAutoTo = ''; this.dashPlatform = ''; this.applyFilters(); },
    fieldClass(name) { return this.hasFieldError(name) ? 'border-red-700' : 'border-slate-400'; },

    // ---- live ----
    startLive() {
      this.stopLive();
      if (!this.clientId) return;
      this.closeLive = connectLive({
        token: this.token, clientId: this.clientId,
        onStatus: (s) => { this.liveStatus = s; },
        onOpen: () => {},
        onEvent: (event) => this.onLiveEvent(event),
      });
    },
    stopLive() {
      if (this.closeLive) this.closeLive();
      this.closeLive = null;
      this.liveStatus = 'off';
    },
    onLiveEvent(event) {
      if (event.client_id !== this.clientId) return;
      if (event.type === 'metrics.ingested') {
        this.liveUpdatedAt = new Date().toLocaleTimeString();
        this.liveNotice = `New metrics arrived (${event.rows} campaign-days); the overview was refreshed.`;
        if (this.route === 'overview') this.loadDashboard();
      } else if (event.type === 'anomaly.detected') {
        const text = `${event.metric} on ${event.date} is ${event.direction === 'up' ? 'above' : 'below'} what was expected: ${Number(event.value).toFixed(2)} against ${Number(event.expected).toFixed(2)}.`;
        this.anomalyNotices = [{ key: `${event.date}-${event.metric}`, text }, ...this.anomalyNotices.filter((a) => a.key !== `${event.date}-${event.metric}`)].slice(0, 5);
      }
    },
    liveLabel() {
      return { live: 'Live', connecting: 'Connecting…', offline: 'Reconnecting…', error: 'Live updates unavailable', off: 'Off' }[this.liveStatus];
    },
    liveClass() { return this.liveStatus === 'live' ? 'bg-green-100 text-green-900' : 'bg-slate-200 text-slate-800'; },

    // ---- reading the answer ----
    group() { return this.dashboard && this.dashboard.groups[0]; },
    hasData() { const g = this.group(); return Boolean(g && g.totals.current.impressions); },
    isEmpty() { return !this.dashLoading && this.dashboard && !this.hasData(); },
    periodLabel() {
      if (!this.dashboard) return '';
      const p = this.dashboard.period, c = this.dashboard.comparison;
      return `${p.from} to ${p.to}` + (c ? ` · compared with ${c.from} to ${c.to}` : '');
    },
    format(kind, value) {
      const cur = this.group() ? this.group().currency : this.currency();
      if (kind === 'money') return fmt.money(value, cur);
      if (kind === 'money2') return fmt.money(value, cur, 2);
      if (kind === 'count') return fmt.count(value);
      if (kind === 'ratio') return fmt.ratio(value);
      if (kind === 'percent') return fmt.percent(value, 2);
      return String(value);
    },
    kpiCards() {
      const g = this.group();
      if (!g) return [];
      return KPIS.map(([key, label, kind, lowerBetter]) => {
        const change = g.totals.change ? g.totals.change[key] : null;
        const rel = change ? change.relative : null;
        const good = rel === null ? null : (lowerBetter ? rel < 0 : rel > 0);
        return {
          key, label, value: this.format(kind, g.totals.current[key]),
          previous: this.format(kind, g.totals.previous ? g.totals.previous[key] : null),
          change: fmt.signedPercent(rel),
          changeClass: good === null || rel === 0 ? 'text-slate-700' : good ? 'text-green-800' : 'text-red-800',
          arrow: rel === null || rel === 0 ? '' : rel > 0 ? '▲' : '▼',
        };
      });
    },
    platformRows() {
      const g = this.group();
      if (!g) return [];
      return g.platforms.map((p) => ({
        platform: p.platform, name: fmt.platformName(p.platform),
        spend: this.format('money', p.current.spend), share: fmt.percent(p.share_of_spend),
        conversions: fmt.count(p.current.conversions), roas: fmt.ratio(p.current.roas),
        cpa: this.format('money2', p.current.cpa),
        roasIndex: p.efficiency && p.efficiency.roas_index !== null ? fmt.ratio(p.efficiency.roas_index) : '—',
      }));
    },
    campaignRows(which) {
      const g = this.group();
      if (!g) return [];
      return (g.campaigns.by_roas[which] || []).map((c) => ({
        id: c.campaign_id, name: c.name, platform: fmt.platformName(c.platform),
        spend: this.format('money', c.spend), roas: fmt.ratio(c.roas), href: `#/campaigns/${encodeURIComponent(c.campaign_id)}`,
      }));
    },
    anomalyRows() {
      const g = this.group();
      if (!g) return [];
      return g.anomalies.map((a, i) => ({
        key: `${a.date}-${a.metric}-${i}`, date: a.date, metric: a.metric, direction: a.direction,
        value: Number(a.value).toFixed(2), expected: Number(a.expected).toFixed(2), score: Number(a.score).toFixed(1),
      }));
    },
    platformOptions() { return Object.entries(fmt.PLATFORMS).map(([value, label]) => ({ value, label })); },

    drawOverview() {
      const g = this.group();
      if (!g || !this.hasData()) return;
      const labels = g.series.map((b) => b.start);
      const anomalyDays = new Set(g.anomalies.map((a) => a.date));
      const marker = (color) => labels.map((d) => (anomalyDays.has(d) ? '#b91c1c' : color));
      const radius = labels.map((d) => (anomalyDays.has(d) ? 6 : 0));
      draw('chart-spend', {
        type: 'bar',
        data: { labels, datasets: [
          { type: 'bar', label: 'Spend', data: g.series.map((b) => b.spend), backgroundColor: '#93c5fd', yAxisID: 'y' },
          { type: 'line', label: 'Conversions', data: g.series.map((b) => b.conversions), borderColor: COLORS[2],
            pointBackgroundColor: marker(COLORS[2]), pointRadius: radius, yAxisID: 'y1' },
        ] },
        options: { scales: { y: { title: { display: true, text: 'Spend' } },
          y1: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'Conversions' } } } },
      });
      draw('chart-roas', {
        type: 'line',
        data: { labels, datasets: [{ label: 'ROAS', data: g.series.map((b) => b.roas), borderColor: COLORS[0],
          pointBackgroundColor: marker(COLORS[0]), pointRadius: radius, fill: false }] },
        options: { plugins: { legend: { display: false } } },
      });
      draw('chart-platforms', {
        type: 'bar',
        data: { labels: g.platforms.map((p) => fmt.platformName(p.platform)), datasets: [
          { label: 'Spend', data: g.platforms.map((p) => p.current.spend), backgroundColor: COLORS[0], yAxisID: 'y' },
          { label: 'ROAS', data: g.platforms.map((p) => p.current.roas), backgroundColor: COLORS[3], yAxisID: 'y1' },
        ] },
        options: { scales: { y1: { position: 'right', grid: { drawOnChartArea: false } } } },
      });
    },
  };
}
