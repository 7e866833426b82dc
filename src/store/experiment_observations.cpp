#include "store/experiment_observations.h"

#include <soci/soci.h>

#include "store/internal/sql.h"

namespace store::experiment_observations {

std::size_t upsert(Tx& tx, const std::string& experiment_id,
                   const std::vector<ExperimentObservation>& rows) {
  const std::string& tenant = internal::require_tenant(tx, "experiment_observations::upsert");
  int found = 0;
  tx.sql() << "SELECT count(*) FROM experiments WHERE tenant_id = :tenant AND id = :id",
      soci::use(tenant), soci::use(experiment_id), soci::into(found);
  if (found == 0) throw NotFound("experiment " + experiment_id + " not found");
  const Dialect d = tx.dialect();
  const std::string now = internal::now_timestamp();
  std::string variant, metric, day;
  long long units = 0;
  double total = 0;
  internal::Nullable<double> squares, cov_total, cov_squares, cov_cross;
  soci::statement st =
      (tx.sql().prepare
           << "INSERT INTO experiment_observations (tenant_id, experiment_id, variant, metric, "
              "day, units, total, total_squares, covariate_total, covariate_squares, "
              "covariate_cross, updated_at) VALUES (:tenant, :experiment, :variant, :metric, " +
                  internal::date_in(d, ":day") +
                  ", :units, :total, :squares, :cov_total, :cov_squares, :cov_cross, " +
                  internal::ts_in(d, ":updated") +
                  ") ON CONFLICT (tenant_id, experiment_id, variant, metric, day) DO UPDATE SET "
                  "units = excluded.units, total = excluded.total, total_squares = "
                  "excluded.total_squares, covariate_total = excluded.covariate_total, "
                  "covariate_squares = excluded.covariate_squares, covariate_cross = "
                  "excluded.covariate_cross, updated_at = excluded.updated_at",
       soci::use(tenant), soci::use(experiment_id), soci::use(variant), soci::use(metric),
       soci::use(day), soci::use(units), soci::use(total), soci::use(squares.value, squares.ind),
       soci::use(cov_total.value, cov_total.ind), soci::use(cov_squares.value, cov_squares.ind),
       soci::use(cov_cross.value, cov_cross.ind), soci::use(now));
  for (const auto& r : rows) {
    variant = r.variant;
    metric = r.metric;
    day = core::format_iso_date(r.day);
    units = r.units;
    total = r.total;
    squares = internal::nullable<double>(r.total_squares);
    cov_total = internal::nullable<double>(r.covariate_total);
    cov_squares = internal::nullable<double>(r.covariate_squares);
    cov_cross = internal::nullable<double>(r.covariate_cross);
    st.execute(true);
  }
  return rows.size();
}

std::vector<ExperimentObservation> list(Tx& tx, const std::string& experiment_id) {
  const std::string& tenant = internal::require_tenant(tx, "experiment_observations::list");
  ExperimentObservation r;
  std::string day;
  long long units = 0;
  internal::Nullable<double> squares, cov_total, cov_squares, cov_cross;
  soci::statement st(tx.sql());
  st.exchange(soci::into(r.variant));
  st.exchange(soci::into(r.metric));
  st.exchange(soci::into(day));
  st.exchange(soci::into(units));
  st.exchange(soci::into(r.total));
  st.exchange(soci::into(squares.value, squares.ind));
  st.exchange(soci::into(cov_total.value, cov_total.ind));
  st.exchange(soci::into(cov_squares.value, cov_squares.ind));
  st.exchange(soci::into(cov_cross.value, cov_cross.ind));
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(experiment_id, "experiment"));
  st.alloc();
  st.prepare("SELECT variant, metric, " + internal::date_out(tx.dialect(), "day") +
             ", units, total, total_squares, covariate_total, covariate_squares, covariate_cross "
             "FROM experiment_observations WHERE tenant_id = :tenant AND experiment_id = "
             ":experiment ORDER BY metric, variant, day");
  st.define_and_bind();
  std::vector<ExperimentObservation> out;
  if (st.execute(true)) {
    do {
      ExperimentObservation row = r;
      row.day = internal::parse_stored_date(day);
      row.units = units;
      row.total_squares = internal::optional_of<double>(squares);
      row.covariate_total = internal::optional_of<double>(cov_total);
      row.covariate_squares = internal::optional_of<double>(cov_squares);
      row.covariate_cross = internal::optional_of<double>(cov_cross);
      out.push_back(std::move(row));
    } while (st.fetch());
  }
  return out;
}

}  // namespace store::experiment_observations
