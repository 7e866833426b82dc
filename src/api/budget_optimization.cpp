#include "api/budget_optimization.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "api/schema.h"
#include "api/validation.h"
#include "budget/allocator.h"
#include "budget/planning.h"
#include "core/marketing.h"

namespace api {
namespace {

constexpr double kIntervalLevel = 0.9;

double cents(double v) { return std::round(v * 100) / 100; }

std::string money(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

nlohmann::json optional_number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

// One channel the allocator works on, with where its curve came from.
struct Candidate {
  ChannelCurve curve;
  budget::Channel channel;
  std::optional<std::size_t> request_index;  // its entry in the request's "channels"
};

std::optional<core::Platform> platform_named(const std::string& name) {
  for (std::size_t i = 0; i < core::kPlatformNames.size(); ++i) {
    if (core::kPlatformNames[i] == name) return static_cast<core::Platform>(i);
  }
  return std::nullopt;
}

[[noreturn]] void fail(const std::string& field, const std::string& message) {
  schema::throw_validation_problem({{field, message}});
}

// The spend per period at which the curve gives `events` per period, or nullopt when the curve
// never gets there (it saturates below).
std::optional<double> spend_for_events(const budget::ResponseCurve& curve, double events,
                                       double start) {
  double high = std::max(start, 1.0);
  for (int i = 0; i < 60 && budget::steady_state_response(high, curve) < events; ++i) high *= 2;
  if (budget::steady_state_response(high, curve) < events) return std::nullopt;
  double low = 0;
  for (int i = 0; i < 100; ++i) {
    double mid = (low + high) / 2;
    (budget::steady_state_response(mid, curve) < events ? low : high) = mid;
  }
  return high;
}

class Builder {
 public:
  Builder(const OptimizationRequest& r, const ClientCurves& curves)
      : r_(r), curves_(curves),
        scale_(static_cast<double>(r.period_days) / curves.period_days) {}

  double scale() const { return scale_; }
  std::vector<Candidate>& candidates() { return candidates_; }
  nlohmann::json& assumptions() { return assumptions_; }
  nlohmann::json& warnings() { return warnings_; }
  nlohmann::json& excluded() { return excluded_; }

  void build() {
    for (const auto& c : curves_.channels) {
      if (c.source == CurveSource::none) {
        excluded_.push_back({{"channel", c.id}, {"label", c.label}, {"reason", c.note}});
        continue;
      }
      add(c);
    }
    for (std::size_t i = 0; i < r_.channels.size(); ++i) constrain(i);
    apply_defaults();
    if (r_.learning_phase) learning_minimums();
    check_budget();
  }

 private:
  void add(const ChannelCurve& c) {
    Candidate k;
    k.curve = c;
    k.channel.name = c.id;
    k.channel.curve = c.curve;
    k.channel.current = c.current_spend;
    candidates_.push_back(std::move(k));
  }

  // A platform the client has no usable history on: its benchmark prior at an even share.
  Candidate& add_prior(std::size_t i, core::Platform platform) {
    const std::string field = "channels[" + std::to_string(i) + "].channel";
    double per_period = r_.budget ? *r_.budget / scale_ : 0;
    double reference = per_period > 0 ? per_period / static_cast<double>(candidates_.size() + 1)
                                      : 100.0 * curves_.period_days;
    auto prior = benchmark_curve(platform, r_.industry, r_.objective, r_.outcome, reference,
                                 curves_.period_days, r_.value_per_conversion);
    if (!prior) {
      fail(field, r_.outcome == BudgetOutcome::revenue && !r_.value_per_conversion
                      ? "has no history with revenue and no value_per_conversion to price its "
                        "benchmark conversions"
                      : "has no history and no benchmark to build a curve from");
    }
    add(*prior);
    assumptions_.push_back({{"field", field},
                            {"value", prior->id},
                            {"reason", "no history: a benchmark-prior curve (" + prior->note + ")"}});
    return candidates_.back();
  }

  void constrain(std::size_t i) {
    const ChannelConstraint& in = r_.channels[i];
    auto it = std::find_if(candidates_.begin(), candidates_.end(),
                           [&](const Candidate& k) { return k.channel.name == in.channel; });
    Candidate* k = it == candidates_.end() ? nullptr : &*it;
    if (!k) {
      auto platform = curves_.level == BudgetLevel::platform ? platform_named(in.channel)
                                                             : std::nullopt;
      if (!platform) {
        std::string known;
        for (const auto& c : candidates_) known += (known.empty() ? "" : ", ") + c.channel.name;
        fail("channels[" + std::to_string(i) + "].channel",
             "is not a channel of this client" +
                 (known.empty() ? std::string() : " (its channels: " + known + ")"));
      }
      k = &add_prior(i, *platform);
    }
    if (k->request_index) {
      fail("channels[" + std::to_string(i) + "].channel", "is constrained twice");
    }
    k->request_index = i;
    budget::Channel& c = k->channel;
    if (in.min_spend) {
      c.lower = *in.min_spend / scale_;
      c.lower_reason = "min_spend " + money(*in.min_spend) + " in the request";
    }
    if (in.max_spend) {
      c.upper = *in.max_spend / scale_;
      c.upper_reason = "max_spend " + money(*in.max_spend) + " in the request";
    }
    if (in.min_multiple) c.lower_multiple = *in.min_multiple;
    if (in.max_multiple) c.upper_multiple = *in.max_multiple;
    if (in.locked) {
      if (in.spend) {
        c.lower = c.upper = *in.spend / scale_;
        c.lower_reason = c.upper_reason = "locked at " + money(*in.spend) + " by the request";
      } else {
        c.locked = true;
        c.locked_reason = "locked at its current spend by the request";
      }
    }
  }

  void apply_defaults() {
    for (auto& k : candidates_) {
      const ChannelConstraint* in = k.request_index ? &r_.channels[*k.request_index] : nullptr;
      bool capped = in && (in->max_spend || in->max_multiple || in->locked);
      if (capped || !(k.channel.current > 0)) continue;
      k.channel.upper_multiple = r_.default_max_multiple;
      k.channel.upper_multiple_reason =
          "at most " + money(r_.default_max_multiple) +
          "× current spend (default): beyond that its curve is an extrapolation";
    }
    if (!candidates_.empty() && r_.channels.empty()) {
      assumptions_.push_back({{"field", "channels"},
                              {"value", r_.default_max_multiple},
                              {"reason", "every channel that spends now may grow to at most this "
                                         "multiple of its current spend"}});
    }
  }

  void learning_minimums() {
    if (r_.outcome != BudgetOutcome::conversions) {
      assumptions_.push_back({{"field", "learning_phase"},
                              {"value", false},
                              {"reason", "learning-phase minimums are counted in conversions; "
                                         "the outcome is revenue"}});
      return;
    }
    const double events = r_.learning_events_per_week * curves_.period_days / 7.0;
    double floors = 0;
    for (auto& k : candidates_) {
      budget::Channel& c = k.channel;
      if (c.locked || k.curve.platform == core::Platform::email) continue;
      auto spend = spend_for_events(c.curve, events, std::max(c.current, c.curve.scale));
      if (!spend) {
        warnings_.push_back(k.curve.label + ": its curve never reaches " +
                            money(r_.learning_events_per_week) +
                            " conversions a week, so no spend keeps its learning phase going");
        continue;
      }
      double cap = upper_of(c);
      if (*spend > cap) {
        warnings_.push_back(k.curve.label + ": its learning phase needs " + money(*spend * scale_) +
                            " over the period, above its upper bound of " + money(cap * scale_) +
                            "; no learning minimum applied");
        continue;
      }
      c.learning_minimum = *spend;
      c.learning_reason = "learning phase: " + money(r_.learning_events_per_week) +
                          " conversions a week need " + money(*spend * scale_) +
                          " over the period";
    }
    if (!r_.budget) return;
    for (const auto& k : candidates_) floors += lower_of(k.channel);
    if (floors * scale_ > *r_.budget + 0.005) {
      for (auto& k : candidates_) k.channel.learning_minimum = 0;
      warnings_.push_back("the budget of " + money(*r_.budget) +
                          " cannot fund every channel's learning-phase minimum (" +
                          money(floors * scale_) + " together): the minimums were dropped");
    }
  }

  // The bounds in force, per period (as the allocator will take them).
  static double lower_of(const budget::Channel& c) {
    return c.locked ? c.current : std::max({c.lower, c.lower_multiple * c.current, c.learning_minimum});
  }
  static double upper_of(const budget::Channel& c) {
    return c.locked ? c.current : std::min(c.upper, c.upper_multiple * c.current);
  }

  // Bounds that cannot meet the budget, said in the request's own amounts (the allocator would
  // say it per curve period).
  void check_budget() const {
    if (!r_.budget) return;
    double lower = 0, upper = 0;
    for (const auto& k : candidates_) {
      lower += lower_of(k.channel);
      upper += upper_of(k.channel);
    }
    if (lower * scale_ > *r_.budget + 0.005) {
      fail("budget", "the channels' lower bounds and locks sum to " + money(lower * scale_) +
                         ", above the budget of " + money(*r_.budget));
    }
    if (r_.goal == BudgetGoal::max_outcome && upper * scale_ < *r_.budget - 0.005) {
      fail("budget", "the channels' upper bounds and locks sum to " + money(upper * scale_) +
                         ", below the budget of " + money(*r_.budget) +
                         " (raise a max_spend or max_multiple, or default_max_multiple)");
    }
  }

  const OptimizationRequest& r_;
  const ClientCurves& curves_;
  double scale_;
  std::vector<Candidate> candidates_;
  nlohmann::json assumptions_ = nlohmann::json::array();
  nlohmann::json warnings_ = nlohmann::json::array();
  nlohmann::json excluded_ = nlohmann::json::array();
};

// "channels[3].upper_multiple: …" from the allocator → the request's own field.
[[noreturn]] void throw_allocation_problem(const std::invalid_argument& e,
                                           const std::vector<Candidate>& candidates) {
  auto [field, text] = engine_field_error(e, "budget");
  if (field.starts_with("channels[")) {
    std::size_t index = std::stoul(field.substr(9));
    std::string member = field.substr(field.find(']') + 1);
    static const std::pair<const char*, const char*> kNames[] = {
        {".lower_multiple", "min_multiple"}, {".upper_multiple", "max_multiple"},
        {".lower", "min_spend"},             {".upper", "max_spend"},
        {".current", "spend"},               {".learning_minimum", "learning_phase"}};
    std::string name = "channel";
    for (const auto& [from, to] : kNames) {
      if (member.starts_with(from)) {
        name = to;
        break;
      }
    }
    if (index < candidates.size() && candidates[index].request_index) {
      field = "channels[" + std::to_string(*candidates[index].request_index) + "]." + name;
    } else {
      field = name == "learning_phase" ? "learning_phase" : "channels";
      text = candidates[std::min(index, candidates.size() - 1)].channel.name + ": " + text;
    }
  } else if (field != "target") {
    field = "budget";
  }
  fail(field, text);
}

nlohmann::json point_json(const budget::ChannelResult& r, bool optimal, double scale,
                          const Candidate& k) {
  double spend = optimal ? r.optimal_spend : r.current_spend;
  double outcome = optimal ? r.optimal_outcome : r.current_outcome;
  nlohmann::json interval = nullptr;
  if (k.curve.fit && !k.curve.fit->bootstrap_curves.empty()) {
    auto i = budget::response_interval(*k.curve.fit, spend, kIntervalLevel);
    interval = {i.low * scale, i.high * scale};
  }
  return {{"spend", cents(spend * scale)},
          {"outcome", outcome * scale},
          {"outcome_interval", interval},
          {"roas", optional_number(optimal ? r.optimal_return_on_spend : r.current_return_on_spend)},
          {"marginal_roas",
           optional_number(optimal ? r.optimal_marginal_return : r.current_marginal_return)}};
}

nlohmann::json sample_json(const budget::CurvePoint& p, double scale) {
  return {{"spend", cents(p.spend * scale)}, {"outcome", p.outcome * scale},
          {"marginal_roas", optional_number(p.marginal)}};
}

nlohmann::json channel_json(const Candidate& k, const budget::ChannelResult& r, double scale,
                            int points) {
  static const char* kBinding[] = {nullptr, "lower", "upper", "locked"};
  const char* binding = kBinding[static_cast<int>(r.binding)];
  auto sample = budget::sample_channel_curve(k.channel, r, points);
  nlohmann::json samples = nlohmann::json::array();
  for (const auto& p : sample.points) samples.push_back(sample_json(p, scale));
  return {
      {"channel", k.curve.id},
      {"label", k.curve.label},
      {"platform", std::string(core::platform_name(k.curve.platform))},
      {"curve_source", std::string(curve_source_name(k.curve.source))},
      {"curve_note", k.curve.note.empty() ? nlohmann::json(nullptr) : nlohmann::json(k.curve.note)},
      {"current", point_json(r, false, scale, k)},
      {"optimal", point_json(r, true, scale, k)},
      {"change", {{"spend", cents(r.change * scale)}, {"percent", optional_number(r.change_percent)}}},
      {"bounds",
       {{"lower", cents(r.lower * scale)},
        {"upper", std::isfinite(r.upper) ? nlohmann::json(cents(r.upper * scale)) : nullptr}}},
      {"binding", binding ? nlohmann::json(binding) : nullptr},
      {"binding_constraint", r.binding_field.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.binding_field)},
      {"binding_reason", r.binding_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.binding_reason)},
      {"curve",
       {{"points", std::move(samples)},
        {"current", sample_json(sample.current, scale)},
        {"optimal", sample_json(sample.optimal, scale)}}}};
}

nlohmann::json totals_json(const budget::PlanTotals& t, double scale) {
  return {{"spend", cents(t.spend * scale)},
          {"outcome", t.outcome * scale},
          {"roas", optional_number(t.return_on_spend)},
          {"cost_per_outcome", optional_number(t.cost_per_outcome)}};
}

budget::AllocationOptions allocation_options(const OptimizationRequest& r, double scale) {
  budget::AllocationOptions o;
  switch (r.goal) {
    case BudgetGoal::max_outcome: o.objective = budget::Objective::max_outcome; break;
    case BudgetGoal::min_budget_for_target:
      o.objective = budget::Objective::min_budget_for_target;
      break;
    case BudgetGoal::target_cpa:
      o.objective = budget::Objective::max_outcome_within_cost_per_outcome;
      break;
    case BudgetGoal::target_roas:
      o.objective = budget::Objective::max_outcome_within_return_on_spend;
      break;
  }
  if (r.budget) o.budget = *r.budget / scale;
  if (r.target) o.target = r.goal == BudgetGoal::min_budget_for_target ? *r.target / scale : *r.target;
  // Whole cents over the request's period.
  o.step = 0.01 / scale;
  return o;
}

nlohmann::json plan_ahead_json(const OptimizationRequest& r, const ClientCurves& curves,
                               std::vector<Candidate>& candidates, double period_total) {
  const int periods = std::max(1, r.plan_ahead_weeks * 7 / curves.period_days);
  std::vector<budget::PlanChannel> channels;
  for (const auto& k : candidates) {
    budget::PlanChannel p;
    p.channel = k.channel;
    p.past_spend = k.curve.spend;
    channels.push_back(std::move(p));
  }
  budget::HorizonOptions o;
  o.periods = periods;
  o.budget = std::round(period_total * periods * 100) / 100;
  o.count_carry_over_after_horizon = r.count_carry_over_after_horizon;
  budget::HorizonPlan plan;
  try {
    plan = budget::plan_horizon(channels, o);
  } catch (const std::invalid_argument& e) {
    throw_allocation_problem(e, candidates);
  }
  // Week by week as well when the curves are daily: the periods summed seven at a time.
  const int per_week = std::max(1, 7 / curves.period_days);
  nlohmann::json out_channels = nlohmann::json::array();
  for (std::size_t i = 0; i < plan.channels.size(); ++i) {
    const auto& c = plan.channels[i];
    nlohmann::json spend = nlohmann::json::array(), outcome = nlohmann::json::array(),
                   carried = nlohmann::json::array(), weeks = nlohmann::json::array();
    for (std::size_t t = 0; t < c.periods.size(); ++t) {
      const auto& p = c.periods[t];
      spend.push_back(cents(p.spend));
      outcome.push_back(p.outcome);
      carried.push_back(p.carried_over);
      if (t % static_cast<std::size_t>(per_week) == 0) {
        weeks.push_back({{"start", core::format_iso_date(r.start + static_cast<int>(t) * curves.period_days)},
                         {"spend", 0.0}, {"outcome", 0.0}, {"carried_over", 0.0}});
      }
      auto& week = weeks.back();
      week["spend"] = cents(week["spend"].get<double>() + p.spend);
      week["outcome"] = week["outcome"].get<double>() + p.outcome;
      week["carried_over"] = week["carried_over"].get<double>() + p.carried_over;
    }
    out_channels.push_back({{"channel", c.name},
                            {"weeks", std::move(weeks)},
                            {"spend", cents(c.spend)},
                            {"outcome", c.outcome},
                            {"carried_over", c.carried_over},
                            {"outcome_after_horizon", c.outcome_after_horizon},
                            {"spend_by_period", std::move(spend)},
                            {"outcome_by_period", std::move(outcome)},
                            {"carried_over_by_period", std::move(carried)}});
  }
  return {{"periods", periods},
          {"period_days", curves.period_days},
          {"start", core::format_iso_date(r.start)},
          {"budget", cents(plan.spend)},
          {"outcome", plan.outcome},
          {"outcome_within_horizon", plan.outcome_within_horizon},
          {"outcome_after_horizon", plan.outcome_after_horizon},
          {"carried_over", plan.carried_over},
          {"count_carry_over_after_horizon", r.count_carry_over_after_horizon},
          {"reference_outcome", plan.reference_outcome},
          {"improved", plan.improved},
          {"outcome_gain", plan.outcome_gain},
          {"outcome_gain_percent", optional_number(plan.outcome_gain_percent)},
          {"reason", plan.reason},
          {"channels", std::move(out_channels)},
          {"diagnostics",
           {{"method", plan.diagnostics.method},
            {"iterations", plan.diagnostics.iterations},
            {"starts", plan.diagnostics.starts},
            {"kkt_residual", plan.diagnostics.kkt_residual},
            {"termination", plan.diagnostics.termination}}}};
}

// The allocator's reason, in the request's period and units where it quotes amounts.
std::string reason_text(const budget::AllocationSummary& s, const OptimizationRequest& r,
                        double scale) {
  if (!s.improved || !s.reference_meets_target) return s.reason;
  const std::string outcome = r.outcome == BudgetOutcome::revenue ? " in revenue" : " conversions";
  const std::string period = " over the " + std::to_string(r.period_days) + " days";
  if (r.goal == BudgetGoal::min_budget_for_target) {
    return "the optimal plan reaches the target of " + money(*r.target) + outcome + period +
           " with " + money(s.spend_saving * scale) + " less than the current split needs (" +
           money(s.reference.spend * scale) + ")";
  }
  std::string why = "moving spend to the channels with the higher marginal returns gains " +
                    money(s.outcome_gain * scale) + outcome + period;
  if (s.outcome_gain_percent) {
    char pct[32];
    std::snprintf(pct, sizeof pct, " (%+.1f%%)", *s.outcome_gain_percent);
    why += pct;
  }
  return why + " over the current split scaled to the budget";
}

}  // namespace

nlohmann::json optimize_budget(const OptimizationRequest& r, const ClientCurves& curves) {
  Builder builder(r, curves);
  builder.build();
  auto& candidates = builder.candidates();
  if (candidates.empty()) {
    fail("client_id", "has no channel with a response curve: no spend with outcomes in its "
                      "history, and no channels named in the request");
  }
  const double scale = builder.scale();
  std::vector<budget::Channel> channels;
  for (const auto& k : candidates) channels.push_back(k.channel);
  budget::AllocationSummary s;
  try {
    s = budget::allocate(channels, allocation_options(r, scale));
  } catch (const std::invalid_argument& e) {
    throw_allocation_problem(e, candidates);
  }
  nlohmann::json out_channels = nlohmann::json::array();
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    out_channels.push_back(channel_json(candidates[i], s.channels[i], scale, r.curve_points));
  }
  const auto& d = s.diagnostics;
  nlohmann::json doc = {
      {"client_id", r.client_id},
      {"currency", r.currency},
      {"outcome", std::string(kBudgetOutcomeNames[static_cast<std::size_t>(r.outcome)])},
      {"goal", std::string(kBudgetGoalNames[static_cast<std::size_t>(r.goal)])},
      {"target", optional_number(r.target)},
      {"budget", optional_number(r.budget)},
      {"period",
       {{"start", core::format_iso_date(r.start)},
        {"end", core::format_iso_date(r.start + (r.period_days - 1))},
        {"days", r.period_days}}},
      {"level", std::string(kBudgetLevelNames[static_cast<std::size_t>(curves.level)])},
      {"curves",
       {{"period_days", curves.period_days},
        {"history_start", curves.periods ? nlohmann::json(core::format_iso_date(curves.first_day)) : nullptr},
        {"history_end", curves.periods ? nlohmann::json(core::format_iso_date(curves.last_day)) : nullptr},
        {"periods", curves.periods}}},
      {"improved", s.improved},
      {"reason", reason_text(s, r, scale)},
      {"totals",
       {{"current", totals_json(s.current, scale)},
        {"reference", totals_json(s.reference, scale)},
        {"optimal", totals_json(s.optimal, scale)},
        {"outcome_gain", s.outcome_gain * scale},
        {"outcome_gain_percent", optional_number(s.outcome_gain_percent)},
        {"spend_saving", cents(s.spend_saving * scale)},
        {"reference_meets_target", s.reference_meets_target}}},
      {"channels", std::move(out_channels)},
      {"excluded", builder.excluded()},
      {"diagnostics",
       {{"method", d.method},
        {"iterations", d.iterations},
        {"starts", d.starts},
        {"budget_evaluations", d.budget_evaluations},
        {"kkt_residual", d.kkt_residual},
        {"marginal_return", d.marginal_return},
        {"optimality_gap", d.optimality_gap},
        {"binding_constraints", d.binding},
        {"termination", d.termination},
        {"outcome_interval_level", kIntervalLevel}}},
      {"assumptions", builder.assumptions()},
      {"warnings", builder.warnings()},
      {"plan_ahead", nullptr}};
  if (r.plan_ahead_weeks > 0) {
    doc["plan_ahead"] = plan_ahead_json(r, curves, candidates, s.optimal.spend);
  }
  return doc;
}

nlohmann::json curve_json(const ChannelCurve& c, int curve_period_days, int period_days, int points) {
  const double scale = static_cast<double>(period_days) / curve_period_days;
  nlohmann::json out = {
      {"channel", c.id},
      {"label", c.label},
      {"platform", std::string(core::platform_name(c.platform))},
      {"source", std::string(curve_source_name(c.source))},
      {"note", c.note.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.note)},
      {"current", {{"spend", cents(c.current_spend * scale)}, {"outcome", c.current_outcome * scale}}},
      {"history", {{"spend", cents(c.total_spend)}, {"outcome", c.total_outcome}}}};
  if (c.source == CurveSource::none) return out;
  static const char* kAdstock[] = {"geometric", "weibull_cdf", "weibull_pdf"};
  static const char* kSaturation[] = {"hill", "logistic", "michaelis_menten"};
  const auto& a = c.curve.adstock;
  const auto& sat = c.curve.saturation;
  out["curve"] = {
      {"period_days", curve_period_days},
      {"beta", c.curve.beta},
      {"scale", c.curve.scale},
      {"adstock",
       {{"kind", kAdstock[static_cast<int>(a.kind)]}, {"alpha", a.alpha}, {"shape", a.shape},
        {"scale", a.scale}, {"window", a.window}, {"normalized", a.normalized}}},
      {"saturation",
       {{"kind", kSaturation[static_cast<int>(sat.kind)]}, {"half_saturation", sat.half_saturation},
        {"shape", sat.shape}, {"lambda", sat.lambda}}}};
  double top = std::max(1.0, 2 * c.current_spend);
  nlohmann::json samples = nlohmann::json::array();
  for (const auto& p : budget::sample_curve(c.curve, top, std::max(2, points))) {
    samples.push_back(sample_json(p, scale));
  }
  out["points"] = std::move(samples);
  if (c.fit) {
    const budget::ChannelFit& f = *c.fit;
    auto interval = [](const std::optional<budget::Interval>& i) -> nlohmann::json {
      if (!i) return nullptr;
      return {i->low, i->high};
    };
    nlohmann::json parameters = nlohmann::json::array();
    for (const auto& p : f.parameters) {
      parameters.push_back({{"name", p.name}, {"value", p.value}, {"at_bound", p.at_bound},
                            {"interval", interval(p.interval)}});
    }
    out["fit"] = {{"r_squared", optional_number(c.r_squared)},
                  {"nrmse", optional_number(c.nrmse)},
                  {"mape", optional_number(c.mape)},
                  {"roas", optional_number(f.roas)},
                  {"roas_interval", interval(f.roas_interval)},
                  {"marginal_roas", optional_number(f.marginal_roas)},
                  {"marginal_roas_interval", interval(f.marginal_roas_interval)},
                  {"interval_level", kIntervalLevel},
                  {"bootstrap_samples", f.bootstrap_curves.size()},
                  {"parameters", std::move(parameters)}};
  } else {
    out["fit"] = nullptr;
  }
  return out;
}

}  // namespace api
