// Strategy, the rest of the brief and the answer: the advanced brief fields (targets, value per
// conversion, margin, per-platform budget bounds, creative assets) and the parts of the strategy
// a reader checks before trusting it: confidence with its drivers, the assumptions taken, the
// A/B test plan and the ad copy variants with their lengths against each platform's limit.
import * as fmt from './format.js';

const ASSETS = ['image', 'copy', 'video', 'carousel', 'ugc', 'product_feed'];
const num = (v) => (v === '' || v === null || v === undefined ? null : Number(v));

export function strategyDetail() {
  return {
    briefTargetCpa: '', briefTargetRoas: '', briefValue: '', briefMargin: '', briefAssets: [],
    // platform → { min, max } as typed; only ticked platforms are sent.
    briefBounds: {},

    assetOptions() { return ASSETS.map((value) => ({ value, label: value.replace(/_/g, ' ') })); },
    // One row per ticked platform, in the order sent, so platform_budgets[i] is the row's index.
    boundRows() {
      return this.briefPlatforms.map((p) => {
        const b = this.briefBounds[p] || { min: '', max: '' };
        return { platform: p, label: fmt.platformName(p), min: b.min, max: b.max, id: `bb-${p}` };
      });
    },
    setBound(platform, side, value) {
      const b = this.briefBounds[platform] || { min: '', max: '' };
      this.briefBounds = { ...this.briefBounds, [platform]: { ...b, [side]: value } };
    },
    // The bounds actually sent: ticked platforms with at least one bound, in order.
    sentBounds() {
      return this.briefPlatforms.map((p) => ({ p, b: this.briefBounds[p] }))
        .filter((x) => x.b && (x.b.min !== '' || x.b.max !== ''))
        .map((x) => {
          const out = { platform: x.p };
          if (x.b.min !== '') out.min_budget = Number(x.b.min);
          if (x.b.max !== '') out.max_budget = Number(x.b.max);
          return out;
        });
    },
    boundField(platform, side) {
      const i = this.sentBounds().findIndex((b) => b.platform === platform);
      return i < 0 ? '' : `platform_budgets[${i}].${side === 'min' ? 'min_budget' : 'max_budget'}`;
    },
    boundError(platform, side) { const f = this.boundField(platform, side); return f ? this.fieldError(f) : ''; },
    hasBoundError(platform, side) { return this.boundError(platform, side) !== ''; },
    // The brief's advanced fields, only those filled in.
    briefAdvanced() {
      const out = {};
      if (num(this.briefTargetCpa) !== null) out.target_cpa = num(this.briefTargetCpa);
      if (num(this.briefTargetRoas) !== null) out.target_roas = num(this.briefTargetRoas);
      if (num(this.briefValue) !== null) out.value_per_conversion = num(this.briefValue);
      if (num(this.briefMargin) !== null) out.margin = num(this.briefMargin);
      const bounds = this.sentBounds();
      if (bounds.length) out.platform_budgets = bounds;
      if (this.briefAssets.length) out.creative_assets = [...this.briefAssets];
      return out;
    },

    fmtConfidence() { return fmt.percent(this.s().confidence, 0); },
    confidenceDrivers() {
      const s = this.s();
      return s && s.confidence_drivers ? s.confidence_drivers.map((d, i) => ({ key: i, factor: d.factor,
        multiplier: `× ${Number(d.multiplier).toFixed(2)}`, detail: d.detail })) : [];
    },
    assumptionRows() {
      const s = this.s();
      return s && s.assumptions ? s.assumptions.map((a, i) => ({ key: i, field: a.field, value: a.value, reason: a.reason })) : [];
    },
    abTestRows() {
      const s = this.s();
      if (!s || !s.ab_test_plan) return [];
      return s.ab_test_plan.map((t, i) => ({ key: i, name: t.name, platform: fmt.platformName(t.platform),
        hypothesis: t.hypothesis, metric: (t.metric || '').replace(/_/g, ' '),
        baseline: fmt.percent(t.baseline_rate, 2), mde: fmt.percent(t.minimum_detectable_effect, 0),
        sample: `${fmt.count(t.sample_size_per_arm)} ${t.sample_unit || ''} per arm`,
        days: t.days_needed === null || t.days_needed === undefined ? '—' : `${t.days_needed} days`,
        fits: t.fits_in_flight === false ? 'longer than the flight' : 'fits the flight',
        fitsClass: t.fits_in_flight === false ? 'text-amber-950' : 'text-slate-700',
        design: `α ${t.alpha}, power ${fmt.percent(t.power, 0)}` }));
    },
    // Copy variants grouped by platform, each with its length against the limit.
    copyGroups() {
      const s = this.s();
      const variants = s && s.content_strategy ? s.content_strategy.copy_variants || [] : [];
      const groups = [];
      variants.forEach((v, i) => {
        let g = groups.find((x) => x.platform === v.platform);
        if (!g) { g = { platform: v.platform, name: fmt.platformName(v.platform), rows: [] }; groups.push(g); }
        const limited = v.max_chars !== null && v.max_chars !== undefined;
        g.rows.push({ key: i, where: `${(v.placement || '').replace(/_/g, ' ')} · ${(v.field || '').replace(/_/g, ' ')}`,
          angle: v.angle, text: v.text,
          length: limited ? `${v.length}/${v.max_chars}` : String(v.length === undefined ? '' : v.length),
          lengthClass: v.fits === false ? 'font-semibold text-red-800' : 'text-slate-700',
          lengthLabel: limited ? `${v.length} of ${v.max_chars} characters${v.fits === false ? ', over the limit' : ''}` : `${v.length} characters` });
      });
      return groups;
    },
  };
}
