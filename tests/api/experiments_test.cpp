// /api/v1/experiments against the real binary: an experiment's life (draft → running → stopped,
// what may change when), who may see it, and bad input answered 400 (or 409) naming the field
// with nothing stored. The statistics of GET …/results are in experiment_results_test.cpp.
#include "experiment_fixtures.h"

namespace api_test {
namespace {

class ApiExperiments : public ExperimentTest {};

TEST_P(ApiExperiments, AnExperimentIsCreatedListedAndFoundWithItsDesign) {
  Response r = post_experiment(conversion_design("Headline test"));
  json created = require(r, 201, "create");
  const std::string id = created["id"];
  EXPECT_EQ(r.header("Location"), "/api/v1/experiments/" + id);
  EXPECT_EQ(created["status"], "draft");
  EXPECT_TRUE(created["started_at"].is_null());
  EXPECT_EQ(created["client_id"], client_id());
  EXPECT_EQ(created["variants"][0], (json{{"name", "control"}, {"weight", 0.5}}));
  EXPECT_EQ(created["metrics"][0]["role"], "primary");
  EXPECT_EQ(created["metrics"][0]["higher_is_better"], true);
  EXPECT_EQ(created["analysis"]["alpha"], 0.05) << "the engine's defaults are stored";
  EXPECT_EQ(created["analysis"]["correction"], "holm");
  EXPECT_TRUE(created["analysis"]["prior"].is_null()) << "flat";
  EXPECT_EQ(created["result_rows"], 0);
  EXPECT_EQ(require(admin().get("/api/v1/experiments/" + id), 200, "get"), created);

  json running = create(conversion_design("Already running", "running"));
  EXPECT_FALSE(running["started_at"].is_null());
  json page = require(admin().get("/api/v1/experiments?client_id=" + client_id()), 200, "list");
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["id"], running["id"]) << "newest first";
  EXPECT_FALSE(page["items"][0].contains("variants")) << "summaries only";
  page = require(admin().get("/api/v1/experiments?status=draft"), 200, "list drafts");
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["id"], id);
  page = require(admin().get("/api/v1/experiments?limit=1"), 200, "first page");
  ASSERT_FALSE(page["next_cursor"].is_null());
  page = require(admin().get("/api/v1/experiments?limit=1&cursor=" + page["next_cursor"].get<std::string>()),
                 200, "second page");
  EXPECT_EQ(page["items"][0]["id"], id);
}

TEST_P(ApiExperiments, StatusMovesFromDraftToRunningToStoppedAndNeverBack) {
  const std::string id = create(conversion_design("Life"))["id"];
  const std::string path = "/api/v1/experiments/" + id;
  // A draft may change everything.
  json changed = require(admin().patch(path, {{"name", "Life, renamed"},
                                              {"variants", {{{"name", "control"}, {"weight", 0.4}},
                                                            {{"name", "treatment"}, {"weight", 0.6}}}},
                                              {"analysis", {{"alpha", 0.1}, {"prior", {{"mean", 0}, {"variance", 0.04}}}}}}),
                         200, "patch draft");
  EXPECT_EQ(changed["name"], "Life, renamed");
  EXPECT_EQ(changed["variants"][1]["weight"], 0.6);
  EXPECT_EQ(changed["analysis"]["alpha"], 0.1);
  EXPECT_EQ(changed["analysis"]["correction"], "holm") << "analysis is merged, not replaced";
  EXPECT_EQ(changed["analysis"]["prior"], (json{{"mean", 0}, {"variance", 0.04}}));

  json running = require(admin().patch(path, {{"status", "running"}}), 200, "start");
  EXPECT_EQ(running["status"], "running");
  EXPECT_FALSE(running["started_at"].is_null());
  EXPECT_TRUE(running["ended_at"].is_null());
  // Running: the design's variants and metrics are fixed; the analysis defaults are not.
  expect_field_problem(admin().patch(path, {{"variants", {{{"name", "control"}, {"weight", 0.5}},
                                                          {{"name", "treatment"}, {"weight", 0.5}}}}}),
                       409, "variants");
  expect_field_problem(admin().patch(path, {{"metrics", {{{"name", "other"}, {"kind", "mean"}}}}}), 409,
                       "metrics");
  json same = require(admin().patch(path, {{"variants", changed["variants"]},
                                           {"hypothesis", "shorter is better"},
                                           {"analysis", {{"prior", nullptr}, {"engine", "bayesian"}}}}),
                      200, "unchanged variants and new analysis while running");
  EXPECT_EQ(same["hypothesis"], "shorter is better");
  EXPECT_TRUE(same["analysis"]["prior"].is_null()) << "null returns to the flat prior";
  EXPECT_EQ(same["analysis"]["engine"], "bayesian");
  EXPECT_EQ(same["analysis"]["alpha"], 0.1);
  expect_field_problem(admin().patch(path, {{"status", "draft"}}), 409, "status");

  json stopped = require(admin().patch(path, {{"status", "stopped"}}), 200, "stop");
  EXPECT_EQ(stopped["started_at"], running["started_at"]);
  EXPECT_FALSE(stopped["ended_at"].is_null());
  expect_field_problem(admin().patch(path, {{"status", "running"}}), 409, "status");
  EXPECT_EQ(require(admin().get(path), 200, "after refusals")["status"], "stopped");

  // A draft may be stopped without ever running.
  const std::string draft = create(conversion_design("Never ran"))["id"];
  json never = require(admin().patch("/api/v1/experiments/" + draft, {{"status", "stopped"}}), 200,
                       "stop a draft");
  EXPECT_TRUE(never["started_at"].is_null());
  EXPECT_FALSE(never["ended_at"].is_null());
}

TEST_P(ApiExperiments, DeletingAnExperimentDeletesItsResultsAndIsAudited) {
  const std::string id = create(conversion_design("Doomed", "running"))["id"];
  upload(id, {proportion_row("control", "2024-03-01", 100, 9), proportion_row("treatment", "2024-03-01", 100, 12)});
  EXPECT_EQ(admin().del("/api/v1/experiments/" + id).status, 204);
  expect_problem(admin().get("/api/v1/experiments/" + id), 404);
  expect_problem(admin().get("/api/v1/experiments/" + id + "/results"), 404);
  expect_problem(admin().del("/api/v1/experiments/" + id), 404);
  json audit = require(admin().get("/api/v1/audit-log"), 200, "audit");
  std::vector<std::string> actions;
  for (const auto& e : audit["items"]) {
    if (e["resource_id"] == id) actions.push_back(e["action"]);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"experiment.delete", "experiment.results",
                                               "experiment.create"}));
}

TEST_P(ApiExperiments, ADesignTheEngineCannotAnalyseIsRefusedNamingTheField) {
  json body = conversion_design("Bad weights");
  body["variants"][1]["weight"] = 0.6;
  expect_field_problem(post_experiment(body), 400, "variants[1].weight");
  body = conversion_design("Zero weight");
  body["variants"][0]["weight"] = 0;
  expect_field_problem(post_experiment(body), 400, "variants[0].weight");
  body = conversion_design("One variant");
  body["variants"] = {{{"name", "control"}, {"weight", 1}}};
  expect_field_problem(post_experiment(body), 400, "variants");
  body = conversion_design("Twins");
  body["variants"][1]["name"] = "control";
  expect_field_problem(post_experiment(body), 400, "variants[1].name");
  body = conversion_design("Same metric twice");
  body["metrics"].push_back(body["metrics"][0]);
  expect_field_problem(post_experiment(body), 400, "metrics[1].name");
  body = conversion_design("No metric");
  body["metrics"] = json::array();
  expect_field_problem(post_experiment(body), 400, "metrics");
  body = conversion_design("Unknown kind");
  body["metrics"][0]["kind"] = "median";
  expect_field_problem(post_experiment(body), 400, "metrics[0].kind");
  body = conversion_design("SRM on nothing");
  body["analysis"] = {{"srm_metric", "revenue"}};
  expect_field_problem(post_experiment(body), 400, "analysis.srm_metric");
  body = conversion_design("Bad correction");
  body["analysis"] = {{"correction", "bonferroni"}};
  expect_field_problem(post_experiment(body), 400, "analysis.correction");
  body = conversion_design("Nobody's");
  body["client_id"] = "nobody";
  expect_problem(post_experiment(body), 404);
  // A patch is checked the same way.
  const std::string id = create(conversion_design("Patched"))["id"];
  expect_field_problem(admin().patch("/api/v1/experiments/" + id,
                                     {{"variants", {{{"name", "control"}, {"weight", 0.5}},
                                                    {{"name", "treatment"}, {"weight", 0.4}}}}}),
                       400, "variants[1].weight");
  expect_field_problem(admin().patch("/api/v1/experiments/" + id, {{"analysis", {{"alpha", 2}}}}), 400,
                       "analysis.alpha");
  EXPECT_EQ(require(admin().get("/api/v1/experiments/" + id), 200, "unchanged")["variants"],
            conversion_design("")["variants"]);
  json page = require(admin().get("/api/v1/experiments"), 200, "list");
  EXPECT_EQ(page["items"].size(), 1u) << "nothing else was stored";
}

TEST_P(ApiExperiments, BadResultsAre400NamingTheRowAndNothingIsStored) {
  const std::string id = create(conversion_and_revenue_design("running"))["id"];
  upload(id, {proportion_row("control", "2024-03-01", 1000, 100),
              proportion_row("treatment", "2024-03-01", 1000, 120)});
  const std::string before = admin().get("/api/v1/experiments/" + id + "/results").body;
  const json good = proportion_row("control", "2024-03-02", 1000, 90);
  auto refused = [&](json rows, const std::string& field) {
    SCOPED_TRACE(field);
    expect_field_problem(admin().post("/api/v1/experiments/" + id + "/results", {{"rows", rows}}), 400,
                         field);
    EXPECT_EQ(admin().get("/api/v1/experiments/" + id + "/results").body, before) << "something was stored";
  };
  refused({good, proportion_row("treatment", "2024-03-02", -5, 0)}, "rows[1].units");
  refused({good, proportion_row("treatment", "2024-03-02", 10, 12)}, "rows[1].total");
  refused({good, proportion_row("treatment", "2024-03-02", 10, -1)}, "rows[1].total");
  refused({proportion_row("variant_c", "2024-03-02", 10, 1), good}, "rows[0].variant");
  json unknown_metric = good;
  unknown_metric["metric"] = "bounce_rate";
  refused({good, unknown_metric}, "rows[1].metric");
  json no_squares = good;
  no_squares["metric"] = "revenue";
  no_squares["total"] = 2500.0;
  refused(json::array({no_squares}), "rows[0].total_squares");
  refused({good, good}, "rows[1]");
  json bad_date = good;
  bad_date["date"] = "2024-02-30";
  refused(json::array({bad_date}), "rows[0].date");
  json half_covariate = good;
  half_covariate["covariate_total"] = 3.0;
  refused(json::array({half_covariate}), "rows[0].covariate_total");
  // Impossible sums over units: Σy² < (Σy)² / n.
  json impossible = revenue_row("treatment", "2024-03-02", 10, 100, 50);
  refused(json::array({impossible}), "rows");
  refused(json::array(), "rows");
  EXPECT_EQ(require(admin().get("/api/v1/experiments/" + id), 200, "counts")["result_rows"], 2);
}

TEST_P(ApiExperiments, ADraftOrStoppedExperimentTakesNoResults) {
  const std::string id = create(conversion_design("Not yet"))["id"];
  const json rows = json::array({proportion_row("control", "2024-03-01", 100, 9)});
  json problem = expect_field_problem(
      admin().post("/api/v1/experiments/" + id + "/results", {{"rows", rows}}), 400, "status");
  EXPECT_NE(problem["detail"].get<std::string>().find("start it"), std::string::npos) << problem;
  require(admin().patch("/api/v1/experiments/" + id, {{"status", "running"}}), 200, "start");
  upload(id, rows);
  require(admin().patch("/api/v1/experiments/" + id, {{"status", "stopped"}}), 200, "stop");
  expect_field_problem(admin().post("/api/v1/experiments/" + id + "/results",
                                    {{"rows", json::array({proportion_row("control", "2024-03-02", 100, 9)})}}),
                       400, "status");
  json stored = require(admin().get("/api/v1/experiments/" + id), 200, "get");
  EXPECT_EQ(stored["result_rows"], 1);
  EXPECT_EQ(stored["last_day"], "2024-03-01");
}

TEST_P(ApiExperiments, AClientViewerSeesOnlyItsOwnClientsExperiments) {
  const std::string mine = create(conversion_design("Mine", "running"))["id"];
  const std::string other_client = "other-" + random_hex(6);
  create_client(admin(), other_client);
  json theirs_body = conversion_design("Theirs", "running");
  theirs_body["client_id"] = other_client;
  const std::string theirs = create(theirs_body)["id"];
  HttpClient viewer = service().client(
      create_api_key(admin(), "portal", "client_viewer", client_id())["api_key"]);
  require(viewer.get("/api/v1/experiments/" + mine), 200, "own experiment");
  require(viewer.get("/api/v1/experiments/" + mine + "/results"), 200, "own results");
  Response foreign = viewer.get("/api/v1/experiments/" + theirs);
  Response missing = viewer.get("/api/v1/experiments/exp_nowhere000000000000000");
  expect_problem(foreign, 404);
  json a = foreign.body_json(), b = missing.body_json();
  EXPECT_EQ(a["title"], b["title"]);
  expect_problem(viewer.get("/api/v1/experiments/" + theirs + "/results"), 404);
  json page = require(viewer.get("/api/v1/experiments"), 200, "viewer's list");
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["id"], mine);
  EXPECT_EQ(require(viewer.get("/api/v1/experiments?client_id=" + other_client), 200, "other list")["items"],
            json::array());
  // A viewer reads; it does not change.
  expect_problem(viewer.patch("/api/v1/experiments/" + mine, {{"name", "mine now"}}), 403);
  expect_problem(viewer.post("/api/v1/experiments/" + mine + "/results",
                             {{"rows", json::array({proportion_row("control", "2024-03-01", 10, 1)})}}),
                 403);
  // A strategist bound to the other client cannot reach this one either.
  HttpClient bound = service().client(
      create_api_key(admin(), "their strategist", "strategist", other_client)["api_key"]);
  expect_problem(bound.del("/api/v1/experiments/" + mine), 404);
  expect_problem(bound.post("/api/v1/experiments/" + mine + "/results",
                            {{"rows", json::array({proportion_row("control", "2024-03-01", 10, 1)})}}),
                 404);
  require(admin().get("/api/v1/experiments/" + mine), 200, "still there");
}

API_TEST_BACKENDS(ApiExperiments);

}  // namespace
}  // namespace api_test
