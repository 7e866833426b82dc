// Automated rules (#/rules): the client's rules in words, an editor (scope, conditions, schedule,
// action with its caps, cooldown), the dry run of the rule being edited (unsaved) or of the stored
// one over a chosen range, run now, and the evaluation log. docs/rules.md, "API and scheduling".
import * as fmt from './format.js';
import { focusFirst } from './keyboard.js';

const METRIC_WORDS = {
  spend: 'spend', impressions: 'impressions', clicks: 'clicks', conversions: 'conversions', conversion_value: 'conversion value',
  ctr: 'CTR', cpc: 'CPC', cpm: 'CPM', cpa: 'CPA', roas: 'ROAS', conversion_rate: 'conversion rate', frequency: 'frequency',
  spend_vs_daily_budget: 'spend vs daily budget',
};
const COMPARISONS = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' };
const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ACTIONS = { notify: 'notify', recommend_pause: 'recommend a pause', recommend_budget_change: 'recommend a budget change' };
const OUTCOME_CLASS = { fired: 'bg-green-100 text-green-900', in_cooldown: 'bg-amber-100 text-amber-950', conditions_not_met: 'bg-slate-200 text-slate-800' };
const words = (s) => String(s || '').replace(/_/g, ' ');
// Run times are UTC instants; the schedule's hour is the client's local time.
const stamp = (t) => (t ? `${t.replace('T', ' ').slice(0, 16)} UTC` : '—');
const hourText = (h) => `${String(h).padStart(2, '0')}:00`;

// The data guards, each a field of the editor (empty: off).
const GUARDS = ['min_spend', 'min_impressions', 'min_clicks', 'min_conversions', 'min_days_with_data'];
const GUARD_LABELS = { min_spend: 'At least spend', min_impressions: 'At least impressions', min_clicks: 'At least clicks',
  min_conversions: 'At least conversions', min_days_with_data: 'At least days with data' };
const OBJECTIVES = ['awareness', 'traffic', 'engagement', 'leads', 'app_installs', 'sales_conversion'];
const STATUSES = ['draft', 'active', 'paused', 'completed', 'archived'];
function newCondition() {
  return { metric: 'spend', window_days: '7', window_end: 'today', measure: 'value', comparison: 'gt', threshold: '',
    guard: undefined, min_spend: '', min_impressions: '', min_clicks: '', min_conversions: '', min_days_with_data: '' };
}
const valueText = (v) => (v === null || v === undefined ? '—' : String(Number(Number(v).toPrecision(6))));
// One condition's outcome in the log or a dry run: "1: held, observed -6 (current 25.55, previous 27.18)".
function conditionOutcomeText(c, i) {
  const parts = [`${i + 1}: ${words(c.status)}`];
  if (c.observed !== null && c.observed !== undefined) parts.push(`observed ${valueText(c.observed)}`);
  const around = [];
  if (c.current !== null && c.current !== undefined) around.push(`current ${valueText(c.current)}`);
  if (c.previous !== null && c.previous !== undefined) around.push(`previous ${valueText(c.previous)}`);
  return parts.join(', ') + (around.length ? ` (${around.join(', ')})` : '');
}
function guardText(g) {
  if (!g) return '';
  const parts = [['min_spend', 'spend'], ['min_impressions', 'impressions'], ['min_clicks', 'clicks'], ['min_conversions', 'conversions'],
    ['min_days_with_data', 'days with data']].filter(([k]) => g[k] > 0).map(([k, w]) => `${g[k]} ${w}`);
  return parts.length ? `, given at least ${parts.join(', ')}` : '';
}
// "spend over the last 7 days > 1"; "CPA change over 7 days ending yesterday vs the 7 before > 20%".
export function conditionText(c) {
  const days = c.window_days === 1 ? (c.window_end === 'yesterday' ? 'yesterday' : 'today')
    : `over the last ${c.window_days} days${c.window_end === 'yesterday' ? ' to yesterday' : ''}`;
  const metric = METRIC_WORDS[c.metric] || words(c.metric);
  if (c.measure === 'change_percent') return `${metric} change ${days} vs the ${c.window_days} days before ${COMPARISONS[c.comparison] || c.comparison} ${c.threshold}%${guardText(c.guard)}`;
  return `${metric} ${days} ${COMPARISONS[c.comparison] || c.comparison} ${c.threshold}${guardText(c.guard)}`;
}
export function scheduleText(s) {
  if (!s || s.cadence === 'hourly') return 'hourly';
  if (s.cadence === 'weekly') return `weekly on ${WEEKDAYS[s.weekday] || s.weekday} at ${hourText(s.hour)}`;
  return `daily at ${hourText(s.hour)}`;
}
export function actionText(a, currency) {
  if (!a) return '';
  if (a.kind !== 'recommend_budget_change') return ACTIONS[a.kind] || words(a.kind);
  const caps = [];
  if (a.min_daily_budget !== null && a.min_daily_budget !== undefined) caps.push(`not below ${fmt.money(a.min_daily_budget, currency, 2)}`);
  if (a.max_daily_budget !== null && a.max_daily_budget !== undefined) caps.push(`not above ${fmt.money(a.max_daily_budget, currency, 2)}`);
  return `change the daily budget by ${a.percent > 0 ? '+' : ''}${a.percent}%${caps.length ? ` (${caps.join(', ')})` : ''}`;
}
function budgetChangeText(b, currency) {
  if (!b) return '';
  return `${fmt.money(b.from, currency, 2)} → ${fmt.money(b.to, currency, 2)}${b.capped ? ` (capped; uncapped ${fmt.money(b.uncapped, currency, 2)})` : ''}`;
}
// The stored guard with the editor's three fields over it; empty fields are off (0).
function guardBody(c) {
  const g = { ...(c.guard || {}) };
  for (const k of GUARDS) { if (c[k] === '' || c[k] === undefined) delete g[k]; else g[k] = Number(c[k]); }
  return Object.keys(g).length ? g : undefined;
}
// "Google Ads · objective leads · status active, paused"; the default statuses (active) are not repeated.
function scopeText(scope, label) {
  const statuses = scope.statuses || ['active'];
  const parts = [(scope.platforms || []).map(fmt.platformName).join(', '), (scope.campaign_ids || []).map(label).join(', '),
    (scope.objectives || []).length ? `objective ${scope.objectives.map(words).join(', ')}` : ''];
  const statusPart = statuses.length === 0 ? 'any status' : (statuses.length === 1 && statuses[0] === 'active' ? '' : `status ${statuses.join(', ')}`);
  const text = parts.concat([statusPart]).filter(Boolean).join(' · ');
  if (!text) return 'all active campaigns';
  return statuses.length === 1 && statuses[0] === 'active' ? `${text} (active)` : text;
}
const numberOrNull = (v) => (v === '' || v === null || v === undefined ? undefined : Number(v));

export function rules() {
  return {
    ruleList: [], rulesLoading: false, ruleCampaignOptions: [],
    ruleEditId: '', ruleName: '', ruleEnabled: true, rulePlatforms: [], ruleCampaignIds: [], ruleObjectives: [], ruleStatuses: ['active'], ruleConditions: [newCondition()],
    ruleMatch: 'all', ruleCadence: 'daily', ruleHour: '6', ruleWeekday: '1', ruleActionKind: 'notify', rulePercent: '',
    ruleMinBudget: '', ruleMaxBudget: '', ruleCooldown: '1', ruleSaving: false, ruleSavedNote: '',
    ruleFrom: '', ruleTo: '', ruleAssumeApplied: true, ruleDryRun: null, ruleDryRunning: false,
    ruleRunAnswer: null, ruleRunning: false, ruleLog: [], ruleLogLoading: false, ruleLogFiredOnly: false, ruleDeleteId: '',

    async openRules() {
      this.ruleDryRun = null; this.ruleRunAnswer = null; this.ruleDeleteId = '';
      this.loadRuleCampaigns();
      await this.loadRules();
      // #/rules/<id> (a notification's link) opens that rule with its evaluation log.
      if (this.routeParam) this.openRuleLog(this.routeParam);
    },
    async openRuleLog(id) {
      if (!this.ruleList.some((r) => r.id === id)) await this.loadRules();
      this.editRule(id);
      this.$nextTick(() => { const el = document.getElementById('rule-log-title'); if (el) el.scrollIntoView({ block: 'start' }); });
    },
    async loadRules() {
      this.rulesLoading = true;
      try {
        this.ruleList = (await this.api.get('/api/v1/rules', { client_id: this.clientId, limit: 200 })).items;
      } catch (e) {
        this.ruleList = [];
        this.fail(e, 'The rules could not be loaded');
      } finally {
        this.rulesLoading = false;
      }
    },
    async loadRuleCampaigns() {
      try {
        const page = await this.api.get('/api/v1/campaigns', { client_id: this.clientId, limit: 200 });
        this.ruleCampaignOptions = page.items.map((c) => ({ id: c.id, label: `${c.name} (${fmt.platformName(c.platform)})` }));
        this.campaignNames = Object.fromEntries(page.items.map((c) => [c.id, c.name]));
      } catch { this.ruleCampaignOptions = []; }
    },
    ruleObjectiveOptions() { return OBJECTIVES.map((value) => ({ value, label: words(value), id: `rule-objective-${value}` })); },
    ruleStatusOptions() { return STATUSES.map((value) => ({ value, label: value, id: `rule-status-${value}` })); },
    ruleGuardFields(c) {
      return GUARDS.map((g) => ({ key: g, field: `guard.${g}`, id: `${c.id}-${g}`, label: GUARD_LABELS[g], value: c[g],
        step: g === 'min_days_with_data' ? '1' : 'any' }));
    },
    rulePlatformOptions() { return Object.entries(fmt.PLATFORMS).map(([value, label]) => ({ value, label })); },
    rulesEmpty() { return !this.rulesLoading && this.ruleList.length === 0; },
    ruleRows() {
      const cur = this.currency();
      return this.ruleList.map((r) => ({
        id: r.id, name: r.name, enabled: r.enabled, editing: r.id === this.ruleEditId, deleting: r.id === this.ruleDeleteId,
        conditions: r.conditions.map(conditionText).join(r.match === 'any' ? ' or ' : ' and '),
        scope: scopeText(r.scope, (id) => this.campaignLabel(id)),
        schedule: scheduleText(r.schedule), action: actionText(r.action, cur),
        cooldown: `${r.cooldown_days} day${r.cooldown_days === 1 ? '' : 's'}`,
        lastRun: stamp(r.last_run_at), nextRun: r.enabled ? stamp(r.next_run_at) : 'off',
        toggleLabel: `Enabled: ${r.name}`,
      }));
    },
    async toggleRule(id, enabled) {
      this.clearErrors();
      try {
        const changed = await this.api.patch(`/api/v1/rules/${encodeURIComponent(id)}`, { enabled });
        this.ruleList = this.ruleList.map((r) => (r.id === id ? changed : r));
        if (id === this.ruleEditId) this.ruleEnabled = changed.enabled;
      } catch (e) { this.fail(e, 'The rule could not be changed'); }
    },

    // ---- the editor ----
    newRule() {
      this.clearErrors();
      this.ruleEditId = ''; this.ruleName = ''; this.ruleEnabled = true; this.rulePlatforms = []; this.ruleCampaignIds = [];
      this.ruleObjectives = []; this.ruleStatuses = ['active'];
      this.ruleConditions = [newCondition()]; this.ruleMatch = 'all'; this.ruleCadence = 'daily'; this.ruleHour = '6';
      this.ruleWeekday = '1'; this.ruleActionKind = 'notify'; this.rulePercent = ''; this.ruleMinBudget = '';
      this.ruleMaxBudget = ''; this.ruleCooldown = '1'; this.ruleDryRun = null; this.ruleRunAnswer = null; this.ruleLog = [];
      this.ruleSavedNote = '';
    },
    editRule(id) {
      const r = this.ruleList.find((x) => x.id === id);
      if (!r) return;
      this.newRule();
      const text = (v) => (v === null || v === undefined ? '' : String(v));
      this.ruleEditId = r.id; this.ruleName = r.name; this.ruleEnabled = r.enabled;
      this.rulePlatforms = (r.scope.platforms || []).slice(); this.ruleCampaignIds = (r.scope.campaign_ids || []).slice();
      this.ruleObjectives = (r.scope.objectives || []).slice(); this.ruleStatuses = (r.scope.statuses || ['active']).slice();
      this.ruleConditions = r.conditions.map((c) => ({ metric: c.metric, window_days: text(c.window_days), window_end: c.window_end,
        measure: c.measure, comparison: c.comparison, threshold: text(c.threshold), guard: c.guard,
        ...Object.fromEntries(GUARDS.map((g) => [g, c.guard && c.guard[g] ? text(c.guard[g]) : ''])) }));
      this.ruleMatch = r.match; this.ruleCadence = r.schedule.cadence; this.ruleHour = text(r.schedule.hour);
      this.ruleWeekday = text(r.schedule.weekday || 1); this.ruleActionKind = r.action.kind; this.rulePercent = r.action.kind === 'recommend_budget_change' ? text(r.action.percent) : '';
      this.ruleMinBudget = text(r.action.min_daily_budget); this.ruleMaxBudget = text(r.action.max_daily_budget);
      this.ruleCooldown = text(r.cooldown_days);
      this.loadRuleLog();
      this.$nextTick(() => { const el = document.getElementById('rule-name'); if (el) el.focus(); });
    },
    ruleEditorTitle() { return this.ruleEditId ? `Edit rule: ${this.ruleName}` : 'New rule'; },
    isRuleBudgetChange() { return this.ruleActionKind === 'recommend_budget_change'; },
    isRuleWeekly() { return this.ruleCadence === 'weekly'; },
    isRuleHourly() { return this.ruleCadence === 'hourly'; },
    ruleConditionRows() {
      return this.ruleConditions.map((c, i) => ({ ...c, index: i, key: i, number: i + 1, id: `rc-${i}`, removable: this.ruleConditions.length > 1,
        thresholdUnit: c.measure === 'change_percent' ? '%' : '' }));
    },
    setCondition(index, field, value) {
      const c = this.ruleConditions[index];
      if (c) this.ruleConditions.splice(index, 1, { ...c, [field]: value });
    },
    addCondition() { this.ruleConditions = this.ruleConditions.concat([newCondition()]); },
    removeCondition(index) { this.ruleConditions = this.ruleConditions.filter((c, i) => i !== index); },
    conditionError(index, field) { return this.fieldError(`conditions[${index}].${field}`); },
    hasConditionError(index, field) { return this.hasFieldError(`conditions[${index}].${field}`); },
    conditionClass(index, field) { return this.hasConditionError(index, field) ? 'border-red-700' : 'border-slate-400'; },
    // Errors on scope.campaign_ids[i] / scope.platforms[i] show beside the list they name.
    ruleScopeError(list) {
      const key = Object.keys(this.errors).find((k) => k === `scope.${list}` || k.startsWith(`scope.${list}[`));
      return key ? this.errors[key] : '';
    },
    // The rule as the API takes it; empty inputs are left out so the service names what is missing.
    ruleBody() {
      const schedule = { cadence: this.ruleCadence };
      if (!this.isRuleHourly()) schedule.hour = numberOrNull(this.ruleHour);
      if (this.isRuleWeekly()) schedule.weekday = numberOrNull(this.ruleWeekday);
      const action = { kind: this.ruleActionKind };
      if (this.isRuleBudgetChange()) {
        action.percent = numberOrNull(this.rulePercent);
        action.min_daily_budget = numberOrNull(this.ruleMinBudget);
        action.max_daily_budget = numberOrNull(this.ruleMaxBudget);
      }
      return {
        client_id: this.clientId, name: this.ruleName.trim() || undefined, enabled: this.ruleEnabled,
        scope: { platforms: this.rulePlatforms.slice(), campaign_ids: this.ruleCampaignIds.slice(),
          objectives: this.ruleObjectives.slice(), statuses: this.ruleStatuses.slice() },
        conditions: this.ruleConditions.map((c) => ({ metric: c.metric, window_days: numberOrNull(c.window_days), window_end: c.window_end,
          measure: c.measure, comparison: c.comparison, threshold: numberOrNull(c.threshold), guard: guardBody(c) })),
        match: this.ruleMatch, schedule, action, cooldown_days: numberOrNull(this.ruleCooldown),
      };
    },
    // The unsaved dry run nests the rule under `rule`: its errors name `rule.conditions[0]…`.
    ruleFail(e, fallback) {
      this.fail(e, fallback);
      this.errors = Object.fromEntries(Object.entries(this.errors).map(([k, v]) => [k.replace(/^rule\./, ''), v]));
    },
    async saveRule() {
      this.clearErrors();
      this.ruleSaving = true; this.ruleSavedNote = '';
      try {
        const body = this.ruleBody();
        const saved = this.ruleEditId
          ? await this.api.patch(`/api/v1/rules/${encodeURIComponent(this.ruleEditId)}`, (({ client_id, ...rest }) => rest)(body))
          : await this.api.post('/api/v1/rules', body);
        await this.loadRules();
        this.editRule(saved.id);
        this.ruleSavedNote = `Saved “${saved.name}”.`;
      } catch (e) {
        this.ruleFail(e, 'The rule could not be saved');
      } finally {
        this.ruleSaving = false;
      }
    },
    // The confirmation takes focus (on its safe answer) and gives it back when it closes.
    askDeleteRule(id) { this.ruleDeleteId = id; this.$nextTick(() => focusFirst(`[data-focus="${CSS.escape(`rule-keep-${id}`)}"]`)); },
    cancelDeleteRule() {
      const id = this.ruleDeleteId;
      this.ruleDeleteId = '';
      this.$nextTick(() => focusFirst(`[data-focus="${CSS.escape(`rule-delete-${id}`)}"]`));
    },
    async confirmDeleteRule() {
      const id = this.ruleDeleteId;
      this.clearErrors();
      try {
        await this.api.del(`/api/v1/rules/${encodeURIComponent(id)}`);
        this.ruleDeleteId = '';
        if (id === this.ruleEditId) this.newRule();
        await this.loadRules();
        this.$nextTick(() => focusFirst('#rule-list'));
      } catch (e) { this.fail(e, 'The rule could not be deleted'); }
    },
    ruleDeleteName() { const r = this.ruleList.find((x) => x.id === this.ruleDeleteId); return r ? r.name : ''; },

    // ---- dry run, run now, the log ----
    dryRunOptions() {
      return { from: this.ruleFrom || undefined, to: this.ruleTo || undefined, assume_applied: this.ruleAssumeApplied, include_evaluations: true };
    },
    async dryRunDraft() { return this.dryRun('/api/v1/rules/dry-run', { rule: this.ruleBody(), ...this.dryRunOptions() }, 'the rule as edited'); },
    async dryRunStored() {
      return this.dryRun(`/api/v1/rules/${encodeURIComponent(this.ruleEditId)}/dry-run`, this.dryRunOptions(), 'the saved rule');
    },
    async dryRun(path, body, which) {
      this.clearErrors();
      this.ruleDryRunning = true;
      try {
        const answer = await this.api.post(path, body);
        this.ruleDryRun = { ...answer, which };
        if (!this.ruleFrom) this.ruleFrom = answer.from;
        if (!this.ruleTo) this.ruleTo = answer.to;
        this.$nextTick(() => { const el = document.getElementById('rule-dry-run'); if (el) el.focus(); });
      } catch (e) {
        this.ruleDryRun = null;
        this.ruleFail(e, 'The dry run failed');
      } finally {
        this.ruleDryRunning = false;
      }
    },
    dryRunView() {
      const d = this.ruleDryRun;
      if (!d) return null;
      const cur = this.currency();
      const described = Object.fromEntries((d.firings || []).map((f) => [`${f.campaign_id}|${f.date}`, f.description]));
      const rows = (d.campaigns || []).flatMap((c) => (c.firings || []).map((f) => ({
        key: `${c.campaign_id}|${f.date}`, date: f.date, campaign: this.campaignLabel(c.campaign_id),
        change: f.budget_change ? budgetChangeText(f.budget_change, cur) : '—',
        spend: fmt.money(f.spend_affected, cur, 2), description: described[`${c.campaign_id}|${f.date}`] || '' })))
        .sort((a, b) => (a.date === b.date ? a.campaign.localeCompare(b.campaign) : a.date.localeCompare(b.date)));
      return {
        which: d.which, summary: this.ruleEditId ? String(d.summary || '').replace(`rule ${this.ruleEditId}`, `“${this.ruleName}”`) : d.summary, range: `${d.from} to ${d.to}`, days: `${d.days_replayed} days replayed, ${d.days_due} judged`,
        counts: Object.entries(d.outcome_counts || {}).filter(([, n]) => n > 0).map(([k, n]) => ({ key: k, text: `${words(k)}: ${fmt.count(n)}`, cls: OUTCOME_CLASS[k] || 'bg-slate-100 text-slate-800' })),
        rows, fired: rows.length, spend: fmt.money(d.spend_affected, cur, 2),
        campaigns: (d.campaigns || []).filter((c) => (c.firings || []).length > 0).map((c) => ({ key: c.campaign_id, name: this.campaignLabel(c.campaign_id),
          firings: c.firings.length, spend: fmt.money(c.spend_affected, cur, 2),
          budgets: c.starting_daily_budget === null || c.starting_daily_budget === undefined ? '—'
            : `${fmt.money(c.starting_daily_budget, cur, 2)} → ${fmt.money(c.final_daily_budget, cur, 2)}`,
          paused: c.paused_on || '' })),
      };
    },
    // Every evaluation of the dry run (include_evaluations), newest day first; the first 500 are listed.
    dryRunEvaluations() {
      const d = this.ruleDryRun;
      if (!d || !d.evaluations) return [];
      return d.evaluations.slice(0, 500).map((e, i) => ({ key: i, date: e.date, campaign: e.campaign_id ? this.campaignLabel(e.campaign_id) : '—',
        outcome: words(e.outcome), outcomeClass: OUTCOME_CLASS[e.outcome] || 'bg-slate-100 text-slate-800',
        conditions: (e.conditions || []).map(conditionOutcomeText).join('; ') }));
    },
    dryRunEvaluationCount() { const d = this.ruleDryRun; return d && d.evaluations ? d.evaluations.length : 0; },
    dryRunField(name) { const v = this.dryRunView(); return v ? v[name] : ''; },
    dryRunRows() { const v = this.dryRunView(); return v ? v.rows : []; },
    dryRunCounts() { const v = this.dryRunView(); return v ? v.counts : []; },
    dryRunCampaigns() { const v = this.dryRunView(); return v ? v.campaigns : []; },
    async runRuleNow() {
      this.clearErrors();
      this.ruleRunning = true;
      try {
        this.ruleRunAnswer = await this.api.post(`/api/v1/rules/${encodeURIComponent(this.ruleEditId)}/run`, {});
        await Promise.all([this.loadRuleLog(), this.loadRules()]);
      } catch (e) {
        this.fail(e, 'The rule could not be run');
      } finally {
        this.ruleRunning = false;
      }
    },
    ruleRunText() {
      const r = this.ruleRunAnswer;
      return r ? `Ran now (${stamp(r.ran_at)}), judged as of ${r.evaluated_on}: ${r.evaluations} evaluated, ${r.fired} fired.` : '';
    },
    async loadRuleLog() {
      if (!this.ruleEditId) { this.ruleLog = []; return; }
      this.ruleLogLoading = true;
      try {
        const page = await this.api.get(`/api/v1/rules/${encodeURIComponent(this.ruleEditId)}/evaluations`,
          { fired_only: this.ruleLogFiredOnly ? 'true' : '', limit: 100 });
        this.ruleLog = page.items;
      } catch (e) {
        this.ruleLog = [];
        this.fail(e, 'The evaluation log could not be loaded');
      } finally {
        this.ruleLogLoading = false;
      }
    },
    ruleLogRows() {
      return this.ruleLog.map((e) => ({
        key: e.id, date: e.evaluated_on, campaign: e.campaign_name || (e.campaign_id ? this.campaignLabel(e.campaign_id) : '—'),
        outcome: words(e.outcome), outcomeClass: OUTCOME_CLASS[e.outcome] || 'bg-slate-100 text-slate-800',
        observed: (e.conditions || []).map(conditionOutcomeText).join('; '),
        detail: e.firing ? e.firing.description : '',
        at: stamp(e.created_at),
      }));
    },
    ruleLogEmpty() { return this.ruleEditId && !this.ruleLogLoading && this.ruleLog.length === 0; },
  };
}
