// TrainedModel's bytes and TrainingSummary's report.
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "forecast/internal/byte_io.h"
#include "forecast/internal/trained_model_state.h"
#include "forecast/training.h"

namespace forecast {
namespace {

constexpr std::uint32_t kMagic = 0x4d544346;  // "FCTM"
constexpr std::uint32_t kVersion = 1;
constexpr int kPlatforms = static_cast<int>(core::kPlatformNames.size());
constexpr int kObjectives = static_cast<int>(core::kObjectiveNames.size());

using internal::ByteReader;
using internal::ByteWriter;

void write_accuracy(ByteWriter& w, const Accuracy& a) {
  w.u64(a.points);
  w.f64(a.mae);
  w.f64(a.wape);
  w.f64(a.r2);
}

Accuracy read_accuracy(ByteReader& r) {
  Accuracy a;
  a.points = r.u64();
  a.mae = r.f64();
  a.wape = r.f64();
  a.r2 = r.f64();
  return a;
}

void write_summary(ByteWriter& w, const TrainingSummary& s) {
  w.u64(s.candidates.size());
  for (const CandidateScore& c : s.candidates) {
    w.u8(static_cast<std::uint8_t>(c.kind));
    for (const Accuracy& a : c.accuracy) write_accuracy(w, a);
    w.f64(c.mean_wape);
    w.f64(c.seconds);
  }
  w.u8(static_cast<std::uint8_t>(s.chosen));
  for (bool m : s.modelled) w.u8(m ? 1 : 0);
  for (const TargetIntervals& t : s.intervals) {
    w.u64(t.served.calibration_size);
    w.f64(t.served.half_width_80);
    w.f64(t.served.half_width_95);
    w.u8(t.served.finite_sample_valid ? 1 : 0);
    w.u64(t.expected_value.knots.size());
    for (std::size_t k = 0; k < t.expected_value.knots.size(); ++k) {
      w.f64(t.expected_value.knots[k]);
      w.f64(t.expected_value.log_factors[k]);
    }
    w.u64(t.holdout.points);
    w.f64(t.holdout.coverage_80);
    w.f64(t.holdout.coverage_95);
  }
  w.u64(s.rows);
  w.u64(s.rows_skipped);
  w.u64(s.calibration_rows);
  w.i32(s.folds);
  w.u64(s.feature_names.size());
  for (const std::string& f : s.feature_names) w.str(f);
  w.u64(s.platforms.size());
  for (const PlatformProfile& p : s.platforms) {
    w.u8(static_cast<std::uint8_t>(p.platform));
    w.u64(p.rows);
    w.f64(p.min_daily_spend);
    w.f64(p.max_daily_spend);
    w.u8(p.has_conversion_value ? 1 : 0);
  }
  w.u64(s.objectives.size());
  for (core::Objective o : s.objectives) w.u8(static_cast<std::uint8_t>(o));
  w.i32(s.first_date.days_since_epoch);
  w.i32(s.last_date.days_since_epoch);
  w.f64(s.training_seconds);
}

TrainingSummary read_summary(ByteReader& r) {
  TrainingSummary s;
  s.candidates.resize(r.count(1));
  for (CandidateScore& c : s.candidates) {
    c.kind = r.enumeration<ModelKind>(3);
    for (Accuracy& a : c.accuracy) a = read_accuracy(r);
    c.mean_wape = r.f64();
    c.seconds = r.f64();
  }
  s.chosen = r.enumeration<ModelKind>(3);
  for (bool& m : s.modelled) m = r.u8() != 0;
  for (TargetIntervals& t : s.intervals) {
    t.served.calibration_size = r.u64();
    t.served.half_width_80 = r.f64();
    t.served.half_width_95 = r.f64();
    t.served.finite_sample_valid = r.u8() != 0;
    const std::size_t knots = r.count(16);
    for (std::size_t k = 0; k < knots; ++k) {
      t.expected_value.knots.push_back(r.f64());
      t.expected_value.log_factors.push_back(r.f64());
      if (!std::isfinite(t.expected_value.knots.back()) ||
          !std::isfinite(t.expected_value.log_factors.back()) ||
          (k > 0 && !(t.expected_value.knots[k] > t.expected_value.knots[k - 1]))) {
        ByteReader::fail();
      }
    }
    t.holdout.points = r.u64();
    t.holdout.coverage_80 = r.f64();
    t.holdout.coverage_95 = r.f64();
    if (!(t.served.half_width_80 >= 0 && t.served.half_width_95 >= t.served.half_width_80)) {
      ByteReader::fail();
    }
  }
  s.rows = r.u64();
  s.rows_skipped = r.u64();
  s.calibration_rows = r.u64();
  s.folds = r.i32();
  s.feature_names.resize(r.count(8));
  for (std::string& f : s.feature_names) f = std::string(r.str());
  s.platforms.resize(r.count(1));
  for (PlatformProfile& p : s.platforms) {
    p.platform = r.enumeration<core::Platform>(kPlatforms);
    p.rows = r.u64();
    p.min_daily_spend = r.f64();
    p.max_daily_spend = r.f64();
    p.has_conversion_value = r.u8() != 0;
  }
  s.objectives.resize(r.count(1));
  for (core::Objective& o : s.objectives) o = r.enumeration<core::Objective>(kObjectives);
  s.first_date.days_since_epoch = r.i32();
  s.last_date.days_since_epoch = r.i32();
  s.training_seconds = r.f64();
  return s;
}

}  // namespace

std::string TrainedModel::serialize() const {
  ByteWriter w;
  w.u32(kMagic);
  w.u32(kVersion);
  write_summary(w, state_->summary);
  for (const auto& regressor : state_->regressors) {
    w.u8(regressor ? 1 : 0);
    if (regressor) w.str(regressor->save());
  }
  return w.take();
}

TrainedModel TrainedModel::deserialize(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.u32() != kMagic) throw std::invalid_argument("not a forecast model");
  if (r.u32() != kVersion) throw std::invalid_argument("unsupported forecast model version");
  TrainedModel model;
  model.state_->summary = read_summary(r);
  const TrainingSummary& s = model.state_->summary;
  if (s.feature_names != campaign_day_feature_names()) {
    throw std::invalid_argument("forecast model was trained on another feature set");
  }
  for (std::size_t t = 0; t < kTargetCount; ++t) {
    const bool present = r.u8() != 0;
    if (present != s.modelled[t]) ByteReader::fail();
    if (!present) continue;
    Regressor regressor = Regressor::load(r.str());
    if (regressor.kind() != s.chosen || regressor.feature_count() != kFeatureCount) {
      ByteReader::fail();
    }
    model.state_->regressors[t] = std::move(regressor);
  }
  r.expect_done();
  return model;
}

std::string TrainingSummary::to_markdown() const {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "Trained on %zu rows (%zu skipped), %s … %s, %d rolling-origin folds, %.2f s.\n\n",
                rows, rows_skipped, core::format_iso_date(first_date).c_str(),
                core::format_iso_date(last_date).c_str(), folds, training_seconds);
  out += line;
  out += "| kind | target | MAE | WAPE | R² |\n|---|---|---|---|---|\n";
  for (const CandidateScore& c : candidates) {
    for (Target t : kTargets) {
      const auto ti = static_cast<std::size_t>(t);
      if (!modelled[ti]) continue;
      const Accuracy& a = c.accuracy[ti];
      std::snprintf(line, sizeof line, "| %s | %s | %.4g | %.3f | %.3f |\n",
                    std::string(model_kind_name(c.kind)).c_str(),
                    std::string(target_name(t)).c_str(), a.mae, a.wape, a.r2);
      out += line;
    }
  }
  out += "\nChosen: " + std::string(model_kind_name(chosen)) + ".\n\n";
  out +=
      "| target | half-width 80% | half-width 95% | holdout coverage 80% | 95% | points |\n"
      "|---|---|---|---|---|---|\n";
  for (Target t : kTargets) {
    const auto ti = static_cast<std::size_t>(t);
    if (!modelled[ti]) continue;
    const TargetIntervals& i = intervals[ti];
    std::snprintf(line, sizeof line, "| %s | %.3f | %.3f | %.1f%% | %.1f%% | %zu |\n",
                  std::string(target_name(t)).c_str(), i.served.half_width_80,
                  i.served.half_width_95, 100 * i.holdout.coverage_80, 100 * i.holdout.coverage_95,
                  i.holdout.points);
    out += line;
  }
  return out;
}

}  // namespace forecast
