// Experiments, the tools around the analysis (docs/api.md "A/B tests"): the power planner
// (POST /experiments/power) on the list; on one experiment the analysis overrides of
// GET …/results (engine, sequential, correction, alpha, a proper prior) with the settings that
// answered, start / stop after a confirmation, and uploading daily results from a CSV file or
// a grid (POST …/results) with each row's error beside the row it names.
import * as fmt from './format.js';

const BASE_COLUMNS = ['date', 'variant', 'metric', 'units', 'total', 'total_squares'];
const RATIO_COLUMNS = ['denominator_total', 'denominator_squares', 'cross_total'];
const COVARIATE_COLUMNS = ['covariate_total', 'covariate_squares', 'covariate_cross'];
const ALL_COLUMNS = BASE_COLUMNS.concat(RATIO_COLUMNS, COVARIATE_COLUMNS);
const TEXT_COLUMNS = ['date', 'variant', 'metric'];
const SHOWN_ROWS = 200;
const emptyRow = () => Object.fromEntries(ALL_COLUMNS.map((c) => [c, '']));
const isBlank = (r) => ALL_COLUMNS.every((c) => String(r[c] || '').trim() === '');
const num = (v, digits = 4) => (v === null || v === undefined ? '—' : String(Number(Number(v).toPrecision(digits))));

// A small CSV reader: commas, double-quoted fields with "" escapes, \n or \r\n line ends.
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export function experimentTools() {
  return {
    // ---- power planner ----
    pwKind: 'proportion', pwBaseline: '0.1', pwVariance: '', pwMde: '5', pwAlpha: '0.05', pwPower: '0.8', pwVariants: '2',
    pwDaily: '', pwAvailable: '', pwAnswer: null, pwRunning: false,
    pwNeedsVariance() { return this.pwKind !== 'proportion'; },
    async planPower() {
      this.clearErrors();
      this.pwRunning = true;
      const n = (v) => (String(v).trim() === '' ? undefined : Number(v));
      const body = { kind: this.pwKind, baseline: n(this.pwBaseline), minimum_detectable_effect: n(this.pwMde) === undefined ? undefined : n(this.pwMde) / 100,
        alpha: n(this.pwAlpha), power: n(this.pwPower), variants: n(this.pwVariants), daily_units: n(this.pwDaily), available_units: n(this.pwAvailable) };
      if (this.pwNeedsVariance()) body.unit_variance = n(this.pwVariance);
      try {
        this.pwAnswer = { ...(await this.api.post('/api/v1/experiments/power', body)), mde: body.minimum_detectable_effect, power: body.power };
      } catch (e) {
        this.pwAnswer = null;
        this.fail(e, 'The plan could not be made');
      } finally {
        this.pwRunning = false;
      }
    },
    pwLines() {
      const a = this.pwAnswer;
      if (!a) return [];
      const per = (a.variants || []).map((v) => `${v.name} ${fmt.count(Math.ceil(v.units_needed))}`).join(', ');
      const lines = [`${fmt.count(Math.ceil(a.total_units_needed))} units in total (${per})${a.comparisons > 1 ? `, for ${a.comparisons} comparisons` : ''}`];
      if (a.days_needed !== null && a.days_needed !== undefined) lines.push(`${fmt.count(Math.ceil(a.days_needed))} days at the daily traffic given`);
      if (a.available) {
        lines.push(`With ${fmt.count(a.available.units)} units it detects a ${fmt.percent(a.available.detectable_effect, 1)} effect`
          + ` (power ${fmt.percent(a.available.power, 0)} for the ${fmt.percent(a.mde === undefined ? 0.05 : a.mde, 1)} effect)`);
      }
      return lines.map((text, i) => ({ key: i, text }));
    },
    pwField(name) { return this.fieldError(name); },

    // ---- analysis overrides (this answer only; nothing is stored) ----
    xoSequential: '', xoCorrection: '', xoAlpha: '', xoPriorMean: '', xoPriorVariance: '',
    resetOverrides() { this.experimentEngine = ''; this.xoSequential = ''; this.xoCorrection = ''; this.xoAlpha = ''; this.xoPriorMean = ''; this.xoPriorVariance = ''; },
    analysisParams() {
      const p = { engine: this.experimentEngine, sequential: this.xoSequential, correction: this.xoCorrection, alpha: this.xoAlpha.trim() };
      if (this.xoPriorMean.trim() !== '' || this.xoPriorVariance.trim() !== '') {
        p.prior = 'proper'; p.prior_mean = this.xoPriorMean.trim(); p.prior_variance = this.xoPriorVariance.trim();
      }
      return p;
    },
    hasOverrides() { return Object.values(this.analysisParams()).some((v) => v !== ''); },
    async clearOverrides() { this.resetOverrides(); await this.reanalyseExperiment(); },
    // The options the answer was computed with (its `analysis`), in words.
    activeAnalysisText() {
      const a = this.experimentResults && this.experimentResults.analysis;
      if (!a) return '';
      const prior = a.prior ? `proper prior (mean ${a.prior.mean}, variance ${a.prior.variance})` : 'flat prior';
      return `${a.engine} engine, α ${a.alpha}, correction ${a.correction === 'benjamini_hochberg' ? 'Benjamini–Hochberg' : a.correction}, `
        + `sequential ${a.sequential ? 'on' : 'off'}, CUPED ${a.cuped ? 'on' : 'off'}, ${prior}${this.hasOverrides() ? ' (overridden for this view)' : ' (as designed)'}`;
    },
    isBayesianView() { return this.experimentEngineUsed() === 'bayesian' || this.experimentEngine === 'bayesian'; },

    // ---- start / stop after a confirmation ----
    experimentConfirm: '',
    askExperimentStatus(status) { this.experimentConfirm = status; },
    cancelExperimentStatus() { this.experimentConfirm = ''; },
    async confirmExperimentStatus() { const s = this.experimentConfirm; this.experimentConfirm = ''; await this.setExperimentStatus(s); },
    experimentConfirmText() {
      const name = this.experimentTitle();
      if (this.experimentConfirm === 'running') return `Start “${name}”? Its variants and metrics are fixed once it runs, and it takes results from then on.`;
      if (this.experimentConfirm === 'stopped') return `Stop “${name}”? It takes no more results, and a stopped experiment cannot run again.`;
      return '';
    },
    experimentConfirmLabel() { return this.experimentConfirm === 'running' ? 'Start it' : 'Stop it'; },

    // ---- results upload ----
    upRows: [emptyRow(), emptyRow()], upFileNote: '', upSending: false, upAnswer: '', upIndex: [],
    resetUpload() { this.upRows = [emptyRow(), emptyRow()]; this.upFileNote = ''; this.upAnswer = ''; },
    canUpload() { return this.canWrite() && this.experiment && this.experiment.status === 'running'; },
    upColumns() {
      const metrics = (this.experiment && this.experiment.metrics) || [];
      const cols = BASE_COLUMNS.slice();
      if (metrics.some((m) => m.kind === 'ratio') || this.upRows.some((r) => RATIO_COLUMNS.some((c) => r[c] !== ''))) cols.push(...RATIO_COLUMNS);
      if (this.upRows.some((r) => COVARIATE_COLUMNS.some((c) => r[c] !== ''))) cols.push(...COVARIATE_COLUMNS);
      return cols;
    },
    upGrid() {
      const cols = this.upColumns();
      return this.upRows.slice(0, SHOWN_ROWS).map((r, i) => ({
        key: i, index: i, number: i + 1, errId: `up-row-${i}-err`, error: this.upRowError(i),
        cells: cols.map((c) => ({ key: c, col: c, value: r[c], label: `Row ${i + 1} ${c.replace(/_/g, ' ')}`,
          invalid: this.hasFieldError(`rows[${i}].${c}`), type: TEXT_COLUMNS.includes(c) ? (c === 'date' ? 'date' : 'text') : 'number' })),
      }));
    },
    upHidden() { return Math.max(0, this.upRows.length - SHOWN_ROWS); },
    upRowError(i) {
      return Object.keys(this.errors).filter((k) => k === `rows[${i}]` || k.startsWith(`rows[${i}].`)).map((k) => `${k.replace(/^rows\[\d+\]\.?/, '') || 'row'}: ${this.errors[k]}`).join('; ');
    },
    // Every row error (also those of rows past the first 200), "Row 3 (units): …".
    upErrorList() {
      return Object.keys(this.errors).filter((k) => /^rows\[\d+\]/.test(k)).map((k) => {
        const m = k.match(/^rows\[(\d+)\]\.?(.*)$/);
        return { key: k, text: `Row ${Number(m[1]) + 1}${m[2] ? ` (${m[2]})` : ''}: ${this.errors[k]}` };
      });
    },
    upGeneralError() { return this.fieldError('rows') || this.fieldError('status'); },
    setUpCell(index, col, value) {
      const r = this.upRows[index];
      if (r) this.upRows.splice(index, 1, { ...r, [col]: value });
    },
    addUpRow() { this.upRows = this.upRows.concat([emptyRow()]); },
    removeUpRow(index) { this.upRows = this.upRows.filter((r, i) => i !== index); if (this.upRows.length === 0) this.upRows = [emptyRow()]; },
    async chooseResultsFile(event) {
      const file = event.target.files && event.target.files[0];
      this.clearErrors(); this.upAnswer = '';
      if (!file) return;
      const table = parseCsv(await file.text());
      const header = (table[0] || []).map((h) => h.trim().toLowerCase());
      const missing = ['date', 'variant', 'metric', 'units', 'total'].filter((c) => !header.includes(c));
      if (missing.length) {
        this.errors = { file: `the header needs ${missing.join(', ')} (it has ${header.join(', ') || 'nothing'})` };
        this.upFileNote = '';
        return;
      }
      const ignored = header.filter((h) => h && !ALL_COLUMNS.includes(h));
      this.upRows = table.slice(1).map((cells) => {
        const row = emptyRow();
        header.forEach((h, i) => { if (ALL_COLUMNS.includes(h)) row[h] = (cells[i] || '').trim(); });
        return row;
      });
      if (this.upRows.length === 0) this.upRows = [emptyRow()];
      this.upFileNote = `Read ${fmt.count(table.length - 1)} rows from ${file.name}${ignored.length ? `; columns ignored: ${ignored.join(', ')}` : ''}. Check them below, then send.`;
    },
    async sendResults() {
      this.clearErrors(); this.upAnswer = '';
      const index = [];
      const rows = [];
      this.upRows.forEach((r, i) => {
        if (isBlank(r)) return;
        const row = {};
        for (const c of ALL_COLUMNS) {
          const v = String(r[c] || '').trim();
          if (v === '') continue;
          row[c] = TEXT_COLUMNS.includes(c) ? v : Number(v);
        }
        rows.push(row); index.push(i);
      });
      if (rows.length === 0) { this.errors = { rows: 'fill in at least one row' }; return; }
      this.upSending = true;
      try {
        const answer = await this.api.post(`/api/v1/experiments/${encodeURIComponent(this.experiment.id)}/results`, { rows });
        this.upAnswer = `Stored ${fmt.count(answer.stored)} rows (${fmt.count(answer.replaced)} replaced days already stored); the experiment now has ${fmt.count(answer.result_rows)} rows over ${fmt.count(answer.days_observed)} days.`;
        this.upRows = [emptyRow(), emptyRow()]; this.upFileNote = '';
        const input = document.getElementById('up-file'); if (input) input.value = '';
        const [x, results] = await Promise.all([this.api.get(`/api/v1/experiments/${encodeURIComponent(this.experiment.id)}`),
          this.api.get(`/api/v1/experiments/${encodeURIComponent(this.experiment.id)}/results`, this.analysisParams())]);
        this.experiment = x; this.experimentResults = results;
      } catch (e) {
        this.fail(e, 'The results could not be stored');
        // The API numbers the rows it was sent; blank grid rows were left out, so map back.
        this.errors = Object.fromEntries(Object.entries(this.errors).map(([k, v]) => [k.replace(/^rows\[(\d+)\]/, (m, n) => `rows[${index[Number(n)] ?? n}]`), v]));
      } finally {
        this.upSending = false;
      }
    },
    // The sequential interval and CUPED, where the answer has them (used by metricViews).
    sequentialText(v) {
      const s = v.sequential;
      if (!s || !s.relative_interval) return '';
      return `Always-valid (sequential) interval ${fmt.signedPercent(s.relative_interval.lower)} to ${fmt.signedPercent(s.relative_interval.upper)}, p ${s.p_value === null ? '—' : num(s.p_value, 3)}`;
    },
    cupedText(c) {
      if (!c) return '';
      if (c.applied) return `CUPED applied: θ ${num(c.theta, 4)}, variance reduced by ${fmt.percent(c.variance_reduction, 1)}${c.note ? `; ${c.note}` : ''}`;
      return c.note ? `CUPED not applied: ${c.note}` : '';
    },
  };
}
