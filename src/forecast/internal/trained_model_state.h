// TrainedModel's contents, shared by training.cpp and training_io.cpp. Internal.
#pragma once

#include <array>
#include <optional>

#include "forecast/model.h"
#include "forecast/training.h"

namespace forecast {

struct TrainedModel::State {
  TrainingSummary summary;
  std::array<std::optional<Regressor>, kTargetCount> regressors;  // by Target
};

}  // namespace forecast
