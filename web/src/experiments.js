// Experiments: the client's A/B tests with their status, a simple create form, and one
// experiment's analysis — the decision with its reasons, and per metric and variant the value,
// the lift with its interval (drawn as a forest plot in SVG), p-values, chance to beat control,
// expected loss, the sample-ratio check and the power plan. docs/api.md "A/B tests".
import * as fmt from './format.js';

const num = (v, digits = 4) => (v === null || v === undefined ? '—' : String(Number(v.toPrecision(digits))));
const pValue = (p) => (p === null || p === undefined ? '—' : (p < 0.0001 ? '< 0.0001' : p.toFixed(4)));
// A chance shown as 100.0% would claim certainty: the ends read "> 99.9%" and "< 0.1%".
function chanceText(c) {
  if (c === null || c === undefined) return '—';
  if (c > 0.999) return '> 99.9%';
  if (c < 0.001) return '< 0.1%';
  return fmt.percent(c, 1);
}
const DECISIONS = {
  ship: { label: 'Ship', cls: 'bg-green-100 text-green-900' },
  keep_running: { label: 'Keep running', cls: 'bg-blue-100 text-blue-900' },
  stop_for_futility: { label: 'Stop for futility', cls: 'bg-slate-200 text-slate-900' },
  fix_assignment: { label: 'Fix assignment', cls: 'bg-red-100 text-red-900' },
};

// "control=0.5, b=0.5" → [{name, weight}]; "signup:proportion:primary, cpa:ratio:guardrail:lower"
// → [{name, kind, role, higher_is_better}]. The service checks what comes out.
function parseVariants(text) {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [name, weight] = s.split('=').map((x) => x.trim());
    return weight === undefined ? { name } : { name, weight: Number(weight) };
  });
}
function parseMetrics(text) {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [name, kind = 'proportion', role = 'primary', direction = ''] = s.split(':').map((x) => x.trim());
    const m = { name, kind, role };
    if (direction === 'lower') m.higher_is_better = false;
    return m;
  });
}

// Positions (percent of the plot's width) of each interval on one scale shared by a metric's rows.
function forest(rows) {
  const ends = rows.flatMap((r) => (r.lower === null ? [] : [r.lower, r.upper])).concat([0]);
  let lo = Math.min(...ends), hi = Math.max(...ends);
  const pad = (hi - lo) * 0.1 || 0.01;
  lo -= pad; hi += pad;
  const at = (v) => (((v - lo) / (hi - lo)) * 100).toFixed(2);
  return rows.map((r) => ({ ...r, zero: at(0), x1: r.lower === null ? 0 : at(r.lower), x2: r.lower === null ? 0 : at(r.upper),
    cx: r.point === null ? 0 : at(r.point), drawn: r.lower !== null && r.point !== null }));
}

export function experiments() {
  return {
    experimentList: [], experimentsLoading: false, experimentFilter: '',
    experiment: null, experimentResults: null, experimentLoading: false,
    expName: '', expHypothesis: '', expVariants: 'control=0.5, treatment=0.5', expMetrics: 'conversion:proportion:primary',
    expStart: true, expCreating: false, experimentEngine: '', experimentEngineFor: '', experimentReanalysing: false,

    async openExperiments() { await this.loadExperiments(); },
    async loadExperiments() {
      this.experimentsLoading = true;
      try {
        const page = await this.api.get('/api/v1/experiments', { client_id: this.clientId, status: this.experimentFilter, limit: 100 });
        this.experimentList = page.items;
      } catch (e) {
        this.experimentList = [];
        this.fail(e, 'The experiments could not be loaded');
      } finally {
        this.experimentsLoading = false;
      }
    },
    experimentRows() {
      return this.experimentList.map((x) => ({ id: x.id, name: x.name, status: x.status, href: `#/experiments/${encodeURIComponent(x.id)}`,
        started: x.started_at ? x.started_at.slice(0, 10) : '—', ended: x.ended_at ? x.ended_at.slice(0, 10) : '—' }));
    },
    experimentsEmpty() { return !this.experimentsLoading && this.experimentList.length === 0; },
    // Errors on variants[i].… and metrics[i].… are shown beside the text field that wrote them.
    prefixError(prefix) {
      const key = Object.keys(this.errors).find((k) => k === prefix || k.startsWith(`${prefix}[`) || k.startsWith(`${prefix}.`));
      return key ? `${key}: ${this.errors[key]}` : '';
    },
    hasPrefixError(prefix) { return this.prefixError(prefix) !== ''; },
    async createExperiment() {
      this.clearErrors();
      this.expCreating = true;
      const body = { client_id: this.clientId, variants: parseVariants(this.expVariants), metrics: parseMetrics(this.expMetrics),
        status: this.expStart ? 'running' : 'draft' };
      if (this.expName.trim()) body.name = this.expName.trim();
      if (this.expHypothesis.trim()) body.hypothesis = this.expHypothesis.trim();
      try {
        const created = await this.api.post('/api/v1/experiments', body);
        this.expName = ''; this.expHypothesis = '';
        location.hash = `#/experiments/${encodeURIComponent(created.id)}`;
      } catch (e) {
        this.fail(e, 'The experiment could not be created');
      } finally {
        this.expCreating = false;
      }
    },

    // ---- one experiment ----
    async openExperiment(id) {
      this.experimentLoading = true;
      this.experiment = null; this.experimentResults = null;
      if (this.experimentEngineFor !== id) { this.resetOverrides(); this.resetUpload(); this.experimentEngineFor = id; }
      this.experimentConfirm = '';
      try {
        const [x, results] = await Promise.all([
          this.api.get(`/api/v1/experiments/${encodeURIComponent(id)}`),
          this.api.get(`/api/v1/experiments/${encodeURIComponent(id)}/results`, this.analysisParams()),
        ]);
        this.experiment = x;
        this.experimentResults = results;
      } catch (e) {
        this.fail(e, 'The experiment could not be loaded');
      } finally {
        this.experimentLoading = false;
      }
    },
    // The engine and the other overrides (experiment-tools.js) change this answer only; nothing is saved.
    async reanalyseExperiment() {
      if (!this.experiment) return;
      this.clearErrors();
      this.experimentReanalysing = true;
      try {
        this.experimentResults = await this.api.get(`/api/v1/experiments/${encodeURIComponent(this.experiment.id)}/results`, this.analysisParams());
      } catch (e) {
        this.fail(e, 'The analysis could not be run');
      } finally {
        this.experimentReanalysing = false;
      }
    },
    experimentEngineUsed() {
      const a = this.experimentResults && this.experimentResults.analysis;
      return a ? a.engine : '';
    },
    async setExperimentStatus(status) {
      this.clearErrors();
      try {
        await this.api.patch(`/api/v1/experiments/${encodeURIComponent(this.experiment.id)}`, { status });
        await this.openExperiment(this.experiment.id);
      } catch (e) { this.fail(e, 'The status could not be changed'); }
    },
    canStart() { return this.canWrite() && this.experiment && this.experiment.status === 'draft'; },
    canStop() { return this.canWrite() && this.experiment && this.experiment.status === 'running'; },
    experimentTitle() { return this.experiment ? this.experiment.name : ''; },
    experimentDesign() {
      const x = this.experiment;
      if (!x) return [];
      const d = this.experimentResults ? this.experimentResults.data : x;
      return [
        ['Status', x.status], ['Hypothesis', x.hypothesis || '—'],
        ['Variants', (x.variants || []).map((v) => `${v.name} (${fmt.percent(v.weight, 0)})`).join(', ')],
        ['Metrics', (x.metrics || []).map((m) => `${m.name} (${m.kind}, ${m.role}${m.higher_is_better === false ? ', lower is better' : ''})`).join(', ')],
        ['Engine', x.analysis ? `${x.analysis.engine}, α ${x.analysis.alpha}, correction ${x.analysis.correction}`
          + (this.experimentEngineUsed() && this.experimentEngineUsed() !== x.analysis.engine ? ` (shown with ${this.experimentEngineUsed()})` : '') : '—'],
        ['Data', d && d.first_day ? `${d.days_observed} days, ${d.first_day} to ${d.last_day}` : 'no results yet'],
      ].map(([label, value]) => ({ label, value }));
    },
    decisionView() {
      const r = this.experimentResults;
      if (!r) return null;
      const d = DECISIONS[r.decision] || { label: r.decision, cls: 'bg-slate-200' };
      return { label: d.label, cls: d.cls, text: r.decision_text, reasons: (r.reasons || []).map((t, i) => ({ key: i, text: t })),
        notes: ((r.diagnostics && r.diagnostics.notes) || []).map((t, i) => ({ key: i, text: t })) };
    },
    decisionLabel() { const d = this.decisionView(); return d ? d.label : ''; },
    decisionClass() { const d = this.decisionView(); return d ? d.cls : ''; },
    decisionText() { const d = this.decisionView(); return d ? d.text : ''; },
    decisionReasons() { const d = this.decisionView(); return d ? d.reasons.concat(d.notes.map((n) => ({ key: `n${n.key}`, text: n.text }))) : []; },
    srmView() {
      const s = this.experimentResults && this.experimentResults.srm;
      if (!s || !this.experimentResults.has_results) return null;
      return { mismatch: s.mismatch, text: `${s.mismatch ? 'Sample ratio mismatch' : 'No sample ratio mismatch'} on ${s.metric}: χ² ${num(s.chi_squared)}, p ${pValue(s.p_value)} (threshold ${s.threshold}); `
        + s.variants.map((v) => `${v.name} ${fmt.count(v.observed_units)} of ${fmt.count(v.expected_units)} expected`).join(', ') };
    },
    srmMismatch() { const s = this.srmView(); return Boolean(s && s.mismatch); },
    srmText() { const s = this.srmView(); return s ? s.text : ''; },
    metricViews() {
      const r = this.experimentResults;
      if (!r || !r.has_results) return [];
      return (r.metrics || []).map((m, mi) => {
        const value = (v) => (m.kind === 'proportion' ? fmt.percent(v, 2) : num(v));
        const rows = forest(m.variants.map((v) => ({
          key: v.name, name: v.name, units: fmt.count(v.units), value: value(v.value),
          lift: v.relative.value === null ? '—' : fmt.signedPercent(v.relative.value),
          interval: v.relative.interval ? `${fmt.signedPercent(v.relative.interval.lower)} to ${fmt.signedPercent(v.relative.interval.upper)}` : '—',
          lower: v.relative.interval ? v.relative.interval.lower : null, upper: v.relative.interval ? v.relative.interval.upper : null,
          point: v.relative.value, p: pValue(v.p_value), adjusted: pValue(v.adjusted_p_value),
          chance: chanceText(v.bayesian ? v.bayesian.chance_to_beat_control : null),
          loss: v.bayesian ? num(v.bayesian.expected_loss, 2) : '—', verdict: v.verdict, note: v.note, sequential: this.sequentialText(v),
          colour: v.verdict === 'better' ? '#047857' : (v.verdict === 'worse' ? '#b91c1c' : '#475569'),
        })));
        const p = m.power;
        return {
          key: m.name, id: `m-${mi}`, name: m.name, meta: `${m.kind}, ${m.role}${m.higher_is_better ? '' : ', lower is better'}`,
          control: `(${m.control.name}): ${value(m.control.value)} over ${fmt.count(m.control.units)} units`, rows, cuped: this.cupedText(m.cuped),
          power: p ? `Power now ${fmt.percent(p.power_now, 0)} for a ${fmt.percent(p.minimum_detectable_effect, 0)} effect; `
            + (p.days_remaining === null ? `${fmt.count(p.units_needed)} units needed`
              : (p.days_remaining <= 0 ? `it has the ${fmt.count(p.units_needed)} units it needs`
                : `${fmt.count(Math.ceil(p.days_remaining))} more days at ${fmt.count(p.daily_units)} units a day (${fmt.count(p.units_needed)} units needed)`))
            + (p.detectable_effect_now === null ? '' : `; detectable now: ${fmt.percent(p.detectable_effect_now, 1)}`) : '',
        };
      });
    },
    hasExperimentResults() { return Boolean(this.experimentResults && this.experimentResults.has_results); },
  };
}
