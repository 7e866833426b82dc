// Strategy: the brief form, the generated strategy rendered for reading (summary, audience,
// plan per platform, budget split chart, forecast with intervals, content calendar, risks,
// timeline) and the client's saved strategies.
import { COLORS, draw } from './charts.js';
import * as fmt from './format.js';

const OBJECTIVES = ['awareness', 'traffic', 'engagement', 'leads', 'app_installs', 'sales_conversion'];
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function strategy() {
  return {
    briefName: '', briefObjective: 'sales_conversion', briefBudget: '', briefStart: '', briefEnd: '',
    briefPlatforms: [], briefIndustry: '', briefLocations: '', briefInterests: '',
    generating: false, strategyAnswer: null, savedStrategies: [], strategiesLoading: false,

    objectiveOptions() { return OBJECTIVES.map((value) => ({ value, label: value.replace(/_/g, ' ') })); },
    async openStrategy(id) {
      this.loadSavedStrategies();
      if (id) {
        try {
          this.strategyAnswer = await this.api.get(`/api/v1/strategies/${encodeURIComponent(id)}`);
          this.$nextTick(() => this.drawStrategy());
        } catch (e) { this.fail(e, 'The strategy could not be loaded'); }
      }
    },
    async loadSavedStrategies() {
      this.strategiesLoading = true;
      try {
        const page = await this.api.get('/api/v1/strategies', { client_id: this.clientId, limit: 20 });
        this.savedStrategies = page.items.map((s) => ({ id: s.id, name: s.name, created: s.created_at.slice(0, 10),
          budget: fmt.money(s.budget, s.currency), href: `#/strategy/${encodeURIComponent(s.id)}` }));
      } catch (e) {
        this.savedStrategies = [];
      } finally {
        this.strategiesLoading = false;
      }
    },
    async generateStrategy() {
      this.clearErrors();
      this.generating = true;
      const brief = { client_id: this.clientId, objective: this.briefObjective };
      if (this.briefName.trim()) brief.campaign_name = this.briefName.trim();
      if (this.briefBudget !== '') brief.budget = Number(this.briefBudget);
      if (this.briefStart) brief.start_date = this.briefStart;
      if (this.briefEnd) brief.end_date = this.briefEnd;
      if (this.briefPlatforms.length) brief.platforms = [...this.briefPlatforms];
      if (this.briefIndustry.trim()) brief.industry = this.briefIndustry.trim();
      const audience = {};
      if (list(this.briefLocations).length) audience.locations = list(this.briefLocations);
      if (list(this.briefInterests).length) audience.interests = list(this.briefInterests);
      if (Object.keys(audience).length) brief.audience = audience;
      Object.assign(brief, this.briefAdvanced());  // strategy-detail.js
      try {
        this.strategyAnswer = await this.api.post('/api/v1/strategy/generate', brief);
        this.loadSavedStrategies();
        this.$nextTick(() => { this.drawStrategy(); document.getElementById('strategy-result').focus(); });
      } catch (e) {
        this.fail(e, 'The strategy could not be generated');
      } finally {
        this.generating = false;
      }
    },
    s() { return this.strategyAnswer ? this.strategyAnswer.strategy : null; },
    sMoney(v) { return fmt.money(v, this.strategyAnswer ? this.strategyAnswer.currency : this.currency()); },
    strategyHeadline() {
      const s = this.s();
      if (!s) return [];
      const roas = s.forecast.total.roas;
      return [
        { label: 'Estimated ROI', value: fmt.percent(s.estimated_roi, 0), testid: 'strategy-roi' },
        { label: 'Estimated ROAS', value: fmt.ratio(s.estimated_roas), testid: 'strategy-roas' },
        { label: 'ROAS, 80% interval', value: roas ? `${fmt.ratio(roas.interval_80[0])} – ${fmt.ratio(roas.interval_80[1])}` : '—', testid: 'strategy-roas-interval' },
        { label: 'Confidence', value: fmt.percent(s.confidence, 0), testid: 'strategy-confidence' },
      ];
    },
    strategySummary() { return this.s() ? this.s().executive_summary : ''; },
    strategyWarnings() { return this.s() ? this.s().warnings : []; },
    segments() { return this.s() ? this.s().audience_segments.map((a) => ({ name: a.name, stage: a.funnel_stage, angle: a.message_angle })) : []; },
    platformPlans() {
      return this.s() ? this.s().platform_plans.map((p) => ({
        platform: p.platform, name: fmt.platformName(p.platform), budget: this.sMoney(p.budget), daily: this.sMoney(p.daily_budget),
        bidding: p.bidding.strategy, campaigns: p.campaigns.map((c) => `${c.name} (${this.sMoney(c.budget)})`).join('; '),
      })) : [];
    },
    forecastRows() {
      const s = this.s();
      if (!s) return [];
      const t = s.forecast.total;
      return ['impressions', 'clicks', 'conversions', 'conversion_value', 'cpa', 'roas'].filter((k) => t[k]).map((k) => {
        const f = t[k], money = k === 'conversion_value' || k === 'cpa';
        const show = (v) => (k === 'roas' ? fmt.ratio(v) : money ? this.sMoney(v) : fmt.count(v));
        return { key: k, label: k.replace(/_/g, ' '), value: show(f.value), i80: `${show(f.interval_80[0])} – ${show(f.interval_80[1])}`,
          i95: `${show(f.interval_95[0])} – ${show(f.interval_95[1])}` };
      });
    },
    // Per platform: the expected figure with its 80% interval, so one platform's spread is visible.
    platformForecastRows() {
      const s = this.s();
      if (!s || !s.forecast.per_platform) return [];
      const with80 = (f, show) => (f ? { v: show(f.value), i: `${show(f.interval_80[0])} – ${show(f.interval_80[1])}` } : { v: '—', i: '' });
      const money = (v) => this.sMoney(v);
      return s.forecast.per_platform.map((p) => ({ key: p.platform, name: fmt.platformName(p.platform), spend: this.sMoney(p.spend),
        conversions: with80(p.conversions, fmt.count), revenue: with80(p.conversion_value, money),
        cpa: with80(p.cpa, (v) => fmt.money(v, this.strategyAnswer.currency, 2)), roas: with80(p.roas, fmt.ratio),
        source: `${p.source || '—'}${p.confidence === undefined || p.confidence === null ? '' : `, confidence ${fmt.percent(p.confidence, 0)}`}`,
        notes: (p.notes || []).join(' ') }));
    },
    kpiRows() {
      const s = this.s();
      if (!s || !s.kpis) return [];
      const cur = this.strategyAnswer.currency;
      const show = (k) => ({ currency: fmt.money(k.target, cur, 2), ratio: fmt.ratio(k.target), fraction: fmt.percent(k.target, 2) }[k.unit] || fmt.count(k.target));
      return s.kpis.map((k, i) => ({ key: i, name: k.name.replace(/_/g, ' ').replace(/\b(cpa|roas|ctr|cpc|cpm)\b/g, (m) => m.toUpperCase()),
        platform: k.platform ? fmt.platformName(k.platform) : 'all platforms', target: show(k), basis: k.basis }));
    },
    calendarRows() {
      const s = this.s();
      return s ? s.content_strategy.creative_calendar.map((c, i) => ({ key: i, week: c.week, platform: fmt.platformName(c.platform),
        pillar: c.pillar, asset: c.asset, action: c.action, dates: `${c.start_date} – ${c.end_date}` })) : [];
    },
    riskRows() { return this.s() ? this.s().risks.map((r) => ({ name: r.name.replace(/_/g, ' '), impact: r.impact, likelihood: r.likelihood, mitigation: r.mitigation })) : []; },
    timelineRows() { return this.s() ? this.s().timeline.map((t) => ({ name: t.name, dates: `${t.start_date} – ${t.end_date}`, activities: t.activities.join('; ') })) : []; },
    drawStrategy() {
      const s = this.s();
      if (!s) return;
      draw('chart-split', {
        type: 'doughnut',
        data: { labels: s.budget_split.shares.map((x) => fmt.platformName(x.platform)),
          datasets: [{ data: s.budget_split.shares.map((x) => x.amount), backgroundColor: COLORS }] },
      });
    },
  };
}
