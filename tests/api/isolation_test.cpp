// Tenant isolation: another tenant's ids answer exactly like ids that exist nowhere, for every
// operation that takes an id, and nothing of the owner's data changes. The sweep is checked
// against /openapi.json so a new operation with an id cannot be left out.
#include <set>

#include "fixtures.h"

namespace api_test {
namespace {

enum class Expect { not_found, empty_page, bad_client_id };

// One operation probed with the victim's ids; `path`/`body` hold "{ID}" and "{CLIENT}"
// placeholders filled with the victim's ids, then with ids that exist nowhere.
struct Probe {
  std::string method;
  std::string pattern;  // the operation's path in the OpenAPI document
  std::string path;
  std::string body;
  Expect expect;
};

const char* kCsv =
    "date,campaign_name,campaign_id,platform,impressions,clicks,spend\n"
    "2024-05-01,Stolen,x-1,google_ads,100,4,2.50\n";

// A valid rule's fields after its client_id.
const char* kRule =
    R"("name":"Stolen","conditions":[{"metric":"cpa","comparison":"gt","threshold":50}],)"
    R"("action":{"kind":"notify"}})";

std::vector<Probe> probes() {
  const std::string metrics = json{{"rows", metric_rows(10, 1, 9)}}.dump();
  return {
      {"GET", "/api/v1/clients/{id}", "/api/v1/clients/{CLIENT}", "", Expect::not_found},
      {"PATCH", "/api/v1/clients/{id}", "/api/v1/clients/{CLIENT}", R"({"name":"taken over"})",
       Expect::not_found},
      {"DELETE", "/api/v1/clients/{id}", "/api/v1/clients/{CLIENT}", "", Expect::not_found},
      {"GET", "/api/v1/campaigns/{id}", "/api/v1/campaigns/{CAMPAIGN}", "", Expect::not_found},
      {"PATCH", "/api/v1/campaigns/{id}", "/api/v1/campaigns/{CAMPAIGN}",
       R"({"name":"taken over","status":"paused"})", Expect::not_found},
      {"DELETE", "/api/v1/campaigns/{id}", "/api/v1/campaigns/{CAMPAIGN}", "", Expect::not_found},
      {"GET", "/api/v1/campaigns/{id}/metrics",
       "/api/v1/campaigns/{CAMPAIGN}/metrics?from=2024-04-01&to=2024-06-30", "",
       Expect::not_found},
      {"POST", "/api/v1/campaigns/{id}/metrics", "/api/v1/campaigns/{CAMPAIGN}/metrics", metrics,
       Expect::not_found},
      {"GET", "/api/v1/api-keys/{id}", "/api/v1/api-keys/{KEY}", "", Expect::not_found},
      {"PATCH", "/api/v1/api-keys/{id}", "/api/v1/api-keys/{KEY}", R"({"name":"taken over"})",
       Expect::not_found},
      {"DELETE", "/api/v1/api-keys/{id}", "/api/v1/api-keys/{KEY}", "", Expect::not_found},
      {"POST", "/api/v1/imports", "/api/v1/imports?client_id={CLIENT}", kCsv, Expect::not_found},
      {"GET", "/api/v1/analytics/dashboard", "/api/v1/analytics/dashboard?client_id={CLIENT}", "",
       Expect::not_found},
      {"GET", "/api/v1/campaigns", "/api/v1/campaigns?client_id={CLIENT}", "",
       Expect::empty_page},
      {"POST", "/api/v1/campaigns", "/api/v1/campaigns",
       R"({"client_id":"{CLIENT}","name":"Stolen","platform":"meta_ads","objective":"traffic"})",
       Expect::not_found},
      {"POST", "/api/v1/api-keys", "/api/v1/api-keys",
       R"({"name":"stolen","role":"client_viewer","client_id":"{CLIENT}"})",
       Expect::bad_client_id},
      {"POST", "/api/v1/users", "/api/v1/users",
       R"({"email":"thief@example.com","password":"long enough password","role":"client_viewer","client_id":"{CLIENT}"})",
       Expect::bad_client_id},
      {"POST", "/api/v1/strategy/generate", "/api/v1/strategy/generate",
       R"({"client_id":"{CLIENT}","objective":"sales_conversion","budget":1000})",
       Expect::not_found},
      {"GET", "/api/v1/strategies", "/api/v1/strategies?client_id={CLIENT}", "",
       Expect::empty_page},
      {"GET", "/api/v1/strategies/{id}", "/api/v1/strategies/{STRATEGY}", "", Expect::not_found},
      {"GET", "/api/v1/jobs/{id}", "/api/v1/jobs/{JOB}", "", Expect::not_found},
      {"POST", "/api/v1/budget/optimize", "/api/v1/budget/optimize",
       R"({"client_id":"{CLIENT}","budget":1000,"channels":[{"channel":"google_ads"}]})",
       Expect::not_found},
      {"GET", "/api/v1/budget/response-curves", "/api/v1/budget/response-curves?client_id={CLIENT}",
       "", Expect::not_found},
      {"GET", "/api/v1/budget/optimizations", "/api/v1/budget/optimizations?client_id={CLIENT}", "",
       Expect::empty_page},
      {"GET", "/api/v1/budget/optimizations/{id}", "/api/v1/budget/optimizations/{OPTIMIZATION}",
       "", Expect::not_found},
      {"POST", "/api/v1/campaign/optimize", "/api/v1/campaign/optimize",
       R"({"client_id":"{CLIENT}","target_cpa":1})", Expect::not_found},
      {"GET", "/api/v1/campaign/optimizations",
       "/api/v1/campaign/optimizations?client_id={CLIENT}", "", Expect::empty_page},
      {"GET", "/api/v1/campaign/optimizations/{id}",
       "/api/v1/campaign/optimizations/{RECOMMENDATION}", "", Expect::not_found},
      {"PATCH", "/api/v1/campaign/optimizations/{id}",
       "/api/v1/campaign/optimizations/{RECOMMENDATION}", R"({"status":"dismissed"})",
       Expect::not_found},
      {"GET", "/api/v1/experiments", "/api/v1/experiments?client_id={CLIENT}", "",
       Expect::empty_page},
      {"POST", "/api/v1/experiments", "/api/v1/experiments",
       R"({"client_id":"{CLIENT}","name":"Stolen","variants":[{"name":"a","weight":0.5},{"name":"b","weight":0.5}],"metrics":[{"name":"cvr","kind":"proportion"}]})",
       Expect::not_found},
      {"GET", "/api/v1/experiments/{id}", "/api/v1/experiments/{EXPERIMENT}", "", Expect::not_found},
      {"PATCH", "/api/v1/experiments/{id}", "/api/v1/experiments/{EXPERIMENT}",
       R"({"name":"taken over","status":"stopped"})", Expect::not_found},
      {"DELETE", "/api/v1/experiments/{id}", "/api/v1/experiments/{EXPERIMENT}", "",
       Expect::not_found},
      {"POST", "/api/v1/experiments/{id}/results", "/api/v1/experiments/{EXPERIMENT}/results",
       R"({"rows":[{"variant":"a","metric":"cvr","date":"2024-05-01","units":10,"total":1}]})",
       Expect::not_found},
      {"GET", "/api/v1/experiments/{id}/results", "/api/v1/experiments/{EXPERIMENT}/results?alpha=0.1",
       "", Expect::not_found},
      {"POST", "/api/v1/rules", "/api/v1/rules", std::string(R"({"client_id":"{CLIENT}",)") + kRule,
       Expect::not_found},
      {"GET", "/api/v1/rules", "/api/v1/rules?client_id={CLIENT}", "", Expect::empty_page},
      {"GET", "/api/v1/rules/{id}", "/api/v1/rules/{RULE}", "", Expect::not_found},
      {"PATCH", "/api/v1/rules/{id}", "/api/v1/rules/{RULE}", R"({"name":"taken over"})",
       Expect::not_found},
      {"DELETE", "/api/v1/rules/{id}", "/api/v1/rules/{RULE}", "", Expect::not_found},
      {"POST", "/api/v1/rules/dry-run", "/api/v1/rules/dry-run",
       std::string(R"({"rule":{"client_id":"{CLIENT}",)") + kRule + "}", Expect::not_found},
      {"POST", "/api/v1/rules/{id}/dry-run", "/api/v1/rules/{RULE}/dry-run",
       R"({"from":"2024-05-01","to":"2024-05-03"})", Expect::not_found},
      {"POST", "/api/v1/rules/{id}/run", "/api/v1/rules/{RULE}/run", "", Expect::not_found},
      {"GET", "/api/v1/rules/{id}/evaluations", "/api/v1/rules/{RULE}/evaluations", "",
       Expect::not_found},
  };
}

struct Ids {
  std::string client, campaign, key, strategy, job, optimization, recommendation, experiment,
      rule;
};

std::string fill(std::string text, const Ids& ids) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
  };
  replace("{CLIENT}", ids.client);
  replace("{CAMPAIGN}", ids.campaign);
  replace("{KEY}", ids.key);
  replace("{STRATEGY}", ids.strategy);
  replace("{JOB}", ids.job);
  replace("{OPTIMIZATION}", ids.optimization);
  replace("{RECOMMENDATION}", ids.recommendation);
  replace("{EXPERIMENT}", ids.experiment);
  replace("{RULE}", ids.rule);
  return text;
}

// The answer with what legitimately differs between two requests taken out: the request id,
// and the probed ids themselves (in detail and instance).
json normalized(const Response& r, const Ids& ids) {
  std::string text = r.body;
  for (const auto& id : {ids.client, ids.campaign, ids.key, ids.strategy, ids.job, ids.optimization,
                         ids.recommendation, ids.experiment, ids.rule}) {
    for (auto pos = text.find(id); pos != std::string::npos; pos = text.find(id, pos)) {
      text.replace(pos, id.size(), "{ID}");
    }
  }
  json body = json::parse(text, nullptr, false);
  if (body.is_object()) body.erase("request_id");
  return json{{"status", r.status}, {"type", r.media_type()}, {"body", body}};
}

// "METHOD /pattern" of every documented operation that takes an id: a path parameter, a query
// parameter ending in _id, or a request body field ending in _id.
std::set<std::string> operations_taking_ids(const json& doc) {
  std::set<std::string> out;
  auto body_has_id = [&](const json& op) {
    if (!op.contains("requestBody")) return false;
    for (const auto& [type, content] : op["requestBody"]["content"].items()) {
      json schema = content.value("schema", json::object());
      if (schema.contains("$ref")) {
        std::string name = schema["$ref"].get<std::string>().substr(std::string("#/components/schemas/").size());
        schema = doc["components"]["schemas"][name];
      }
      // ("id" of a create body is the caller's choice for a new row, not a reference.)
      const json properties = schema.value("properties", json::object());
      for (const auto& [field, spec] : properties.items()) {
        if (field.ends_with("_id")) return true;
      }
    }
    return false;
  };
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      bool takes_id = path.find('{') != std::string::npos || body_has_id(op);
      for (const auto& p : op.value("parameters", json::array())) {
        if (p.value("in", "") == "query" && p.value("name", "").ends_with("_id")) takes_id = true;
      }
      if (takes_id) out.insert(upper + " " + path);
    }
  }
  return out;
}

class ApiIsolation : public ApiTest {};

TEST_P(ApiIsolation, EveryOperationTakingAnIdIsInTheSweep) {
  HttpClient anonymous = service().client();
  json doc = require(anonymous.get("/openapi.json"), 200, "openapi");
  std::set<std::string> swept;
  for (const auto& p : probes()) swept.insert(p.method + " " + p.pattern);
  for (const auto& op : operations_taking_ids(doc)) {
    EXPECT_TRUE(swept.count(op)) << op << " takes an id but the isolation sweep does not probe it";
  }
  for (const auto& op : swept) {
    auto space = op.find(' ');
    std::string method = op.substr(0, space), path = op.substr(space + 1);
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(doc["paths"].contains(path) && doc["paths"][path].contains(method))
        << op << " is probed but not documented";
  }
}

TEST_P(ApiIsolation, AnotherTenantsIdsAnswerLikeMissingOnesAndChangeNothing) {
  Service& s = service();
  Populated a = populate(s, "victim");
  Populated b = populate(s, "intruder");
  HttpClient victim_admin = s.client(a.tenant.admin_key);
  std::string strategy_id =
      require(victim_admin.post("/api/v1/strategy/generate",
                                {{"client_id", a.client_id}, {"objective", "leads"}, {"budget", 5000}}),
              201, "victim's strategy")["id"];
  std::string job_id = require(victim_admin.request("POST", "/api/v1/models/train"), 202,
                               "victim's training job")["id"];
  std::string optimization_id =
      require(victim_admin.post("/api/v1/budget/optimize",
                                {{"client_id", a.client_id}, {"budget", 5000},
                                 {"channels", {{{"channel", "google_ads"}}}}}),
              201, "victim's budget optimization")["id"];
  // Four weeks of the victim's campaign at a CPA far above its target: a recommendation.
  require(victim_admin.post("/api/v1/campaigns/" + a.campaign_id + "/metrics",
                            {{"rows", metric_rows(4, 25)}}),
          200, "victim's metrics");
  json recommendations =
      require(victim_admin.post("/api/v1/campaign/optimize", {{"client_id", a.client_id},
                                                              {"target_cpa", 1},
                                                              {"as_of", "2024-05-29"}}),
              200, "victim's recommendations")["recommendations"];
  ASSERT_FALSE(recommendations.empty());
  std::string recommendation_id = recommendations[0]["id"];
  // A running experiment with results, so that every experiment operation could act on it.
  std::string experiment_id =
      require(victim_admin.post("/api/v1/experiments",
                                {{"client_id", a.client_id}, {"name", "Victim's test"},
                                 {"status", "running"},
                                 {"variants", {{{"name", "a"}, {"weight", 0.5}}, {{"name", "b"}, {"weight", 0.5}}}},
                                 {"metrics", {{{"name", "cvr"}, {"kind", "proportion"}}}}}),
              201, "victim's experiment")["id"];
  require(victim_admin.post("/api/v1/experiments/" + experiment_id + "/results",
                            {{"rows", json::array({{{"variant", "a"}, {"metric", "cvr"},
                                                    {"date", "2024-05-02"}, {"units", 100},
                                                    {"total", 7}}})}}),
          200, "victim's results");
  auto experiment_state = [&] {
    return victim_admin.get("/api/v1/experiments/" + experiment_id).body +
           victim_admin.get("/api/v1/experiments/" + experiment_id + "/results").body;
  };
  const std::string experiment_before = experiment_state();
  // Disabled, so no scheduled run changes the victim's data while the sweep runs.
  std::string rule_id =
      require(victim_admin.post("/api/v1/rules",
                                json::parse(std::string(R"({"client_id":")") + a.client_id +
                                            R"(","enabled":false,)" + kRule)),
              201, "victim's rule")["id"];
  auto a_before = snapshot(s, a);
  auto b_before = snapshot(s, b);
  HttpClient intruder = s.client(b.tenant.admin_key);

  const Ids victim{a.client_id, a.campaign_id, a.key_id, strategy_id, job_id, optimization_id,
                   recommendation_id, experiment_id, rule_id};
  const Ids nowhere{"nowhere-client", "cmp_nowhere0000000000000000", "key_nowhere000000000000000",
                    "str_nowhere000000000000000", "job_nowhere000000000000000",
                    "bo_nowhere000000000000000", "rec_nowhere00000000000000",
                    "exp_nowhere000000000000000", "rule_nowhere000000000000000"};
  for (const auto& probe : probes()) {
    SCOPED_TRACE(probe.method + " " + probe.path);
    std::vector<std::string> headers;
    if (probe.pattern == "/api/v1/imports") headers.push_back("Content-Type: text/csv");
    Response foreign = intruder.request(probe.method, fill(probe.path, victim),
                                        fill(probe.body, victim), headers);
    Response missing = intruder.request(probe.method, fill(probe.path, nowhere),
                                        fill(probe.body, nowhere), headers);
    switch (probe.expect) {
      case Expect::not_found:
        expect_problem(foreign, 404);
        break;
      case Expect::empty_page:
        ASSERT_EQ(foreign.status, 200) << foreign.describe();
        EXPECT_EQ(foreign.body_json()["items"], json::array()) << foreign.describe();
        break;
      case Expect::bad_client_id:
        expect_field_problem(foreign, 400, "client_id");
        break;
    }
    EXPECT_EQ(normalized(foreign, victim), normalized(missing, nowhere))
        << "another tenant's id is answered differently from a missing one";
  }

  EXPECT_EQ(snapshot(s, a), a_before) << "the victim's data changed";
  EXPECT_EQ(experiment_state(), experiment_before) << "the victim's experiment changed";
  EXPECT_EQ(snapshot(s, b), b_before) << "the intruder's requests stored something";
  // The victim's strategist key still works (DELETE /api-keys/{id} did not revoke it).
  EXPECT_EQ(s.client(a.key).get("/api/v1/clients").status, 200);
}

API_TEST_BACKENDS(ApiIsolation);

}  // namespace
}  // namespace api_test
