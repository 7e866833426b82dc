// Campaigns: the list with filters and KPI sparklines (sparklines.js), one campaign's daily chart, metrics
// table and recommendations (their cards: optimization.js), and the CSV import with a preview, upload progress and the
// rows the service rejected.
import { draw, COLORS } from './charts.js';
import { ApiError } from './api.js';
import * as fmt from './format.js';
import { campaignSparklines, EMPTY_SPARK } from './sparklines.js';

const SPARK_DAYS = 30;
const PREVIEW_ROWS = 8;

// A naive split for the preview only: the service parses the file properly (RFC 4180).
function previewCsv(text) {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  return { header: (lines[0] || '').split(','), rows: lines.slice(1, 1 + PREVIEW_ROWS).map((l) => l.split(',')), total: Math.max(0, lines.length - 1) };
}

export function campaigns() {
  return {
    campaignList: [], campaignsLoading: false, campaignQuery: '', campaignPlatform: '', campaignStatus: '',
    sparklines: {},
    campaign: null, campaignMetrics: [], recommendations: [], campaignLoading: false,
    importFile: null, importName: '', importPreview: null, importProgress: 0, importing: false, importResult: null,

    async loadCampaigns() {
      if (!this.clientId) { this.campaignList = []; return; }
      this.campaignsLoading = true;
      try {
        const page = await this.api.get('/api/v1/campaigns', {
          client_id: this.clientId, q: this.campaignQuery, platform: this.campaignPlatform,
          status: this.campaignStatus, limit: 100, sort: 'name',
        });
        this.campaignList = page.items;
        this.loadSparklines();
      } catch (e) {
        this.campaignList = [];
        this.fail(e, 'The campaigns could not be loaded');
      } finally {
        this.campaignsLoading = false;
      }
    },
    async loadSparklines() {
      const to = fmt.isoDate(new Date());
      const from = fmt.daysBefore(to, SPARK_DAYS);
      const lines = {};
      const cur = this.currency();
      await Promise.all(this.campaignList.slice(0, 50).map(async (c) => {
        try {
          const m = await this.api.get(`/api/v1/campaigns/${encodeURIComponent(c.id)}/metrics`, { from, to });
          lines[c.id] = campaignSparklines(m.rows, cur, SPARK_DAYS);
        } catch { lines[c.id] = null; }
      }));
      this.sparklines = lines;
    },
    // One line of a row: kind is spend, conversions or ratio (CPA, or ROAS when the campaign tracks revenue).
    spark(id, kind) { const s = this.sparklines[id]; return s ? s[kind] : EMPTY_SPARK; },
    sparkline(id, kind) { return this.spark(id, kind || 'spend').points; },
    campaignRowsView() {
      return this.campaignList.map((c) => ({
        id: c.id, name: c.name, platform: fmt.platformName(c.platform), status: c.status,
        objective: c.objective.replace(/_/g, ' '),
        budget: c.daily_budget === null ? '—' : fmt.money(c.daily_budget, this.currency(), 2),
        href: `#/campaigns/${encodeURIComponent(c.id)}`,
      }));
    },
    campaignsEmpty() { return !this.campaignsLoading && this.campaignList.length === 0; },

    // ---- one campaign ----
    async loadCampaign(id) {
      this.campaignLoading = true;
      this.campaign = null;
      try {
        const to = fmt.isoDate(new Date());
        const [campaign, metrics, recs] = await Promise.all([
          this.api.get(`/api/v1/campaigns/${encodeURIComponent(id)}`),
          this.api.get(`/api/v1/campaigns/${encodeURIComponent(id)}/metrics`, { from: fmt.daysBefore(to, 60), to }),
          this.api.get('/api/v1/campaign/optimizations', { client_id: this.clientId, campaign_id: id }).catch(() => ({ items: [] })),
        ]);
        this.campaign = campaign;
        this.campaignMetrics = metrics.rows;
        this.recommendations = recs.items;
        this.loadMeasured(this.recommendations);
        this.$nextTick(() => this.drawCampaign());
      } catch (e) {
        this.fail(e, 'The campaign could not be loaded');
      } finally {
        this.campaignLoading = false;
      }
    },
    drawCampaign() {
      const rows = this.campaignMetrics;
      draw('chart-campaign', {
        type: 'bar',
        data: { labels: rows.map((r) => r.date), datasets: [
          { type: 'bar', label: 'Spend', data: rows.map((r) => r.spend), backgroundColor: '#93c5fd', yAxisID: 'y' },
          { type: 'line', label: 'Conversions', data: rows.map((r) => r.conversions), borderColor: COLORS[2], pointRadius: 0, yAxisID: 'y1' },
        ] },
        options: { scales: { y1: { position: 'right', grid: { drawOnChartArea: false } } } },
      });
    },
    campaignTitle() { return this.campaign ? this.campaign.name : ''; },
    campaignFacts() {
      const c = this.campaign;
      if (!c) return [];
      return [['Platform', fmt.platformName(c.platform)], ['Status', c.status], ['Objective', c.objective.replace(/_/g, ' ')],
        ['Daily budget', c.daily_budget === null ? '—' : fmt.money(c.daily_budget, this.currency(), 2)], ['Started', c.start_date || '—']];
    },
    metricRowsView() {
      const cur = this.currency();
      return this.campaignMetrics.slice().reverse().map((r) => ({
        date: r.date, impressions: fmt.count(r.impressions), clicks: fmt.count(r.clicks), spend: fmt.money(r.spend, cur, 2),
        conversions: fmt.count(r.conversions), roas: r.spend ? fmt.ratio(r.conversion_value / r.spend) : '—',
      }));
    },
    async analyseCampaign() {
      this.clearErrors();
      try {
        await this.api.post('/api/v1/campaign/optimize', { campaign_id: this.campaign.id });
        const recs = await this.api.get('/api/v1/campaign/optimizations', { client_id: this.clientId, campaign_id: this.campaign.id });
        this.recommendations = recs.items;
        this.loadMeasured(this.recommendations);
      } catch (e) { this.fail(e, 'The analysis failed'); }
    },

    // ---- CSV import ----
    openImport() { this.importPreview = null; this.importResult = null; this.importProgress = 0; this.importName = ''; },
    async chooseImportFile(event) {
      this.clearErrors();
      this.importResult = null;
      const file = event.target.files[0];
      if (!file) return;
      this.importFile = file;
      this.importName = `${file.name} (${fmt.count(file.size)} bytes)`;
      this.importPreview = previewCsv(await file.slice(0, 64 * 1024).text());
    },
    previewHeader() { return this.importPreview ? this.importPreview.header : []; },
    previewRows() { return this.importPreview ? this.importPreview.rows.map((cells, i) => ({ key: i, cells })) : []; },
    importReady() { return Boolean(this.importFile) && !this.importing; },
    // XMLHttpRequest rather than fetch: it reports upload progress for large files.
    uploadImport() {
      this.clearErrors();
      this.importing = true;
      this.importProgress = 0;
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/imports?client_id=${encodeURIComponent(this.clientId)}&create_campaigns=true`);
      xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('Content-Type', 'text/csv');
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) this.importProgress = Math.round((e.loaded / e.total) * 100); };
      xhr.onload = () => {
        this.importing = false;
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch { data = { detail: xhr.responseText }; }
        if (xhr.status >= 200 && xhr.status < 300) { this.importProgress = 100; this.importResult = data; }
        else this.fail(new ApiError(xhr.status, data || {}), 'The import failed');
      };
      xhr.onerror = () => { this.importing = false; this.error = 'The service cannot be reached'; };
      xhr.send(this.importFile);
    },
    importSummary() {
      const r = this.importResult;
      if (!r) return [];
      return [['Layout', r.format], ['Rows read', r.rows_read], ['Inserted', r.inserted], ['Updated', r.updated],
        ['Unchanged', r.unchanged], ['Rejected', r.rows_rejected], ['Campaigns created', r.campaigns_created]]
        .map(([k, v]) => ({ label: k, value: v === undefined || v === null ? '—' : String(v) }));
    },
    importNotes() { return this.importResult && this.importResult.notes ? this.importResult.notes.map((text, i) => ({ key: i, text: String(text) })) : []; },
    importRejections() {
      const r = this.importResult;
      return r && r.rejections ? r.rejections.map((x, i) => ({ key: i, line: x.line, column: x.column || '(row)', reason: x.reason })) : [];
    },
  };
}
