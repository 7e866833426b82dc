// RFC 9457 problem details: the one shape every error leaves the service in.
// Handlers throw ProblemError(not_found("client 'acme'")); the server renders it as
// application/problem+json. Anything else a handler throws becomes a 500 whose body never
// carries the exception's text.
#pragma once

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"

namespace http {

// One invalid input field: {"field": "budget.daily_micros", "message": "must be positive"}.
struct FieldError {
  std::string field;
  std::string message;
};

struct Problem {
  int status = 500;
  std::string title;   // short, the same for every occurrence of this type
  std::string detail;  // this occurrence, for a human; omitted from the body when empty
  std::string type = "about:blank";  // or a URN such as "urn:strategist:problem:validation"
  std::vector<FieldError> errors;    // rendered as "errors": [{field, message}] when present
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. Retry-After, Allow
};

class ProblemError : public std::exception {
 public:
  explicit ProblemError(Problem p) : problem(std::move(p)) {}
  // The title and detail; for logs, never for the response.
  const char* what() const noexcept override;

  Problem problem;

 private:
  mutable std::string what_;
};

// The body is {"type", "title", "status", "detail"?, "instance" (the request path),
// "request_id", "errors"?}, with Content-Type application/problem+json and the extra headers.
Response render_problem(const Problem& problem, const Request& request);

// The reason phrase for a status code ("Not Found"); "Unknown" for codes we do not name.
const char* status_title(int status);

// Factories for the common cases. Titles are the status reason phrases; type is about:blank
// except where noted.
Problem bad_request(std::string detail, std::vector<FieldError> errors = {});  // with errors:
                                                         // type urn:strategist:problem:validation
Problem unauthorized(std::string detail = {});  // adds WWW-Authenticate: Bearer
Problem forbidden(std::string detail = {});
Problem not_found(std::string detail = {});
Problem method_not_allowed(const std::vector<std::string>& allowed);  // adds Allow
Problem conflict(std::string detail = {});
Problem payload_too_large(std::string detail = {});
Problem unprocessable(std::string detail, std::vector<FieldError> errors = {});  // 422, validation
Problem too_many_requests(int retry_after_seconds);  // adds Retry-After
Problem internal_error();  // detail "internal error"
Problem service_unavailable(std::string detail = {}, int retry_after_seconds = 0);

}  // namespace http
