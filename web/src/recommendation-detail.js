// Optimization, the rest: the analysis options (window_days, kinds) and, on each recommendation
// card, its confidence drivers, an ab_test's test plan, and for a rule's recommendation (kind
// `rule`) the rule it came from. docs/recommendations.md, "The HTTP API"; docs/rules.md.
import * as fmt from './format.js';

const KINDS = ['budget_pacing', 'cpa_vs_target', 'roas_vs_target', 'budget_reallocation', 'creative_fatigue',
  'bid_strategy_fit', 'audience_saturation', 'day_of_week', 'anomaly', 'ab_test'];
const metricLabel = (m) => String(m || '').replace(/_/g, ' ').replace(/\b(cpa|roas|ctr|cpc|cpm)\b/g, (x) => x.toUpperCase());

export function recommendationDetail() {
  return {
    optWindowDays: '', optKinds: [],

    optKindOptions() { return KINDS.map((value) => ({ value, label: value.replace(/_/g, ' '), id: `opt-kind-${value}` })); },
    // The analysis options, only those given: no kind ticked runs every check.
    optOptions() {
      const out = {};
      if (this.optWindowDays !== '') out.window_days = Number(this.optWindowDays);
      if (this.optKinds.length) out.kinds = [...this.optKinds];
      return out;
    },

    // The parts of a card beyond the basics (merged into recommendationCards' view of `r`).
    recExtras(r, place, rank) {
      const drivers = (r.confidence_drivers || []).map((d, i) => ({ key: i,
        text: `${d.name}: × ${Number(d.factor).toFixed(2)}${d.note ? ` — ${d.note}` : ''}` }));
      const t = r.kind === 'ab_test' ? r.test : null;
      const test = t ? [
        ['Hypothesis', t.hypothesis], ['Metric', metricLabel(t.primary_metric)],
        ['Baseline', t.primary_metric === 'conversion_rate' || t.primary_metric === 'ctr' ? fmt.percent(t.baseline, 2) : fmt.count(t.baseline)],
        ['Detectable effect', fmt.percent(t.minimum_detectable_effect, 0)],
        ['Sample per arm', `${fmt.count(t.sample_per_arm)} ${t.unit || ''}`.trim()],
        ['Days needed', t.days_needed === null || t.days_needed === undefined ? '—' : String(t.days_needed)],
      ].map(([label, value]) => ({ label, value: value || '—' })) : [];
      const src = r.kind === 'rule' ? r.source || {} : null;
      return {
        drivers, driversId: `${place}-rec-${rank}-drivers`, test, isRule: Boolean(src), showImpact: !src,
        ruleName: src ? src.rule_name || src.rule_id || 'a rule' : '',
        ruleFired: src && src.fired_on ? `fired on ${src.fired_on}` : '',
        ruleAction: src ? String(r.action || '').replace(/_/g, ' ') : '',
      };
    },
  };
}
