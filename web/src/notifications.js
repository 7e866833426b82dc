// Rule notifications: while signed in (any role but client_viewer) a WebSocket follows the
// selected client and each `rule.fired` event (docs/live-updates.md) becomes a toast in an ARIA
// live region — "Rule 'X' fired for campaign Y: …" — linking to the rule's evaluation log; the
// rules list and an open log are re-read when the rules screen is on screen. The overview keeps
// its own connection (overview.js) for metrics and anomalies, which it opens and closes itself.
import { connectLive } from './live.js';

const MAX_TOASTS = 3;
let closeSocket = null; // outside Alpine's reactive state, like the charts
let toastSeq = 0;

export function notifications() {
  return {
    toasts: [], notifyStatus: 'off', notifyClient: '', notifyCampaigns: {},

    startNotifications() {
      if (!this.token || !this.clientId || this.isPortal()) { this.stopNotifications(); return; }
      if (closeSocket && this.notifyClient === this.clientId) return;
      this.stopNotifications();
      this.notifyClient = this.clientId;
      this.loadNotifyCampaigns();
      closeSocket = connectLive({
        token: this.token, clientId: this.clientId,
        onStatus: (s) => { this.notifyStatus = s; },
        onOpen: () => {},
        onEvent: (event) => this.onRuleEvent(event),
      });
    },
    stopNotifications() {
      if (closeSocket) closeSocket();
      closeSocket = null;
      this.notifyStatus = 'off'; this.notifyClient = ''; this.toasts = [];
    },
    async loadNotifyCampaigns() {
      try {
        const page = await this.api.get('/api/v1/campaigns', { client_id: this.clientId, limit: 200 });
        this.notifyCampaigns = Object.fromEntries(page.items.map((c) => [c.id, c.name]));
      } catch { this.notifyCampaigns = {}; }
    },
    onRuleEvent(event) {
      if (event.type !== 'rule.fired' || event.client_id !== this.clientId) return;
      const campaign = this.notifyCampaigns[event.campaign_id] || (this.campaignNames && this.campaignNames[event.campaign_id]) || event.campaign_id;
      // One run fires once per campaign: its firings share a toast ("… and 3 more campaigns").
      const same = this.toasts.find((t) => t.ruleId === event.rule_id && t.date === event.date);
      if (same) {
        this.toasts = this.toasts.map((t) => (t === same ? { ...t, more: t.more + 1 } : t));
      } else {
        toastSeq += 1;
        const toast = { key: `t${toastSeq}`, ruleId: event.rule_id, href: `#/rules/${encodeURIComponent(event.rule_id)}`,
          text: `Rule '${event.rule_name}' fired for campaign ${campaign}: ${event.description}`, date: event.date, more: 0 };
        this.toasts = [toast].concat(this.toasts).slice(0, MAX_TOASTS);
      }
      if (this.route === 'rules') {
        this.loadRules();
        if (this.ruleEditId === event.rule_id) this.loadRuleLog();
      }
    },
    toastMore(t) { return t.more > 0 ? `and ${t.more} more campaign${t.more === 1 ? '' : 's'} (the log has each)` : ''; },
    dismissToast(key) { this.toasts = this.toasts.filter((t) => t.key !== key); },
    // The link leads to the rule's log; when that is the current address already, open it directly.
    openToastRule(key) {
      const t = this.toasts.find((x) => x.key === key);
      if (!t) return;
      this.dismissToast(key);
      if (location.hash === t.href) this.openRuleLog(t.ruleId);
    },
  };
}
