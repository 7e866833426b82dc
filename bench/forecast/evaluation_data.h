// The public data sets of the forecast evaluation, as feature matrices with train/test splits
// and a benchmark-only forecast per test row. See forecast_evaluation.cpp for the protocol and
// docs/forecasting.md for the results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "forecast/model.h"

namespace forecast_eval {

// A CSV file read whole: header and rows of fields.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Index of a header column; throws std::runtime_error naming it when absent.
  std::size_t column(const std::string& name) const;
};
Table read_csv(const std::string& path);  // throws std::runtime_error on I/O or parse errors

struct Experiment {
  std::string name;
  std::string split;           // how train and test were split, for the report
  forecast::Dataset features;  // every row; y unused
  std::vector<std::string> target_names;
  std::vector<std::vector<double>> targets;    // [target][row], counts or currency
  std::vector<std::size_t> train, test;        // row indices
  std::vector<core::Date> dates;               // per row; empty when the data has no dates
  std::vector<std::vector<double>> benchmark;  // [target][row], benchmark-only forecast
  std::string benchmark_description;
};

// KAG_conversion_data.csv (Facebook ads, one row per ad, no dates): features xyz_campaign_id,
// age, gender, interest (one-hot) and log1p(Spent) (monotone +1); targets Clicks and
// Total_Conversion; a seeded 80/20 random split. Impressions and Approved_Conversion are
// outcomes of the same delivery, not known before it: never features.
Experiment kag_experiment(const std::string& campaigns_dir, std::uint64_t seed);

// online_advertising_performance_data.csv (display, daily, Apr–Jun 2020): features
// campaign_number, user_engagement, banner, placement ('#N/A' its own level), day of week (one-
// hot) and log1p(cost) (monotone +1); targets clicks, post_click_conversions and
// post_click_sales_amount; train April–May, test June. displays and revenue are outcomes.
Experiment display_experiment(const std::string& campaigns_dir);

}  // namespace forecast_eval
