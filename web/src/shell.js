// The shell: sign in (email + password, or an API key), the session, the client switcher,
// hash routing, and the error and field-error state every screen shares.
import { ApiError, createApi, tokenClaims } from './api.js';
import { focusMain } from './keyboard.js';

const TOKEN_KEY = 'strategist.token';
// Every tenant signed in to in this browser, { tenant_id: token }: the tenant switcher's list.
// A token is for one tenant, so switching tenant is switching token; expired ones are dropped.
const SESSIONS_KEY = 'strategist.sessions';
const CLIENT_KEY = 'strategist.client';
// Screens a client_viewer (the client portal) may open; everything else sends it to overview.
const PORTAL_ROUTES = ['overview', 'campaigns', 'campaign'];
const ROUTES = ['overview', 'campaigns', 'campaign', 'import', 'strategy', 'budget', 'optimization', 'experiments', 'experiment', 'rules'];

export function shell() {
  return {
    route: 'loading', routeParam: '',
    token: '', role: '', tenantId: '', boundClient: '',
    signinMode: 'password', tenant: 'demo', email: '', password: '', apiKey: '', signingIn: false,
    clients: [], clientId: '', clientsLoading: false,
    error: '', errors: {}, menuOpen: false,
    tenants: [], tenantChoice: '', addingTenant: false,

    init() {
      this.api = createApi(() => this.token, () => this.signOut('Your session has ended; sign in again.'));
      window.addEventListener('hashchange', () => this.onRoute());
      const saved = localStorage.getItem(TOKEN_KEY);
      const claims = saved && tokenClaims(saved);
      if (claims && claims.exp * 1000 > Date.now() + 30000) this.startSession(saved);
      else this.showSignin();
    },

    // ---- errors ----
    fail(e, fallback) {
      if (e instanceof ApiError) {
        this.errors = e.fieldErrors();
        this.error = Object.keys(this.errors).length ? e.message : (e.message || fallback);
      } else {
        this.error = fallback || String(e);
      }
    },
    clearErrors() { this.error = ''; this.errors = {}; },
    fieldError(name) { return this.errors[name] || ''; },
    hasFieldError(name) { return Boolean(this.errors[name]); },

    // ---- signing in ----
    showSignin() { this.route = 'signin'; this.clearErrors(); },
    useKey() { this.signinMode = 'key'; this.clearErrors(); },
    usePassword() { this.signinMode = 'password'; this.clearErrors(); },
    isKeyMode() { return this.signinMode === 'key'; },
    // ---- tenants: the sessions kept in this browser ----
    savedSessions() {
      let all = {};
      try { all = JSON.parse(localStorage.getItem(SESSIONS_KEY) || '{}') || {}; } catch (e) { all = {}; }
      const valid = {};
      for (const [tenant, token] of Object.entries(all)) {
        const claims = tokenClaims(token);
        if (claims && claims.exp * 1000 > Date.now() + 30000) valid[tenant] = token;
      }
      return valid;
    },
    storeSessions(sessions) {
      localStorage.setItem(SESSIONS_KEY, JSON.stringify(sessions));
      this.tenants = Object.keys(sessions).sort();
    },
    rememberSession(token) {
      const claims = tokenClaims(token) || {};
      if (!claims.tenant_id) return;
      const sessions = this.savedSessions();
      sessions[claims.tenant_id] = token;
      this.storeSessions(sessions);
    },
    hasOtherTenants() { return this.tenants.length > 1; },
    isCurrentTenant(t) { return t === this.tenantId; },
    async switchTenant() {
      const token = this.savedSessions()[this.tenantChoice];
      if (!token) { this.tenantChoice = this.tenantId; this.storeSessions(this.savedSessions()); return; }
      localStorage.setItem(TOKEN_KEY, token);
      this.stopLive();
      this.stopNotifications();
      await this.startSession(token);
    },
    addTenant() {
      this.addingTenant = true;
      this.tenant = ''; this.email = ''; this.password = ''; this.apiKey = '';
      this.showSignin();
    },
    cancelAddTenant() {
      this.addingTenant = false;
      this.clearErrors();
      this.route = 'loading';
      this.onRoute();
    },

    async signIn() {
      this.clearErrors();
      this.signingIn = true;
      // Empty fields are left out, so the service names the ones that are missing.
      const given = this.isKeyMode() ? { api_key: this.apiKey.trim() }
        : { tenant: this.tenant.trim(), email: this.email.trim(), password: this.password };
      const body = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ''));
      try {
        const answer = await this.api.post('/api/v1/auth/token', body);
        this.password = ''; this.apiKey = '';
        localStorage.setItem(TOKEN_KEY, answer.access_token);
        this.addingTenant = false;
        this.stopLive();
        this.stopNotifications();
        await this.startSession(answer.access_token);
        this.$nextTick(() => focusMain()); // the form that had focus is gone
      } catch (e) {
        this.fail(e, 'Sign in failed');
      } finally {
        this.signingIn = false;
      }
    },
    async startSession(token) {
      const claims = tokenClaims(token) || {};
      this.token = token;
      this.role = claims.role || '';
      this.tenantId = claims.tenant_id || '';
      this.boundClient = claims.client_id || '';
      this.rememberSession(token);
      this.tenantChoice = this.tenantId;
      this.route = 'loading';
      await this.loadClients();
      this.startNotifications();
      this.onRoute();
    },
    // Signs out of the current tenant; another tenant still signed in takes over.
    signOut(message) {
      const sessions = this.savedSessions();
      delete sessions[this.tenantId];
      this.storeSessions(sessions);
      localStorage.removeItem(TOKEN_KEY);
      this.stopLive();
      this.stopNotifications();
      const next = Object.keys(sessions).sort()[0];
      if (next && typeof message !== 'string') {
        localStorage.setItem(TOKEN_KEY, sessions[next]);
        this.startSession(sessions[next]);
        return;
      }
      this.token = ''; this.role = ''; this.clients = []; this.clientId = '';
      this.showSignin();
      if (typeof message === 'string') this.error = message;
    },
    isPortal() { return this.role === 'client_viewer'; },
    canWrite() { return this.role === 'admin' || this.role === 'strategist'; },
    roleLabel() { return this.isPortal() ? 'client portal' : this.role; },

    // ---- clients ----
    async loadClients() {
      this.clientsLoading = true;
      try {
        const page = await this.api.get('/api/v1/clients', { limit: 200 });
        this.clients = page.items;
      } catch (e) {
        this.fail(e, 'The clients could not be loaded');
        this.clients = [];
      } finally {
        this.clientsLoading = false;
      }
      const saved = localStorage.getItem(CLIENT_KEY);
      const ids = this.clients.map((c) => c.id);
      // A bound credential only ever sees its own client, whatever was saved before.
      if (this.boundClient) this.clientId = this.boundClient;
      else this.clientId = ids.includes(saved) ? saved : (ids[0] || '');
    },
    clientName() {
      const c = this.clients.find((x) => x.id === this.clientId);
      return c ? c.name : this.clientId;
    },
    currency() {
      const c = this.clients.find((x) => x.id === this.clientId);
      return c ? c.currency : 'USD';
    },
    switchClient() {
      localStorage.setItem(CLIENT_KEY, this.clientId);
      this.startNotifications();
      this.onRoute();
    },
    hasClients() { return this.clients.length > 0; },

    // ---- routing: #/overview, #/campaigns[/<id>], #/import, #/strategy[/<id>], #/budget[/<id>],
    //      #/optimization, #/rules, #/experiments[/<id>] ----
    onRoute() {
      if (!this.token) return this.showSignin();
      const [, name = 'overview', param = ''] = location.hash.split('/');
      let route = name === 'campaigns' && param ? 'campaign' : name;
      if (name === 'experiments' && param) route = 'experiment';
      if (!ROUTES.includes(route)) route = 'overview';
      if (this.isPortal() && !PORTAL_ROUTES.includes(route)) route = 'overview';
      this.clearErrors();
      this.menuOpen = false;
      this.route = route;
      this.routeParam = decodeURIComponent(param);
      if (route !== 'overview') this.stopLive();
      if (route === 'overview') this.openOverview();
      else if (route === 'campaigns') this.loadCampaigns();
      else if (route === 'campaign') this.loadCampaign(this.routeParam);
      else if (route === 'import') this.openImport();
      else if (route === 'strategy') this.openStrategy(this.routeParam);
      else if (route === 'budget') this.openBudget(this.routeParam);
      else if (route === 'optimization') this.openOptimization();
      else if (route === 'rules') this.openRules();
      else if (route === 'experiments') this.openExperiments();
      else if (route === 'experiment') this.openExperiment(this.routeParam);
    },
    is(route) { return this.route === route; },
    navClass(route) {
      const active = this.route === route || (route === 'campaigns' && this.route === 'campaign')
        || (route === 'experiments' && this.route === 'experiment');
      return active ? 'bg-blue-700 text-white' : 'text-slate-700 hover:bg-slate-200';
    },
    ariaCurrent(route) { return this.route === route ? 'page' : null; },
    toggleMenu() { this.menuOpen = !this.menuOpen; },
  };
}
