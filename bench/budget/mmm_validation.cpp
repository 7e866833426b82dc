// Validation of the response-curve fit (budget/fit.h) on the public MMM data sets in
// ../shared/data/mmm (README.md there): PyMC-Marketing's two simulated sets, whose true ROAS and
// true-model fit are known, Robyn's simulated weekly demo data and a real retailer's data
// (sibylhe/mmm_stan), which have no ground truth. Prints, per data set, the fit quality and
// per channel ROAS and marginal ROAS with their bootstrap intervals. docs/budget.md
// records the output.
//
//   build-fit/bench/mmm_validation [bootstrap_samples]   (default 200)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "budget/fit.h"
#include "budget/mmm_table.h"
#include "core/date.h"

namespace {

// A CSV file by column name: every cell as text (surrounding quotes removed).
using Table = budget_test::MmmTable;
Table read_csv(const std::string& file) { return budget_test::read_mmm_table(file); }

int day_of_year(const std::string& iso_date) { return core::day_of_year(*core::parse_iso_date(iso_date)); }

// Rows [first, last) of a column.
std::vector<double> slice(const std::vector<double>& v, std::size_t first, std::size_t last) {
  return {v.begin() + static_cast<std::ptrdiff_t>(first),
          v.begin() + static_cast<std::ptrdiff_t>(last)};
}

struct Case {
  std::string name;
  budget::FitData data;
  budget::FitOptions options;
  std::map<std::string, double> true_roas;
  std::string truth;  // the true model's fit quality, when known
  std::map<std::string, budget::ResponseCurve> true_curves;  // in spend units (scale 1)
};

// PyMC-Marketing's generating curves: geometric normalised adstock, logistic saturation.
budget::ResponseCurve pymc_curve(double alpha, int window, double lambda, double beta) {
  return {{budget::AdstockKind::geometric, alpha, 1, 2, window, true},
          {budget::SaturationKind::logistic, 1, 1, lambda, 1}, beta, 1};
}

Case pymc_example() {
  Table t = read_csv("pymc_marketing_mmm_example.csv");
  Case c{"pymc_marketing_mmm_example (179 weeks)", {}, {}, {{"x1", 4967.8}, {"x2", 2274.9}},
         "true model: R² 0.950, NRMSE 0.0473, MAPE 3.81 %", {}};
  c.data.outcome = t.numbers("y");
  c.data.channels = {{"x1", t.numbers("x1")}, {"x2", t.numbers("x2")}};
  c.data.controls = {{"event_1", t.numbers("event_1")}, {"event_2", t.numbers("event_2")}};
  for (double d : t.numbers("dayofyear")) c.data.day_of_year.push_back(static_cast<int>(d));
  c.options.adstock_window = 8;
  c.options.trend = budget::TrendKind::quadratic;
  c.true_curves = {{"x1", pymc_curve(0.4, 8, 4, 3000)}, {"x2", pymc_curve(0.2, 8, 3, 2000)}};
  return c;
}

Case pymc_roas() {
  Table t = read_csv("pymc_marketing_mmm_roas_data.csv");
  Case c{"pymc_marketing_mmm_roas_data (131 weeks, z as control)", {}, {},
         {{"x1", 93.388}, {"x2", 171.409}}, "true model: R² 0.983, NRMSE 0.0264, MAPE 1.96 %",
         {}};
  c.data.outcome = t.numbers("y");
  c.data.channels = {{"x1", t.numbers("x1")}, {"x2", t.numbers("x2")}};
  c.data.controls = {{"z", t.numbers("z")}};
  for (double d : t.numbers("dayofyear")) c.data.day_of_year.push_back(static_cast<int>(d));
  c.options.adstock_window = 4;
  c.options.trend = budget::TrendKind::quadratic;
  c.true_curves = {{"x1", pymc_curve(0.3, 4, 1.0, 200)}, {"x2", pymc_curve(0.5, 4, 2.5, 150)}};
  return c;
}

Case robyn() {
  Table t = read_csv("robyn_dt_simulated_weekly.csv");
  const auto& dates = t.text("DATE");
  std::size_t first = 0, last = 0;
  for (std::size_t i = 0; i < t.rows; ++i) {
    if (dates[i] < "2016-01-01") first = i + 1;
    if (dates[i] <= "2018-12-31") last = i + 1;
  }
  Case c{"robyn_dt_simulated_weekly 2016-01-01 … 2018-12-31 (" + std::to_string(last - first) +
             " weeks)",
         {}, {}, {}, "", {}};
  c.data.outcome = slice(t.numbers("revenue"), first, last);
  for (const char* name : {"tv_S", "ooh_S", "print_S", "facebook_S", "search_S"}) {
    c.data.channels.push_back({name, slice(t.numbers(name), first, last)});
  }
  for (const char* name : {"competitor_sales_B", "newsletter"}) {
    c.data.controls.push_back({name, slice(t.numbers(name), first, last)});
  }
  // Only event1 falls inside the window (event2 is in 2019): an all-zero dummy is no control.
  std::vector<double> event1;
  for (std::size_t i = first; i < last; ++i) event1.push_back(t.text("events")[i] == "event1");
  c.data.controls.push_back({"event1", event1});
  for (std::size_t i = first; i < last; ++i) c.data.day_of_year.push_back(day_of_year(dates[i]));
  c.options.saturation = budget::SaturationKind::hill;
  return c;
}

Case sibylhe() {
  Table t = read_csv("sibylhe_mmm_stan_data.csv");
  Case c{"sibylhe_mmm_stan_data (209 weeks, real retailer)", {}, {}, {}, "", {}};
  c.data.outcome = t.numbers("sales");
  for (const char* name : {"mdsp_dm", "mdsp_inst", "mdsp_nsp", "mdsp_auddig", "mdsp_audtr",
                           "mdsp_vidtr", "mdsp_viddig", "mdsp_so", "mdsp_on", "mdsp_sem"}) {
    c.data.channels.push_back({name, t.numbers(name)});
  }
  // Macro-economy, store count, markdowns and the retail peaks (one week a year each;
  // Thanksgiving falls in the Black Friday week, so it would repeat that column).
  for (const char* name : {"me_ics_all", "me_gas_dpg", "st_ct", "mrkdn_valadd_edw", "mrkdn_pdm",
                           "hldy_Black Friday", "hldy_Cyber Monday", "hldy_Christmas Eve",
                           "hldy_Prime Day"}) {
    c.data.controls.push_back({name, t.numbers(name)});
  }
  for (const auto& date : t.text("wk_strt_dt")) c.data.day_of_year.push_back(day_of_year(date));
  return c;
}

std::string interval(const std::optional<double>& value,
                     const std::optional<budget::Interval>& range) {
  char buffer[96];
  if (!value) return "n/a";
  if (range) {
    std::snprintf(buffer, sizeof buffer, "%.4g [%.4g, %.4g]", *value, range->low, range->high);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.4g", *value);
  }
  return buffer;
}

void run(Case c, int samples) {
  c.options.bootstrap_samples = samples;
  auto start = std::chrono::steady_clock::now();
  budget::FitSummary s = budget::fit_response_curves(c.data, c.options);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("## %s\n", c.name.c_str());
  std::printf("fit: R² %.4f, NRMSE %.4f, MAPE %.2f %%; %d periods, %d parameters; %.2f s; "
              "%d starts, %d evaluations, %s; bootstrap: %d samples (%d converged), blocks of "
              "%d, %d evaluations\n",
              s.r_squared, s.nrmse, s.mape, s.periods, s.parameters, seconds, s.starts,
              s.evaluations, s.termination.c_str(), s.bootstrap_samples, s.bootstrap_converged,
              s.bootstrap_block_length, s.bootstrap_evaluations);
  if (!c.truth.empty()) std::printf("%s\n", c.truth.c_str());
  const budget::BaselineTerm& intercept = s.baseline_terms.front();
  std::printf("baseline mean level (intercept) %.4g%s\n", intercept.coefficient,
              intercept.at_bound ? ", held at 0: the channels would take more than the outcome"
                                 : "");
  std::printf("| channel | ROAS [%g %%] | true ROAS | marginal ROAS [%g %%] | true marginal | "
              "current spend | share | parameters |\n|---|---|---|---|---|---|---|---|\n",
              100 * c.options.interval_level, 100 * c.options.interval_level);
  for (const auto& ch : s.channels) {
    auto truth = c.true_roas.find(ch.name);
    std::string params;
    for (const auto& p : ch.parameters) {
      char buffer[80];
      std::snprintf(buffer, sizeof buffer, "%s%s %.3g%s", params.empty() ? "" : ", ",
                    p.name.c_str(), p.value, p.at_bound ? " (bound)" : "");
      params.append(buffer);
    }
    char true_roas[64] = "–";
    if (truth != c.true_roas.end() && ch.roas) {
      std::snprintf(true_roas, sizeof true_roas, "%.6g (estimate %+.1f %%)", truth->second,
                    100 * (*ch.roas / truth->second - 1));
    }
    char true_marginal[32] = "–";
    if (auto curve = c.true_curves.find(ch.name); curve != c.true_curves.end()) {
      std::snprintf(true_marginal, sizeof true_marginal, "%.4g",
                    budget::steady_state_slope(ch.current_spend, curve->second));
    }
    std::printf("| %s | %s | %s | %s | %s | %.4g | %.1f %% | %s |\n", ch.name.c_str(),
                interval(ch.roas, ch.roas_interval).c_str(), true_roas,
                interval(ch.marginal_roas, ch.marginal_roas_interval).c_str(), true_marginal,
                ch.current_spend,
                100 * ch.contribution_share.value_or(0), params.c_str());
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::stoi(argv[1]) : 200;
  try {
    run(pymc_example(), samples);
    run(pymc_roas(), samples);
    Case confounded = pymc_roas();
    confounded.name = "pymc_marketing_mmm_roas_data without z (confounded)";
    confounded.data.controls.clear();
    run(confounded, samples);
    run(robyn(), samples);
    run(sibylhe(), samples);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mmm_validation: %s\n", e.what());
    return 1;
  }
  return 0;
}
