// Optimization: run the campaign analysis, the client's recommendations ranked with their
// changes, evidence, expected impact and confidence, apply (with the day it took effect) /
// dismiss / reopen, and the measured before/after effect of applied ones. The same cards show
// on a campaign's page (campaigns.js keeps that list in `recommendations`).
// docs/recommendations.md, "The HTTP API".
import * as fmt from './format.js';
import { focusFirst } from './keyboard.js';

const RATIO_METRICS = ['cpa', 'cpc', 'cpm', 'roas', 'ctr', 'conversion_rate', 'frequency'];
const MONEY_METRICS = ['spend', 'budget', 'cpa', 'marginal_cpa', 'mean_daily_spend', 'cpc', 'cpm', 'conversion_value', 'revenue', 'daily_budget'];

function metricValue(metric, value, currency) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (metric === 'ctr' || metric === 'conversion_rate') return fmt.percent(value, 2);
  if (MONEY_METRICS.includes(metric)) return fmt.money(value, currency, 2);
  if (RATIO_METRICS.includes(metric)) return value.toFixed(2);
  return fmt.count(value);
}
// A budget move across many campaigns has two rows of evidence per campaign: the rest fold away.
const EVIDENCE_SHOWN = 4;
const periodText = (p) => (p ? `${p.first} to ${p.last}` : '');
// cpa → CPA, marginal_cpa → marginal CPA, share_of_days_under_budget → share of days under budget.
const ACRONYMS = { cpa: 'CPA', cpc: 'CPC', cpm: 'CPM', roas: 'ROAS', ctr: 'CTR' };
const metricName = (m) => String(m || '').split('_').map((w) => ACRONYMS[w] || w).join(' ');

export function optimization() {
  return {
    optRecs: [], optLoading: false, optStatus: 'open', optRunning: false, optRun: null,
    optTargetCpa: '', optTargetRoas: '', campaignNames: {}, measured: {},
    applyingId: '', applyOn: '', recBusy: '',

    async openOptimization() {
      this.optRun = null;
      this.loadCampaignNames();
      await this.loadOptimizations();
    },
    async loadCampaignNames() {
      try {
        const page = await this.api.get('/api/v1/campaigns', { client_id: this.clientId, limit: 200 });
        this.campaignNames = Object.fromEntries(page.items.map((c) => [c.id, c.name]));
      } catch { this.campaignNames = {}; }
    },
    async loadOptimizations() {
      this.optLoading = true;
      try {
        const page = await this.api.get('/api/v1/campaign/optimizations', { client_id: this.clientId, status: this.optStatus, limit: 100 });
        this.optRecs = page.items.slice().sort((a, b) => (b.priority || 0) - (a.priority || 0));
        this.loadMeasured(this.optRecs);
      } catch (e) {
        this.optRecs = [];
        this.fail(e, 'The recommendations could not be loaded');
      } finally {
        this.optLoading = false;
      }
    },
    // The list leaves the measurement out; an applied recommendation's own GET carries it.
    async loadMeasured(list) {
      const applied = list.filter((r) => r.status === 'applied' && !(r.id in this.measured)).slice(0, 20);
      const found = {};
      await Promise.all(applied.map(async (r) => {
        try { found[r.id] = (await this.api.get(`/api/v1/campaign/optimizations/${encodeURIComponent(r.id)}`)).measured_effect || null; } catch { found[r.id] = null; }
      }));
      if (applied.length) this.measured = { ...this.measured, ...found };
    },
    async runOptimization() {
      this.clearErrors();
      this.optRunning = true;
      const body = { client_id: this.clientId };
      if (this.optTargetCpa !== '') body.target_cpa = Number(this.optTargetCpa);
      if (this.optTargetRoas !== '') body.target_roas = Number(this.optTargetRoas);
      Object.assign(body, this.optOptions());  // recommendation-detail.js
      try {
        const answer = await this.api.post('/api/v1/campaign/optimize', body);
        this.optRun = { summary: answer.summary, window: answer.window ? `${answer.window.first} to ${answer.window.last}` : '',
          count: answer.recommendations.length, expired: (answer.expired || []).length, notes: answer.notes || [] };
        this.optStatus = 'open';
        await this.loadOptimizations();
      } catch (e) {
        this.fail(e, 'The analysis failed');
      } finally {
        this.optRunning = false;
      }
    },
    // Notes name campaigns by id ("cmp_…: 1 days with data"); shown by name where known.
    optRunNotes() {
      return this.optRun ? this.optRun.notes.map((n, i) => ({ key: i,
        text: (typeof n === 'string' ? n : JSON.stringify(n)).replace(/\bcmp_[A-Za-z0-9]+/g, (id) => this.campaignLabel(id)) })) : [];
    },

    // ---- the cards, shared by this screen (place 'opt') and a campaign's page ('camp') ----
    recommendationCards(place) {
      const list = place === 'opt' ? this.optRecs : this.recommendations;
      const cur = this.currency();
      return list.map((r, rank) => {
        const impacts = r.expected_impact || [];
        const multi = (r.campaign_ids || []).length > 1;
        const evidence = (r.evidence || []).map((e, i) => ({ key: i, text: `${multi && e.campaign_id ? `${this.campaignLabel(e.campaign_id)} · ` : ''}${metricName(e.metric)} ${metricValue(e.metric, e.value, cur)} over ${periodText(e.period)}`
            + (e.comparison === null || e.comparison === undefined ? '' : ` against ${metricValue(e.metric, e.comparison, cur)} (${e.comparison_label || 'comparison'}${e.comparison_period ? `, ${periodText(e.comparison_period)}` : ''})`) }));
        return {
          id: r.id, domId: `${place}-rec-${rank}`, rank: rank + 1, title: r.title || r.kind, kind: String(r.kind || '').replace(/_/g, ' '),
          status: r.status, statusClass: { open: 'bg-blue-100 text-blue-900', applied: 'bg-green-100 text-green-900', dismissed: 'bg-slate-200 text-slate-800', expired: 'bg-amber-100 text-amber-950' }[r.status] || 'bg-slate-200',
          campaigns: (r.campaign_ids || []).map((id) => this.campaignLabel(id)).join(', '),
          changes: (r.changes || []).map((c, i) => ({ key: i, text: c.description })),
          evidence: evidence.slice(0, EVIDENCE_SHOWN), moreEvidence: evidence.slice(EVIDENCE_SHOWN),
          impacts: impacts.map((m, i) => ({ key: i, text: `${metricName(m.metric)}: ${metricValue(m.metric, m.baseline, cur)} → ${metricValue(m.metric, m.expected, cur)}`
            + (m.low === null || m.low === undefined ? '' : ` (change ${metricValue(m.metric, m.low, cur)} to ${metricValue(m.metric, m.high, cur)})`) + ` over ${m.horizon_days} days` })),
          confidence: r.confidence === undefined || r.confidence === null ? '—' : fmt.percent(r.confidence, 0),
          explanation: r.explanation || '', appliedOn: r.applied_on || '',
          canApply: r.status === 'open', canDismiss: r.status === 'open', canReopen: r.status === 'dismissed',
          effects: this.effectRows(r),
          ...this.recExtras(r, place, rank),  // recommendation-detail.js
        };
      });
    },
    campaignLabel(id) { return this.campaignNames[id] || (this.campaign && this.campaign.id === id ? this.campaign.name : id); },
    effectRows(r) {
      if (r.status !== 'applied') return [];
      const m = this.measured[r.id];
      if (m === undefined) return [{ key: 'loading', text: 'Measuring the effect…' }];
      if (!m) return [{ key: 'none', text: 'No measurement available.' }];
      if (m.status === 'pending') return [{ key: 'pending', text: `Measured from ${m.measurable_from}: ${m.note}` }];
      const cur = this.currency();
      return (m.effects || []).map((e, i) => ({ key: i, verdict: e.verdict,
        text: `${this.campaignLabel(e.campaign_id)} · ${metricName(e.metric)}: before ${metricValue(e.metric, e.before.value, cur)} (${periodText(e.before.period)}), after ${metricValue(e.metric, e.after.value, cur)} (${periodText(e.after.period)})`
          + (e.change_interval ? `; change ${metricValue(e.metric, e.change, cur)}, interval ${metricValue(e.metric, e.change_interval.low, cur)} to ${metricValue(e.metric, e.change_interval.high, cur)}` : '')
          + ` — ${String(e.verdict).replace(/_/g, ' ')}${e.favourable === true ? ' (favourable)' : (e.favourable === false ? ' (unfavourable)' : '')}` }));
    },
    isApplying(id) { return this.applyingId === id; },
    // The Apply form takes focus on its date, and Cancel (or Escape) gives it back to Apply.
    startApply(id) {
      this.clearErrors(); this.applyingId = id; this.applyOn = fmt.isoDate(new Date());
      this.$nextTick(() => focusFirst(`[data-focus="${CSS.escape(`rec-on-${id}`)}"]`));
    },
    cancelApply() {
      const id = this.applyingId;
      this.applyingId = '';
      this.$nextTick(() => focusFirst(`[data-focus="${CSS.escape(`rec-apply-${id}`)}"]`));
    },
    confirmApply() { return this.changeRecommendation(this.applyingId, { status: 'applied', applied_on: this.applyOn || undefined }); },
    dismissRecommendation(id) { return this.changeRecommendation(id, { status: 'dismissed' }); },
    reopenRecommendation(id) { return this.changeRecommendation(id, { status: 'open' }); },
    async changeRecommendation(id, body) {
      this.clearErrors();
      this.recBusy = id;
      try {
        const changed = await this.api.patch(`/api/v1/campaign/optimizations/${encodeURIComponent(id)}`, body);
        const swap = (list) => list.map((r) => (r.id === id ? { ...r, ...changed } : r));
        this.optRecs = swap(this.optRecs);
        this.recommendations = swap(this.recommendations);
        this.applyingId = '';
        // The button pressed is gone (its card changed state): focus the card itself.
        this.$nextTick(() => focusFirst(`[data-focus="${CSS.escape(`rec-${id}`)}"]`));
        if (changed.status === 'applied') {
          const m = { ...this.measured };
          delete m[id];
          this.measured = m;
          this.loadMeasured([changed]);
        }
      } catch (e) {
        this.fail(e, 'The recommendation could not be changed');
      } finally {
        this.recBusy = '';
      }
    },
    optEmpty() { return !this.optLoading && this.optRecs.length === 0; },
  };
}
