// Budget optimizer: the request form and a constraints table per channel (min/max spend or
// multiples of current spend, lock), the answer (current against optimal split as a chart and a
// table, totals, diagnostics, warnings), a response curve per channel with its current and
// optimal points, and the client's saved optimizations. docs/budget.md has the API.
import { COLORS, draw } from './charts.js';
import * as fmt from './format.js';

const BOUND_FIELDS = ['min_spend', 'max_spend', 'min_multiple', 'max_multiple'];

// One constraints row per channel: the inputs as typed (strings), so an empty one is "no bound".
function constraintRow(channel) {
  return { channel: channel.channel, label: channel.label || fmt.platformName(channel.channel),
    current: channel.current ? channel.current.spend : null, source: channel.source || '',
    min_spend: '', max_spend: '', min_multiple: '', max_multiple: '', locked: false };
}

// The outcome in words: conversions are counted, revenue is money.
function outcomeText(value, objective, currency) {
  return objective === 'revenue' ? fmt.money(value, currency) : fmt.count(value);
}

export function budget() {
  return {
    budgetAmount: '', budgetPeriodDays: '30', budgetObjective: 'conversions', budgetGoal: 'max_outcome',
    budgetTarget: '', budgetLevel: 'platform', budgetRows: [], budgetCurvesLoading: false,
    budgetRunning: false, budgetAnswer: null, budgetChannelsAsked: '', budgetSaved: [], budgetSavedLoading: false, budgetClient: '',

    async openBudget(id) {
      // Another client's budget and bounds mean nothing here: start from this client's spend.
      if (this.budgetClient !== this.clientId) { this.budgetAmount = ''; this.budgetClient = this.clientId; }
      this.loadBudgetChannels();
      this.loadBudgetSaved();
      if (id) {
        try {
          this.showBudgetAnswer(await this.api.get(`/api/v1/budget/optimizations/${encodeURIComponent(id)}`));
        } catch (e) { this.fail(e, 'The optimization could not be loaded'); }
      } else {
        this.budgetAnswer = null;
      }
    },
    // The channels and their current spend come from the response curves of the chosen level.
    async loadBudgetChannels() {
      if (!this.clientId) { this.budgetRows = []; return; }
      this.budgetCurvesLoading = true;
      const asked = `${this.clientId}/${this.budgetLevel}/${this.budgetObjective}`;
      this.budgetChannelsAsked = asked;
      try {
        const answer = await this.api.get('/api/v1/budget/response-curves', {
          client_id: this.clientId, level: this.budgetLevel, objective: this.budgetObjective,
          period_days: this.budgetPeriodDays, points: 2,
        });
        // A later question (another client, level or objective) has been asked meanwhile.
        if (this.budgetChannelsAsked !== asked) return;
        this.budgetRows = answer.channels.map(constraintRow);
        if (this.budgetAmount === '') {
          const total = answer.channels.reduce((s, c) => s + (c.current ? c.current.spend : 0), 0);
          if (total > 0) this.budgetAmount = String(Math.round(total));
        }
      } catch (e) {
        this.budgetRows = [];
        this.fail(e, 'The channels could not be loaded');
      } finally {
        this.budgetCurvesLoading = false;
      }
    },
    async loadBudgetSaved() {
      this.budgetSavedLoading = true;
      try {
        const page = await this.api.get('/api/v1/budget/optimizations', { client_id: this.clientId, limit: 10 });
        this.budgetSaved = page.items.map((o) => ({ id: o.id, href: `#/budget/${encodeURIComponent(o.id)}`,
          created: (o.created_at || '').replace('T', ' ').slice(0, 16),
          text: `${fmt.money(o.budget, this.currency())} · ${o.period_start || ''} to ${o.period_end || ''}` }));
      } catch (e) {
        this.budgetSaved = [];
      } finally {
        this.budgetSavedLoading = false;
      }
    },
    budgetGoalNeedsTarget() { return this.budgetGoal !== 'max_outcome'; },
    budgetRowsView() {
      const cur = this.currency();
      return this.budgetRows.map((r, i) => ({ ...r, index: i, id: `bc-${i}`,
        currentText: r.current === null ? '—' : fmt.money(r.current, cur) }));
    },
    // Templates may not assign to a property (Alpine's CSP build): inputs call this instead.
    setConstraint(index, field, value) {
      const row = this.budgetRows[index];
      if (!row) return;
      this.budgetRows.splice(index, 1, { ...row, [field]: value });
    },
    constraintError(index, field) { return this.fieldError(`channels[${index}].${field}`); },
    hasConstraintError(index, field) { return this.hasFieldError(`channels[${index}].${field}`); },
    budgetRequest() {
      const body = { client_id: this.clientId, objective: this.budgetObjective, goal: this.budgetGoal, level: this.budgetLevel };
      if (this.budgetAmount !== '') body.budget = Number(this.budgetAmount);
      if (this.budgetPeriodDays !== '') body.period_days = Number(this.budgetPeriodDays);
      if (this.budgetGoalNeedsTarget() && this.budgetTarget !== '') body.target = Number(this.budgetTarget);
      Object.assign(body, this.budgetOptions());  // budget-plan.js
      // Every channel is sent, so the index in an error (channels[i].…) is the row's index.
      body.channels = this.budgetRows.map((r) => {
        const c = { channel: r.channel };
        for (const f of BOUND_FIELDS) if (r[f] !== '' && r[f] !== null) c[f] = Number(r[f]);
        if (r.locked) c.locked = true;
        return c;
      });
      return body;
    },
    async runBudget() {
      this.clearErrors();
      this.budgetRunning = true;
      try {
        this.showBudgetAnswer(await this.api.post('/api/v1/budget/optimize', this.budgetRequest()));
        this.loadBudgetSaved();
        this.$nextTick(() => { const el = document.getElementById('budget-result'); if (el) el.focus(); });
      } catch (e) {
        this.fail(e, 'The optimization failed');
      } finally {
        this.budgetRunning = false;
      }
    },
    showBudgetAnswer(answer) {
      this.budgetAnswer = answer;
      this.$nextTick(() => { this.drawBudget(); this.drawBudgetPlan(); });
    },
    budgetObjectiveOf() { return this.budgetAnswer ? this.budgetAnswer.outcome || this.budgetObjective : this.budgetObjective; },
    budgetCurrency() { return (this.budgetAnswer && this.budgetAnswer.currency) || this.currency(); },
    budgetChannels() { return this.budgetAnswer ? this.budgetAnswer.channels || [] : []; },
    budgetHeadline() {
      const a = this.budgetAnswer;
      if (!a || !a.totals) return [];
      const cur = this.budgetCurrency(), obj = this.budgetObjectiveOf();
      const t = a.totals;
      return [
        { label: 'Current outcome', value: outcomeText(t.current.outcome, obj, cur), testid: 'budget-current' },
        { label: 'Optimal outcome', value: outcomeText(t.optimal.outcome, obj, cur), testid: 'budget-optimal' },
        { label: 'Gain', value: outcomeText(t.outcome_gain, obj, cur), testid: 'budget-gain' },
        { label: 'Gain %', value: fmt.signedPercent(t.outcome_gain_percent === null || t.outcome_gain_percent === undefined ? null : t.outcome_gain_percent / 100), testid: 'budget-gain-percent' },
        { label: 'Optimal spend', value: fmt.money(t.optimal.spend, cur), testid: 'budget-spend' },
      ];
    },
    budgetVerdict() {
      const a = this.budgetAnswer;
      if (!a) return '';
      return a.improved ? 'The optimal split beats the current one.' : `No better split: ${a.reason || 'the current split is already optimal within the bounds'}.`;
    },
    budgetTableRows() {
      const cur = this.budgetCurrency(), obj = this.budgetObjectiveOf();
      const marginal = (v) => (v === null || v === undefined ? '—' : v.toFixed(obj === 'revenue' ? 2 : 4));
      return this.budgetChannels().map((c) => ({
        key: c.channel, name: c.label || fmt.platformName(c.channel), source: c.curve_source,
        currentSpend: fmt.money(c.current.spend, cur), optimalSpend: fmt.money(c.optimal.spend, cur),
        currentOutcome: outcomeText(c.current.outcome, obj, cur), optimalOutcome: outcomeText(c.optimal.outcome, obj, cur),
        currentRoas: marginal(c.current.roas), optimalRoas: marginal(c.optimal.roas),
        marginal: marginal(c.optimal.marginal_roas),
        change: `${c.change.spend > 0 ? '+' : ''}${fmt.money(c.change.spend, cur)} (${c.change.percent === null ? '—' : fmt.signedPercent(c.change.percent / 100)})`,
        binding: c.binding_reason || (c.binding ? c.binding : '—'),
      }));
    },
    budgetExcluded() {
      const a = this.budgetAnswer;
      return a && a.excluded ? a.excluded.map((x, i) => ({ key: i, text: `${x.label || x.channel}: ${x.reason}` })) : [];
    },
    budgetWarnings() {
      const a = this.budgetAnswer;
      return a && a.warnings ? a.warnings.map((w, i) => ({ key: i, text: typeof w === 'string' ? w : (w.message || JSON.stringify(w)) })) : [];
    },
    budgetDiagnostics() {
      const d = this.budgetAnswer && this.budgetAnswer.diagnostics;
      if (!d) return [];
      const show = (v) => (v === null || v === undefined ? '—' : (typeof v === 'number' ? String(Number(v.toPrecision(4))) : (Array.isArray(v) ? (v.join('; ') || 'none') : String(v))));
      return [['Method', d.method], ['Termination', d.termination], ['Iterations', d.iterations], ['Starts', d.starts],
        ['KKT residual', d.kkt_residual], ['Marginal return', d.marginal_return], ['Optimality gap', d.optimality_gap],
        ['Binding', d.binding_constraints]].map(([label, v]) => ({ label, value: show(v) }));
    },
    budgetCurveCharts() {
      return this.budgetChannels().filter((c) => c.curve && c.curve.points && c.curve.points.length)
        .map((c, i) => ({ key: c.channel, id: `chart-curve-${i}`, name: c.label || fmt.platformName(c.channel),
          note: [c.curve_source, c.curve_note].filter(Boolean).join(': ') }));
    },
    drawBudget() {
      const channels = this.budgetChannels();
      const names = channels.map((c) => c.label || fmt.platformName(c.channel));
      draw('chart-budget-split', {
        type: 'bar',
        data: { labels: names, datasets: [
          { label: 'Current spend', data: channels.map((c) => c.current.spend), backgroundColor: '#94a3b8' },
          { label: 'Optimal spend', data: channels.map((c) => c.optimal.spend), backgroundColor: COLORS[0] },
        ] },
      });
      const obj = this.budgetObjectiveOf();
      channels.filter((c) => c.curve && c.curve.points && c.curve.points.length).forEach((c, i) => {
        const point = (p) => [{ x: p.spend, y: p.outcome }];
        draw(`chart-curve-${i}`, {
          type: 'line',
          data: { datasets: [
            { label: 'Response curve', data: c.curve.points.map((p) => ({ x: p.spend, y: p.outcome })), borderColor: COLORS[0], pointRadius: 0, tension: 0.2 },
            { label: 'Current', data: point(c.curve.current), borderColor: '#475569', backgroundColor: '#475569', pointRadius: 7, pointStyle: 'rectRot', showLine: false },
            { label: 'Optimal', data: point(c.curve.optimal), borderColor: COLORS[2], backgroundColor: COLORS[2], pointRadius: 7, showLine: false },
          ] },
          options: { parsing: true, scales: {
            x: { type: 'linear', title: { display: true, text: 'Spend over the period' } },
            y: { title: { display: true, text: obj === 'revenue' ? 'Revenue' : 'Conversions' } },
          } },
        });
      });
    },
  };
}
