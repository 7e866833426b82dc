// Coverage of the model forecaster's flight totals (model_forecaster.h): per-day conformal
// bounds summed over a 30-day flight, checked on campaigns the model never saw.
#pragma once

namespace forecast_eval {

// Trains on 300 synthetic campaigns (synthetic_history.h), forecasts the first 30 days of 100
// held-out ones at their average daily spend, and prints the share of actual totals inside the
// 80% and 95% intervals, with the totals' WAPE.
void print_flight_coverage(int threads);

}  // namespace forecast_eval
