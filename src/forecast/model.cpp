#include "forecast/model.h"

#include <cmath>
#include <stdexcept>
#include <variant>

#include "forecast/internal/byte_io.h"
#include "forecast/internal/ridge.h"
#include "forecast/internal/xgb_model.h"

namespace forecast {

namespace {
constexpr std::array<std::string_view, 3> kKindNames = {"random_forest", "gradient_boosting",
                                                        "linear"};
constexpr std::uint32_t kRegressorMagic = 0x31475246;  // "FRG1"
}  // namespace

std::string_view model_kind_name(ModelKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<ModelKind> model_kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<ModelKind>(i);
  }
  return std::nullopt;
}

void Dataset::validate() const {
  if (x.size() != rows * cols()) throw std::invalid_argument("dataset: x is not rows × cols");
  if (y.size() != rows) throw std::invalid_argument("dataset: y is not one value per row");
  if (!monotone.empty() && monotone.size() != cols()) {
    throw std::invalid_argument("dataset: monotone is not one sign per feature");
  }
  for (int m : monotone) {
    if (m < -1 || m > 1) throw std::invalid_argument("dataset: monotone must be -1, 0 or +1");
  }
  for (float v : x) {
    if (!std::isfinite(v)) throw std::invalid_argument("dataset: non-finite feature value");
  }
  for (float v : y) {
    if (!std::isfinite(v)) throw std::invalid_argument("dataset: non-finite target");
  }
}

Dataset Dataset::subset(std::span<const std::size_t> row_indices) const {
  Dataset out;
  out.feature_names = feature_names;
  out.monotone = monotone;
  out.rows = row_indices.size();
  const std::size_t p = cols();
  out.x.reserve(out.rows * p);
  out.y.reserve(out.rows);
  for (std::size_t r : row_indices) {
    if (r >= rows) throw std::out_of_range("dataset subset: row index");
    out.x.insert(out.x.end(), x.begin() + static_cast<std::ptrdiff_t>(r * p),
                 x.begin() + static_cast<std::ptrdiff_t>((r + 1) * p));
    out.y.push_back(y[r]);
  }
  return out;
}

struct Regressor::Impl {
  ModelKind kind;
  std::variant<internal::XgbModel, internal::RidgeModel> model;
};

Regressor::Regressor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Regressor::Regressor(Regressor&&) noexcept = default;
Regressor& Regressor::operator=(Regressor&&) noexcept = default;
Regressor::~Regressor() = default;

Regressor Regressor::train(ModelKind kind, const Dataset& data, const RegressorOptions& options) {
  data.validate();
  if (data.rows == 0 || data.cols() == 0) {
    throw std::invalid_argument("dataset: no rows or no features");
  }
  if (options.threads < 1) throw std::invalid_argument("threads must be >= 1");
  if (kind == ModelKind::linear) {
    return Regressor(std::make_unique<Impl>(
        Impl{kind, internal::RidgeModel::train(data, options.ridge_lambda)}));
  }
  return Regressor(
      std::make_unique<Impl>(Impl{kind, internal::XgbModel::train(kind, data, options)}));
}

Regressor Regressor::load(std::string_view bytes) {
  internal::ByteReader in(bytes);
  if (in.u32() != kRegressorMagic) internal::ByteReader::fail();
  const auto kind = in.enumeration<ModelKind>(3);
  if (kind == ModelKind::linear) {
    internal::RidgeModel ridge;
    ridge.intercept = in.f64();
    ridge.coefficients.resize(in.count(8));
    for (double& c : ridge.coefficients) c = in.f64();
    in.expect_done();
    if (ridge.coefficients.empty()) internal::ByteReader::fail();
    return Regressor(std::make_unique<Impl>(Impl{kind, std::move(ridge)}));
  }
  const std::string_view model = in.str();
  in.expect_done();
  return Regressor(std::make_unique<Impl>(Impl{kind, internal::XgbModel::load(model)}));
}

std::string Regressor::save() const {
  internal::ByteWriter out;
  out.u32(kRegressorMagic);
  out.u8(static_cast<std::uint8_t>(impl_->kind));
  if (const auto* ridge = std::get_if<internal::RidgeModel>(&impl_->model)) {
    out.f64(ridge->intercept);
    out.u64(ridge->coefficients.size());
    for (double c : ridge->coefficients) out.f64(c);
  } else {
    out.str(std::get<internal::XgbModel>(impl_->model).save());
  }
  return out.take();
}

ModelKind Regressor::kind() const { return impl_->kind; }

std::size_t Regressor::feature_count() const {
  return std::visit([](const auto& m) { return m.feature_count(); }, impl_->model);
}

void Regressor::predict(std::span<const float> x, std::span<float> out) const {
  if (x.size() != out.size() * feature_count()) {
    throw std::invalid_argument("predict: x is not out.size() rows of feature_count() values");
  }
  std::visit([&](const auto& m) { m.predict(x, out); }, impl_->model);
}

std::vector<float> Regressor::predict(std::span<const float> x) const {
  const std::size_t p = feature_count();
  if (x.size() % p != 0) throw std::invalid_argument("predict: x is not whole rows");
  std::vector<float> out(x.size() / p);
  predict(x, out);
  return out;
}

std::span<const double> Regressor::linear_coefficients() const {
  if (const auto* ridge = std::get_if<internal::RidgeModel>(&impl_->model)) {
    return ridge->coefficients;
  }
  return {};
}

double Regressor::linear_intercept() const {
  const auto* ridge = std::get_if<internal::RidgeModel>(&impl_->model);
  return ridge ? ridge->intercept : 0.0;
}

}  // namespace forecast
