// Budget optimizer, the rest of the request and the answer: the options (default maximum
// multiple, learning phase, value per conversion), adding a platform the client has not used
// (it enters on benchmark priors), each channel's 90% outcome interval, and the week-by-week
// plan (plan_ahead) with its carry-over as a table and a chart. docs/budget.md has the API.
import { COLORS, draw } from './charts.js';
import * as fmt from './format.js';

const num = (v) => (v === '' || v === null || v === undefined ? null : Number(v));

export function budgetPlan() {
  return {
    budgetDefaultMaxMultiple: '', budgetLearningPhase: true, budgetValuePerConversion: '', budgetPlanWeeks: '',
    budgetNewChannel: '',

    // At platform level, the platforms not in the table yet (campaigns cannot be invented).
    budgetAddableChannels() {
      if (this.budgetLevel !== 'platform') return [];
      const have = new Set(this.budgetRows.map((r) => r.channel));
      return Object.keys(fmt.PLATFORMS).filter((p) => !have.has(p)).map((p) => ({ value: p, label: fmt.platformName(p) }));
    },
    addBudgetChannel() {
      const p = this.budgetNewChannel;
      if (!p || this.budgetRows.some((r) => r.channel === p)) return;
      this.budgetRows = [...this.budgetRows, { channel: p, label: fmt.platformName(p), current: null, added: true,
        source: 'not used yet: benchmark prior', min_spend: '', max_spend: '', min_multiple: '', max_multiple: '', locked: false }];
      this.budgetNewChannel = '';
    },
    removeBudgetChannel(index) {
      const row = this.budgetRows[index];
      if (row && row.added) this.budgetRows = this.budgetRows.filter((r, i) => i !== index);
    },
    // The options, only those that differ from the service's defaults.
    budgetOptions() {
      const out = {};
      if (num(this.budgetDefaultMaxMultiple) !== null) out.default_max_multiple = num(this.budgetDefaultMaxMultiple);
      if (!this.budgetLearningPhase) out.learning_phase = false;
      if (num(this.budgetValuePerConversion) !== null) out.value_per_conversion = num(this.budgetValuePerConversion);
      if (num(this.budgetPlanWeeks) !== null) out.plan_ahead = { weeks: num(this.budgetPlanWeeks) };
      return out;
    },

    // "1,800 – 1,900" for a channel's 90% interval on the outcome; '' when the curve has none.
    budgetInterval(channel, which) {
      const c = this.budgetChannels().find((x) => x.channel === channel);
      const i = c && c[which] ? c[which].outcome_interval : null;
      if (!i) return '';
      const show = (v) => (this.budgetObjectiveOf() === 'revenue' ? fmt.money(v, this.budgetCurrency()) : fmt.count(v));
      return `${show(i[0])} – ${show(i[1])}`;
    },

    budgetPlanAhead() { return this.budgetAnswer ? this.budgetAnswer.plan_ahead || null : null; },
    budgetPlanSummary() {
      const p = this.budgetPlanAhead();
      if (!p) return [];
      const obj = this.budgetObjectiveOf(), cur = this.budgetCurrency();
      const out = (v) => (obj === 'revenue' ? fmt.money(v, cur) : fmt.count(v));
      return [
        { label: 'Spend over the plan', value: fmt.money(p.budget, cur) },
        { label: 'Outcome within the plan', value: out(p.outcome_within_horizon === undefined ? p.outcome : p.outcome_within_horizon) },
        { label: 'Carried over from past spend', value: out(p.carried_over) },
        { label: 'Gain on the current split', value: p.outcome_gain_percent === null || p.outcome_gain_percent === undefined ? '—' : fmt.signedPercent(p.outcome_gain_percent / 100) },
      ];
    },
    // One row per week: each channel's spend and outcome, the totals and the carry-over in them.
    budgetPlanWeeksRows() {
      const p = this.budgetPlanAhead();
      if (!p || !p.channels || !p.channels.length) return [];
      const obj = this.budgetObjectiveOf(), cur = this.budgetCurrency();
      const out = (v) => (obj === 'revenue' ? fmt.money(v, cur) : fmt.count(v));
      return p.channels[0].weeks.map((w, k) => {
        let spend = 0, outcome = 0, carried = 0;
        const cells = p.channels.map((c) => {
          const x = c.weeks[k];
          spend += x.spend; outcome += x.outcome; carried += x.carried_over;
          return { key: c.channel, spend: fmt.money(x.spend, cur), outcome: out(x.outcome) };
        });
        return { key: w.start, week: k + 1, start: w.start, cells, spend: fmt.money(spend, cur), outcome: out(outcome), carried: out(carried) };
      });
    },
    budgetPlanChannelNames() {
      const p = this.budgetPlanAhead();
      return p && p.channels ? p.channels.map((c) => ({ key: c.channel, name: this.budgetChannelName(c.channel) })) : [];
    },
    budgetChannelName(channel) {
      const c = this.budgetChannels().find((x) => x.channel === channel);
      return (c && c.label) || fmt.platformName(channel);
    },
    drawBudgetPlan() {
      const p = this.budgetPlanAhead();
      if (!p || !p.channels || !p.channels.length) return;
      const weeks = p.channels[0].weeks.map((w) => w.start);
      const datasets = p.channels.map((c, i) => ({ type: 'bar', label: this.budgetChannelName(c.channel), stack: 'spend',
        data: c.weeks.map((w) => w.spend), backgroundColor: COLORS[i % COLORS.length], yAxisID: 'y' }));
      datasets.push({ type: 'line', label: 'Outcome', yAxisID: 'y1', borderColor: '#0f172a', backgroundColor: '#0f172a',
        data: weeks.map((w, k) => p.channels.reduce((s, c) => s + c.weeks[k].outcome, 0)) });
      datasets.push({ type: 'line', label: 'Of it carried over', yAxisID: 'y1', borderColor: '#a16207', borderDash: [4, 3], backgroundColor: '#a16207',
        data: weeks.map((w, k) => p.channels.reduce((s, c) => s + c.weeks[k].carried_over, 0)) });
      draw('chart-budget-plan', {
        type: 'bar', data: { labels: weeks, datasets },
        options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'Spend per week' } },
          y1: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: this.budgetObjectiveOf() === 'revenue' ? 'Revenue' : 'Conversions' } } } },
      });
    },
  };
}
