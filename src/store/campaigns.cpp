#include "store/campaigns.h"

#include "store/internal/campaign_row.h"

namespace store {
namespace internal {

void CampaignRow::bind(soci::statement& st) {
  st.exchange(soci::into(c.id));
  st.exchange(soci::into(c.client_id));
  st.exchange(soci::into(c.name));
  st.exchange(soci::into(platform));
  st.exchange(soci::into(objective));
  st.exchange(soci::into(status));
  st.exchange(soci::into(external_id.value, external_id.ind));
  st.exchange(soci::into(daily_budget.value, daily_budget.ind));
  st.exchange(soci::into(lifetime_budget.value, lifetime_budget.ind));
  st.exchange(soci::into(start_date.value, start_date.ind));
  st.exchange(soci::into(end_date.value, end_date.ind));
  st.exchange(soci::into(c.targeting));
  st.exchange(soci::into(c.created_at));
  st.exchange(soci::into(c.updated_at));
}

namespace {
template <class Enum, std::size_t N>
Enum parse_enum(const std::array<std::string_view, N>& names, const std::string& text,
                const char* what) {
  auto value = core::enum_from_name<Enum>(names, text);
  if (!value) throw Error(std::string("stored campaign ") + what + " '" + text + "' is unknown");
  return *value;
}
}  // namespace

Campaign CampaignRow::done() const {
  Campaign out = c;
  out.platform = parse_enum<core::Platform>(core::kPlatformNames, platform, "platform");
  out.objective = parse_enum<core::Objective>(core::kObjectiveNames, objective, "objective");
  out.status = parse_enum<core::CampaignStatus>(core::kCampaignStatusNames, status, "status");
  out.external_id = optional_of<std::string>(external_id);
  out.daily_budget_micros = optional_of<std::int64_t>(daily_budget);
  out.lifetime_budget_micros = optional_of<std::int64_t>(lifetime_budget);
  out.start_date = parse_stored_date(start_date);
  out.end_date = parse_stored_date(end_date);
  return out;
}

std::string select_campaigns(Dialect d) {
  return "SELECT id, client_id, name, platform, objective, status, external_id, "
         "daily_budget_micros, lifetime_budget_micros, " +
         date_out(d, "start_date") + ", " + date_out(d, "end_date") + ", " +
         json_out(d, "targeting") + ", " + ts_out(d, "created_at") + ", " +
         ts_out(d, "updated_at") + " FROM campaigns WHERE tenant_id = :tenant";
}

std::string status_name(core::CampaignStatus status) {
  return std::string(core::kCampaignStatusNames[static_cast<int>(status)]);
}

}  // namespace internal

namespace campaigns {
namespace {

// Runs select_campaigns() + `where` with :tenant and up to three more named text parameters;
// returns the first row.
std::optional<Campaign> find_first(
    Tx& tx, const std::string& where,
    std::initializer_list<std::pair<const char*, std::string>> params) {
  const std::string& tenant = internal::require_tenant(tx, "campaigns");
  internal::CampaignRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  std::vector<std::pair<const char*, std::string>> values(params);
  for (auto& [name, value] : values) st.exchange(soci::use(value, name));
  st.alloc();
  st.prepare(internal::select_campaigns(tx.dialect()) + where);
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.done();
}

// The bound values of a campaign's writable columns, alive for one statement.
struct CampaignValues {
  std::string platform, objective, status;
  internal::Nullable<std::string> external_id, start_date, end_date;
  internal::Nullable<long long> daily_budget, lifetime_budget;

  explicit CampaignValues(const Campaign& c)
      : platform(core::platform_name(c.platform)),
        objective(core::objective_name(c.objective)),
        status(internal::status_name(c.status)),
        external_id(internal::nullable<std::string>(c.external_id)),
        start_date(internal::nullable<std::string>(internal::date_text(c.start_date))),
        end_date(internal::nullable<std::string>(internal::date_text(c.end_date))),
        daily_budget(internal::nullable<long long>(c.daily_budget_micros)),
        lifetime_budget(internal::nullable<long long>(c.lifetime_budget_micros)) {}
};

}  // namespace

Campaign insert(Tx& tx, Campaign campaign) {
  const std::string& tenant = internal::require_tenant(tx, "campaigns::insert");
  internal::require_client(tx, campaign.client_id);
  campaign.created_at = campaign.updated_at = internal::now_timestamp();
  CampaignValues v(campaign);
  Dialect d = tx.dialect();
  tx.sql() << "INSERT INTO campaigns (tenant_id, id, client_id, name, platform, objective, status, "
              "external_id, daily_budget_micros, lifetime_budget_micros, start_date, end_date, "
              "targeting, created_at, updated_at) VALUES (:tenant, :id, :client, :name, :platform, "
              ":objective, :status, :external, :daily, :lifetime, " +
                  internal::date_in(d, ":start") + ", " + internal::date_in(d, ":end") + ", " +
                  internal::json_in(d, ":targeting") + ", " + internal::ts_in(d, ":created") +
                  ", " + internal::ts_in(d, ":updated") + ")",
      soci::use(tenant), soci::use(campaign.id), soci::use(campaign.client_id),
      soci::use(campaign.name), soci::use(v.platform), soci::use(v.objective), soci::use(v.status),
      soci::use(v.external_id.value, v.external_id.ind),
      soci::use(v.daily_budget.value, v.daily_budget.ind),
      soci::use(v.lifetime_budget.value, v.lifetime_budget.ind),
      soci::use(v.start_date.value, v.start_date.ind), soci::use(v.end_date.value, v.end_date.ind),
      soci::use(campaign.targeting), soci::use(campaign.created_at), soci::use(campaign.updated_at);
  return *find(tx, campaign.id);  // as stored: PostgreSQL normalises the targeting JSON
}

std::optional<Campaign> find(Tx& tx, const std::string& id) {
  return find_first(tx, " AND id = :id", {{"id", id}});
}

Campaign update(Tx& tx, const Campaign& campaign) {
  const std::string& tenant = internal::require_tenant(tx, "campaigns::update");
  if (!find(tx, campaign.id)) throw NotFound("campaign " + campaign.id + " not found");
  internal::require_client(tx, campaign.client_id);
  std::string now = internal::now_timestamp();
  CampaignValues v(campaign);
  Dialect d = tx.dialect();
  tx.sql() << "UPDATE campaigns SET client_id = :client, name = :name, platform = :platform, "
              "objective = :objective, status = :status, external_id = :external, "
              "daily_budget_micros = :daily, lifetime_budget_micros = :lifetime, start_date = " +
                  internal::date_in(d, ":start") + ", end_date = " + internal::date_in(d, ":end") +
                  ", targeting = " + internal::json_in(d, ":targeting") +
                  ", updated_at = " + internal::ts_in(d, ":now") +
                  " WHERE tenant_id = :tenant AND id = :id",
      soci::use(campaign.client_id), soci::use(campaign.name), soci::use(v.platform),
      soci::use(v.objective), soci::use(v.status),
      soci::use(v.external_id.value, v.external_id.ind),
      soci::use(v.daily_budget.value, v.daily_budget.ind),
      soci::use(v.lifetime_budget.value, v.lifetime_budget.ind),
      soci::use(v.start_date.value, v.start_date.ind), soci::use(v.end_date.value, v.end_date.ind),
      soci::use(campaign.targeting), soci::use(now), soci::use(tenant), soci::use(campaign.id);
  return *find(tx, campaign.id);
}

void remove(Tx& tx, const std::string& id) {
  const std::string& tenant = internal::require_tenant(tx, "campaigns::remove");
  tx.sql() << "DELETE FROM campaign_metrics WHERE tenant_id = :tenant AND campaign_id = :id",
      soci::use(tenant), soci::use(id);
  soci::statement st = (tx.sql().prepare << "DELETE FROM campaigns WHERE tenant_id = :tenant AND "
                                            "id = :id",
                        soci::use(tenant), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) throw NotFound("campaign " + id + " not found");
}

std::optional<Campaign> find_by_external_id(Tx& tx, const std::string& client_id,
                                            core::Platform platform,
                                            const std::string& external_id) {
  return find_first(tx,
                    " AND client_id = :client AND platform = :platform AND external_id = :external",
                    {{"client", client_id},
                     {"platform", std::string(core::platform_name(platform))},
                     {"external", external_id}});
}

std::optional<Campaign> find_by_name(Tx& tx, const std::string& client_id, core::Platform platform,
                                     const std::string& name) {
  return find_first(tx,
                    " AND client_id = :client AND platform = :platform AND name = :name "
                    "ORDER BY created_at, id LIMIT 1",
                    {{"client", client_id},
                     {"platform", std::string(core::platform_name(platform))},
                     {"name", name}});
}

}  // namespace campaigns
}  // namespace store
