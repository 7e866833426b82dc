// The one way the dashboard talks to the service: JSON over /api/v1 with the bearer token.
// Every failure becomes an ApiError carrying the problem+json answer, so a screen can put
// `errors[].message` beside the control its `field` names (fieldErrors) and the rest in a banner.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }

  // {field: message} for the problem's `errors`; a field named twice keeps its first message.
  fieldErrors() {
    const out = {};
    for (const e of this.problem.errors || []) if (e.field && !(e.field in out)) out[e.field] = e.message;
    return out;
  }
}

// query: an object whose null/undefined/'' values are left out.
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// onUnauthorized is called on a 401 with a token (expired or revoked): the shell signs out.
export function createApi(getToken, onUnauthorized) {
  async function request(method, path, { query, json, body, contentType } = {}) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload = body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(json);
    } else if (contentType) {
      headers['Content-Type'] = contentType;
    }
    let response;
    try {
      response = await fetch(withQuery(path, query), { method, headers, body: payload });
    } catch (e) {
      throw new ApiError(0, { title: 'The service cannot be reached', detail: 'Check your connection and try again.' });
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    if (!response.ok) {
      if (response.status === 401 && token) onUnauthorized();
      throw new ApiError(response.status, data || { title: response.statusText });
    }
    return data;
  }
  return {
    get: (path, query) => request('GET', path, { query }),
    post: (path, json, query) => request('POST', path, { json, query }),
    patch: (path, json) => request('PATCH', path, { json }),
    del: (path) => request('DELETE', path),
    postText: (path, text, contentType, query) => request('POST', path, { body: text, contentType, query }),
  };
}

// The claims of a JWT (not verified here: the service verifies every request).
export function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
  } catch {
    return null;
  }
}
