#include "store/experiment_observations.h"

#include <soci/soci.h>

#include <array>

#include "store/internal/sql.h"

namespace store::experiment_observations {
namespace {

using Observation = ExperimentObservation;

// The optional sums, each a nullable column of the same name.
struct OptionalColumn {
  const char* name;
  std::optional<double> Observation::*member;
};
constexpr std::array<OptionalColumn, 7> kOptionalColumns{{
    {"total_squares", &Observation::total_squares},
    {"denominator_total", &Observation::denominator_total},
    {"denominator_squares", &Observation::denominator_squares},
    {"cross_total", &Observation::cross_total},
    {"covariate_total", &Observation::covariate_total},
    {"covariate_squares", &Observation::covariate_squares},
    {"covariate_cross", &Observation::covariate_cross},
}};

// The optional sums of one row, bound to a statement for as long as it lives.
struct OptionalSums {
  std::array<internal::Nullable<double>, kOptionalColumns.size()> values;

  void load(const Observation& row) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = internal::nullable<double>(row.*kOptionalColumns[i].member);
    }
  }
  void store(Observation& row) const {
    for (std::size_t i = 0; i < values.size(); ++i) {
      row.*kOptionalColumns[i].member = internal::optional_of<double>(values[i]);
    }
  }
};

// ", total_squares, denominator_total, …" with each name prefixed by `prefix`.
std::string optional_list(const std::string& prefix) {
  std::string out;
  for (const auto& c : kOptionalColumns) out.append(", ").append(prefix).append(c.name);
  return out;
}

void require_experiment(Tx& tx, const std::string& tenant, const std::string& experiment_id) {
  int found = 0;
  tx.sql() << "SELECT count(*) FROM experiments WHERE tenant_id = :tenant AND id = :id",
      soci::use(tenant), soci::use(experiment_id), soci::into(found);
  if (found == 0) throw NotFound("experiment " + experiment_id + " not found");
}

}  // namespace

std::size_t upsert(Tx& tx, const std::string& experiment_id,
                   const std::vector<ExperimentObservation>& rows) {
  const std::string& tenant = internal::require_tenant(tx, "experiment_observations::upsert");
  require_experiment(tx, tenant, experiment_id);
  const Dialect d = tx.dialect();
  const std::string now = internal::now_timestamp();
  std::string variant, metric, day;
  long long units = 0;
  double total = 0;
  OptionalSums sums;
  std::string updates;
  for (const auto& c : kOptionalColumns) {
    updates.append(", ").append(c.name).append(" = excluded.").append(c.name);
  }
  soci::statement st(tx.sql());
  st.exchange(soci::use(tenant));
  st.exchange(soci::use(experiment_id));
  st.exchange(soci::use(variant));
  st.exchange(soci::use(metric));
  st.exchange(soci::use(day));
  st.exchange(soci::use(units));
  st.exchange(soci::use(total));
  for (auto& v : sums.values) st.exchange(soci::use(v.value, v.ind));
  st.exchange(soci::use(now));
  st.alloc();
  st.prepare("INSERT INTO experiment_observations (tenant_id, experiment_id, variant, metric, day, "
             "units, total" + optional_list("") + ", updated_at) VALUES (:tenant, :experiment, "
             ":variant, :metric, " + internal::date_in(d, ":day") + ", :units, :total" +
             optional_list(":") + ", " + internal::ts_in(d, ":updated") +
             ") ON CONFLICT (tenant_id, experiment_id, variant, metric, day) DO UPDATE SET "
             "units = excluded.units, total = excluded.total" + updates +
             ", updated_at = excluded.updated_at");
  st.define_and_bind();
  for (const auto& r : rows) {
    variant = r.variant;
    metric = r.metric;
    day = core::format_iso_date(r.day);
    units = r.units;
    total = r.total;
    sums.load(r);
    st.execute(true);
  }
  return rows.size();
}

std::vector<ExperimentObservation> list(Tx& tx, const std::string& experiment_id) {
  const std::string& tenant = internal::require_tenant(tx, "experiment_observations::list");
  ExperimentObservation r;
  std::string day;
  long long units = 0;
  OptionalSums sums;
  soci::statement st(tx.sql());
  st.exchange(soci::into(r.variant));
  st.exchange(soci::into(r.metric));
  st.exchange(soci::into(day));
  st.exchange(soci::into(units));
  st.exchange(soci::into(r.total));
  for (auto& v : sums.values) st.exchange(soci::into(v.value, v.ind));
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(experiment_id, "experiment"));
  st.alloc();
  st.prepare("SELECT variant, metric, " + internal::date_out(tx.dialect(), "day") +
             ", units, total" + optional_list("") +
             " FROM experiment_observations WHERE tenant_id = :tenant AND experiment_id = "
             ":experiment ORDER BY metric, variant, day");
  st.define_and_bind();
  std::vector<ExperimentObservation> out;
  if (st.execute(true)) {
    do {
      ExperimentObservation row = r;
      row.day = internal::parse_stored_date(day);
      row.units = units;
      sums.store(row);
      out.push_back(std::move(row));
    } while (st.fetch());
  }
  return out;
}

ObservationCounts counts(Tx& tx, const std::string& experiment_id) {
  const std::string& tenant = internal::require_tenant(tx, "experiment_observations::counts");
  const Dialect d = tx.dialect();
  long long rows = 0, days = 0;
  internal::Nullable<std::string> first, last;
  tx.sql() << "SELECT count(*), count(DISTINCT day), " + internal::date_out(d, "min(day)") + ", " +
                  internal::date_out(d, "max(day)") +
                  " FROM experiment_observations WHERE tenant_id = :tenant AND experiment_id = "
                  ":experiment",
      soci::use(tenant), soci::use(experiment_id), soci::into(rows), soci::into(days),
      soci::into(first.value, first.ind), soci::into(last.value, last.ind);
  return {static_cast<std::size_t>(rows), static_cast<std::size_t>(days),
          internal::parse_stored_date(first), internal::parse_stored_date(last)};
}

}  // namespace store::experiment_observations
