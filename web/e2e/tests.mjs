// The browser tests, in the order they run; each gets a fresh browser context.
import assert from 'node:assert/strict';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const BUDGET_BYTES = 300 * 1024;

async function signInWithPassword(page, service) {
  await page.goto(service.url + '/');
  await page.getByLabel('Agency (tenant)').fill(service.tenant);
  await page.getByLabel('Email').fill(service.email);
  await page.getByLabel('Password').fill(service.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
}

async function signInWithKey(page, service, key) {
  await page.goto(service.url + '/');
  await page.getByRole('tab', { name: 'API key' }).click();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
}

const kpi = (page, key) => page.locator(`[data-kpi="${key}"] [data-testid="kpi-value"]`);

async function waitForOverview(page) {
  await kpi(page, 'spend').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]').textContent === 'Live');
}

// A client_viewer key for demo-client and a second client it must not see (made once).
let portal = null;
async function portalSetup(service) {
  if (portal) return portal;
  await service.api('POST', '/api/v1/clients', JSON.stringify({ id: 'rival-client', name: 'Rival Brands Ltd', currency: 'USD', time_zone: 'UTC' }));
  await service.api('POST', '/api/v1/campaigns', JSON.stringify({ client_id: 'rival-client', name: 'Rival secret launch', platform: 'meta_ads', objective: 'sales_conversion' }));
  const key = await service.api('POST', '/api/v1/api-keys', JSON.stringify({ name: 'portal', role: 'client_viewer', client_id: 'demo-client' }));
  portal = { key: key.api_key };
  return portal;
}

export const tests = {
  async 'sign in: a missing password is shown beside the field, a wrong one in a banner'({ context, service }) {
    const page = await context.newPage();
    await page.goto(service.url + '/');
    await page.getByLabel('Email').fill(service.email);
    await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
    await page.locator('#err-password', { hasText: 'is required' }).waitFor();
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
    await page.getByRole('alert').filter({ hasText: /unknown tenant, email or password/ }).waitFor();
  },

  async 'sign in with email and password lands on the overview with its KPIs; desktop and phone screenshots'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    assert.match(await kpi(page, 'spend').textContent(), /^\$[\d,]+$/);
    assert.match(await page.locator('[data-kpi="roas"]').textContent(), /[▲▼].*vs/);
    await page.getByRole('heading', { name: 'Top campaigns by ROAS' }).waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'overview-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'overview-phone.png');
    // On a phone the menu is folded behind a button and opens from the keyboard.
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Campaigns' }).waitFor();
    await shot(page, 'menu-phone.png');
  },

  async 'the overview shows the period in use in its date inputs and filters by platform and by dates'({ context, service }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    // The date inputs hold the period the dashboard answered for, as its label states it.
    await page.waitForFunction(() => document.getElementById('f-from').value !== '');
    const [from, to] = [await page.locator('#f-from').inputValue(), await page.locator('#f-to').inputValue()];
    assert.match(await page.locator('section[aria-labelledby="overview-title"] > p').first().textContent(), new RegExp(`^${from} to ${to}`));
    const all = await kpi(page, 'spend').textContent();
    await page.locator('#f-platform').selectOption('google_ads');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction((before) => document.querySelector('[data-kpi="spend"] [data-testid="kpi-value"]').textContent !== before, all);
    const rows = await page.locator('table:has(th:text("ROAS index")) tbody tr').count();
    assert.equal(rows, 1);
    // A chosen range is sent and answered for: the last week of the period.
    const d = new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() - 6);
    const weekFrom = d.toISOString().slice(0, 10);
    await page.locator('#f-from').fill(weekFrom);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('section[aria-labelledby="overview-title"] > p', { hasText: `${weekFrom} to ${to}` }).waitFor();
    assert.equal(await page.locator('#f-from').inputValue(), weekFrom);
  },

  async 'a CSV import shows a preview and its rejected rows, and the open overview updates live'({ context, service, shot }) {
    const overview = await context.newPage();
    await signInWithPassword(overview, service);
    await waitForOverview(overview);
    const before = await kpi(overview, 'spend').textContent();

    const dashboard = await service.api('GET', '/api/v1/analytics/dashboard?client_id=demo-client');
    const day = dashboard.period.to;
    const csv = 'date,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value\n' +
      `${day},Holiday Launch | Search,google_ads,20000,900,25000.00,300,90000.00\n` +
      `${day},Broken row,google_ads,100,10,not-a-number,1,10\n`;

    const importer = await context.newPage();
    await importer.goto(service.url + '/#/import');
    await importer.getByLabel(/Export from Google Ads/).setInputFiles({ name: 'holiday.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await importer.locator('[data-testid="import-preview"] td', { hasText: 'Holiday Launch | Search' }).waitFor();
    await importer.getByRole('button', { name: 'Import' }).click();
    await importer.locator('[data-testid="import-result"]').waitFor();
    await importer.getByRole('cell', { name: /not a number|number/ }).first().waitFor();
    assert.equal(await importer.locator('progress').getAttribute('value'), '100');
    assert.match(await importer.locator('[data-testid="import-result"]').textContent(), /Layout\s*generic/);
    await shot(importer, 'import-desktop.png');

    // No reload: the overview hears metrics.ingested on the WebSocket and reads again.
    await overview.waitForFunction((b) => document.querySelector('[data-kpi="spend"] [data-testid="kpi-value"]').textContent !== b, before, { timeout: 15000 });
    await overview.locator('[data-testid="live-notice"]', { hasText: 'New metrics arrived' }).waitFor();
    const after = await kpi(overview, 'spend').textContent();
    const amount = (s) => Number(s.replace(/[^\d.]/g, ''));
    assert.ok(amount(after) >= amount(before) + 24000, `spend went from ${before} to ${after}`);
    await shot(overview, 'overview-live-update-desktop.png');
  },

  async 'campaigns: the list with sparklines and one campaign with its daily chart and metrics'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Search | Brand | US' }).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('polyline')].some((p) => p.getAttribute('points')));
    await shot(page, 'campaigns-desktop.png');
    await page.getByRole('link', { name: 'Search | Brand | US' }).click();
    await page.getByRole('heading', { name: 'Search | Brand | US' }).waitFor();
    await page.getByRole('heading', { name: 'Daily metrics' }).waitFor();
    assert.ok(await page.locator('table:has(th:text("Impr.")) tbody tr').count() > 20);
    await shot(page, 'campaign-desktop.png');
  },

  async 'strategy: the original design’s example (Holiday Campaign, 15,000 on Google Ads and Meta) shows its ROI'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Strategy' }).click();
    // An error from the API is shown beside the field it names.
    await page.locator('#b-budget').fill('-5');
    await page.getByRole('button', { name: 'Generate strategy' }).click();
    await page.locator('#err-budget').waitFor();
    await page.getByLabel('Campaign name').fill('Holiday Campaign');
    await page.getByLabel('Objective').selectOption('sales_conversion');
    await page.locator('#b-budget').fill('15000');
    await page.getByRole('checkbox', { name: 'Google Ads' }).check();
    await page.getByRole('checkbox', { name: 'Meta' }).check();
    await page.getByRole('button', { name: 'Generate strategy' }).click();
    await page.locator('[data-testid="strategy-roi"]').waitFor({ timeout: 60000 });
    assert.match(await page.locator('[data-testid="strategy-roi"]').textContent(), /^-?\d+%$/);
    assert.match(await page.locator('[data-testid="strategy-result"]').textContent(), /Holiday Campaign[\s\S]*Google Ads[\s\S]*Meta/);
    // The forecast per platform with its 80% interval, and the KPIs with their targets.
    const perPlatform = page.locator('[data-testid="strategy-platform-forecast"] tbody tr');
    assert.equal(await perPlatform.count(), 2);
    assert.match(await perPlatform.first().textContent(), /^Google Ads.*\$[\d,]+[\d,]+[\d,]+ – [\d,]+\$/);
    assert.match(await page.locator('[data-testid="strategy-kpis"]').textContent(), /CPA · Meta\$[\d,.]+/);
    await page.getByRole('link', { name: 'Holiday Campaign' }).first().waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'strategy-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'strategy-phone.png');
  },

  async 'budget optimizer: a bad bound is named in its row; the optimal split, its table and a response curve with both points'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Budget optimizer' }).click();
    await page.locator('[data-testid="budget-constraints"] tbody tr').first().waitFor();
    assert.ok(await page.locator('[data-testid="budget-constraints"] tbody tr').count() >= 2);
    await page.getByLabel('Budget over the period').fill('60000');
    // The constraints editor: a negative bound comes back named in its row, beside the field.
    await page.getByLabel('Min spend for Google Ads').fill('-5');
    await page.getByRole('button', { name: 'Optimize' }).click();
    await page.locator('[data-testid="budget-constraints"] .field-error', { hasText: /0/ }).first().waitFor();
    assert.equal(await page.getByLabel('Min spend for Google Ads').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Min spend for Google Ads').fill('');
    await page.getByLabel('Lock Meta at its current spend').check();
    await page.getByRole('button', { name: 'Optimize' }).click();
    await page.locator('[data-testid="budget-split"] tbody tr').first().waitFor({ timeout: 60000 });
    assert.match(await page.locator('[data-testid="budget-gain-percent"]').textContent(), /^[+-]?\d+\.\d%$|^—$/);
    assert.match(await page.locator('[data-testid="budget-spend"]').textContent(), /\$60,000/);
    const metaRow = page.locator('[data-testid="budget-split"] tbody tr', { hasText: 'Meta' });
    assert.match(await metaRow.textContent(), /locked|lock/i);
    // A response curve per channel, each drawn with the current and optimal points.
    await page.locator('[data-testid="budget-curve"] canvas').first().waitFor();
    assert.ok(await page.locator('[data-testid="budget-curve"]').count() >= 2);
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="budget-curve"] canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let green = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 30 && pixels[i + 1] > 100 && pixels[i + 1] < 140 && pixels[i + 2] > 70 && pixels[i + 2] < 110) green++;
      return green;
    });
    assert.ok(drawn > 20, `the optimal point (green) is drawn: ${drawn} pixels`);
    await page.locator('[data-testid="budget-saved"] li').first().waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'budget-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'budget-phone.png');
  },

  async 'optimization: run the analysis, apply one recommendation with its date and dismiss another'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Optimization' }).click();
    await page.getByRole('button', { name: 'Analyse all campaigns' }).click();
    await page.locator('[data-testid="opt-run"]', { hasText: 'recommendations' }).waitFor({ timeout: 60000 });
    const cards = page.locator('[data-testid="opt-recommendations"] [data-testid="recommendation"]');
    await cards.first().waitFor();
    assert.ok(await cards.count() >= 2, 'at least two recommendations');
    // Evidence with its period, and the expected impact, on every card.
    assert.match(await cards.first().textContent(), /Evidence[\s\S]*\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}[\s\S]*Expected impact/);
    await shot(page, 'optimization-desktop.png');
    const first = cards.first();
    const firstTitle = (await first.locator('h3').textContent()).replace(/^\d+\.\s*/, '');
    await first.getByRole('button', { name: /^Apply/ }).click();
    const day = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10);
    await first.getByLabel('Applied on').fill(day);
    await first.getByRole('button', { name: 'Confirm applied' }).click();
    await page.locator('[data-testid="recommendation"]', { hasText: firstTitle }).locator('[data-testid="rec-status"]', { hasText: 'applied' }).first().waitFor();
    await page.locator('[data-testid="recommendation"]', { hasText: firstTitle }).locator('[data-testid="measured-effect"]').first().waitFor();
    const second = cards.nth(1);
    const secondTitle = (await second.locator('h3').textContent()).replace(/^\d+\.\s*/, '');
    await second.getByRole('button', { name: /^Dismiss/ }).click();
    await page.locator('[data-testid="recommendation"]', { hasText: secondTitle }).locator('[data-testid="rec-status"]', { hasText: 'dismissed' }).first().waitFor();
    // The service recorded both.
    const applied = await service.api('GET', '/api/v1/campaign/optimizations?client_id=demo-client&status=applied');
    assert.ok(applied.items.some((r) => r.applied_on === day), 'applied with its day');
    const dismissed = await service.api('GET', '/api/v1/campaign/optimizations?client_id=demo-client&status=dismissed');
    assert.ok(dismissed.items.length >= 1);
    // A campaign's page shows the same cards, with their state and actions.
    const campaignId = applied.items.find((r) => r.applied_on === day).campaign_ids[0];
    const campaignPage = await context.newPage();
    await campaignPage.goto(`${service.url}/#/campaigns/${campaignId}`);
    const onCampaign = campaignPage.locator('[data-testid="recommendation"]', { hasText: firstTitle });
    await onCampaign.locator('[data-testid="rec-status"]', { hasText: 'applied' }).waitFor();
    assert.match(await onCampaign.textContent(), /Evidence[\s\S]*Expected impact[\s\S]*Measured effect/);
    await campaignPage.close();
    // The applied one is listed under its status, with its measured effect (pending or measured).
    await page.getByLabel('Show').selectOption('applied');
    await page.locator('[data-testid="measured-effect"]').first().waitFor();
    await page.waitForTimeout(200);
    await shot(page, 'optimization-applied-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'optimization-phone.png');
  },

  async 'rules: a rule written in the editor is dry-run, saved, listed, run now and logged; a bad window is named beside it'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Optimization', exact: true }).click();
    await page.getByRole('link', { name: 'Open the rules' }).click();
    await page.getByRole('heading', { name: /^Automation rules/ }).waitFor();
    await page.getByLabel('Rule name').fill('Trim busy campaigns');
    // A window of 0 days: the service names conditions[0].window_days, shown beside that field.
    await page.getByLabel('Condition 1 Window (days)').fill('0');
    await page.getByLabel('Condition 1 Threshold').fill('1');
    await page.getByRole('button', { name: 'Dry run the draft' }).click();
    await page.locator('#rc-0-window-err', { hasText: 'at least 1' }).waitFor();
    assert.equal(await page.getByLabel('Condition 1 Window (days)').getAttribute('aria-invalid'), 'true');
    // spend over the last 7 days > 1 → recommend −10% of the daily budget, not below 50.
    await page.getByLabel('Condition 1 Window (days)').fill('7');
    // A data guard longer than its window is named beside the guard.
    await page.getByLabel('Condition 1 At least days with data').fill('9');
    await page.getByRole('button', { name: 'Dry run the draft' }).click();
    await page.locator('#rc-0-min_days_with_data-err', { hasText: 'window_days' }).waitFor();
    assert.equal(await page.locator('#rc-0-window-err').isVisible(), false);
    await page.getByLabel('Condition 1 At least days with data').fill('');
    await page.getByLabel('Condition 1 At least conversions').fill('1');
    await page.getByLabel('When it fires').selectOption('recommend_budget_change');
    await page.getByLabel('Budget change (%)').fill('-10');
    await page.getByLabel('Min daily budget').fill('50');
    // Switched off, so the job queue does not run it behind the test's back; Run now still runs it.
    await page.getByLabel('Rule enabled').uncheck();
    await page.getByRole('button', { name: 'Dry run the draft' }).click();
    const dry = page.locator('[data-testid="rule-dry-run"]');
    await dry.locator('[data-testid="rule-firings"] tbody tr').first().waitFor();
    assert.equal(await page.locator('#rc-0-window-err').isVisible(), false);
    assert.match(await dry.textContent(), /Dry run of the rule as edited[\s\S]*fired: \d+/);
    const firingRows = await dry.locator('[data-testid="rule-firings"] tbody tr').count();
    assert.ok(firingRows > 1, `${firingRows} firings`);
    assert.match(await dry.locator('[data-testid="rule-firings"]').textContent(), /\$[\d,.]+ → \$50\.00 \(capped/);
    assert.match(await dry.locator('[data-testid="rule-spend-affected"]').textContent(), /^\$[\d,]+\.\d\d$/);
    assert.match(await page.locator('#rule-from').inputValue(), /^\d{4}-\d\d-\d\d$/);
    await page.waitForTimeout(200);
    await shot(page, 'rules-dry-run-desktop.png');
    // Saved, it is listed in words.
    await page.getByRole('button', { name: 'Save rule' }).click();
    const listed = page.locator('[data-testid="rule"]', { hasText: 'Trim busy campaigns' });
    await listed.waitFor();
    assert.equal(await listed.locator('[data-testid="rule-conditions"]').textContent(), 'When spend over the last 7 days > 1, given at least 1 conversions');
    assert.equal(await listed.locator('[data-testid="rule-action"]').textContent(), 'change the daily budget by -10% (not below $50.00)');
    assert.equal(await listed.locator('[data-testid="rule-last-run"]').textContent(), '—');
    // The stored rule's own dry run, then Run now: the log shows the firings.
    await page.getByRole('button', { name: 'Dry run the saved rule' }).click();
    await page.locator('[data-testid="rule-dry-run"] h2', { hasText: 'the saved rule' }).waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.locator('[data-testid="rule-run"]', { hasText: /judged as of \d{4}-\d\d-\d\d: \d+ evaluated, [1-9]\d* fired/ }).waitFor();
    const log = page.locator('[data-testid="rule-log-table"] tbody tr');
    await log.first().waitFor();
    assert.match(await page.locator('[data-testid="rule-log-table"]').textContent(), /lower the daily budget of[\s\S]*fired/);
    assert.notEqual(await listed.locator('[data-testid="rule-last-run"]').textContent(), '—');
    await page.getByLabel('Fired only').check();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="rule-log-table"] tbody tr')].every((tr) => tr.textContent.includes('fired')));
    await page.waitForTimeout(200);
    await shot(page, 'rules-log-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'rules-phone.png');
    await page.setViewportSize(DESKTOP);
    // Enabled from the list; then deleted, after a confirmation.
    await page.getByLabel('Enabled: Trim busy campaigns').check();
    await page.waitForFunction(() => !/Next run\s*off/.test(document.querySelector('[data-testid="rule"]').textContent));
    await page.getByRole('button', { name: 'Delete rule: Trim busy campaigns' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
    await listed.waitFor({ state: 'detached' });
  },

  async 'experiments: a running test with a clear winner shows ship, its chance to win and the interval plot'({ context, service, shot }) {
    const x = await service.api('POST', '/api/v1/experiments', JSON.stringify({
      client_id: 'demo-client', name: 'Shorter sign-up form', hypothesis: 'fewer fields convert more visitors',
      variants: [{ name: 'control', weight: 0.5 }, { name: 'short_form', weight: 0.5 }],
      metrics: [{ name: 'signup', kind: 'proportion' }, { name: 'revenue', kind: 'mean', role: 'secondary' }], status: 'running' }));
    const rows = [];
    for (const [date, c, t] of [['2026-03-01', 500, 600], ['2026-03-02', 510, 615], ['2026-03-03', 495, 590]]) {
      rows.push({ variant: 'control', metric: 'signup', date, units: 5000, total: c });
      rows.push({ variant: 'short_form', metric: 'signup', date, units: 5000, total: t });
      rows.push({ variant: 'control', metric: 'revenue', date, units: 5000, total: 61250.5, total_squares: 2318004.25 });
      rows.push({ variant: 'short_form', metric: 'revenue', date, units: 5000, total: 62250.5, total_squares: 2358004.25 });
    }
    await service.api('POST', `/api/v1/experiments/${x.id}/results`, JSON.stringify({ rows }));
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'Shorter sign-up form' }).click();
    await page.locator('[data-testid="decision-label"]', { hasText: 'Ship' }).waitFor();
    assert.match(await page.locator('[data-testid="experiment-decision"]').textContent(), /ship short_form[\s\S]*better: signup/);
    const signup = page.locator('[data-testid="experiment-metric"]', { hasText: 'signup' });
    const chance = await signup.locator('[data-testid="chance-to-win"]').textContent();
    assert.ok(Number(chance.replace(/[^\d.]/g, '')) > 95, `chance to beat control ${chance}`);
    assert.match(await signup.textContent(), /\+\d+\.\d% to \+\d+\.\d%/);
    // The forest plot: the interval's bar lies right of the no-change line (a clear winner).
    const bar = signup.locator('table svg line[stroke-width="4"]');
    const zero = signup.locator('table svg line[stroke-dasharray]');
    const pct = async (l, a) => Number((await l.getAttribute(a)).replace('%', ''));
    assert.ok(await pct(bar, 'x1') > await pct(zero, 'x1') && await pct(bar, 'x2') > await pct(bar, 'x1'), 'the interval is drawn right of 0');
    assert.match(await page.locator('[data-testid="srm"]').textContent(), /No sample ratio mismatch/);
    // The Bayesian engine for this answer only: the lift's interval is then its credible interval.
    await page.getByLabel('Analysis engine').selectOption('bayesian');
    await page.getByText('Analysed with the bayesian engine').waitFor();
    assert.match(await page.locator('[data-testid="experiment-decision"]').textContent(), /short_form/);
    const bayesChance = await signup.locator('[data-testid="chance-to-win"]').textContent();
    assert.ok(Number(bayesChance.replace(/[^\d.]/g, '')) > 95, `Bayesian chance to beat control ${bayesChance}`);
    assert.match(await page.locator('dd', { hasText: /frequentist.*\(shown with bayesian\)/ }).textContent(), /shown with bayesian/);
    await page.waitForTimeout(200);
    await shot(page, 'experiment-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    // On a phone each variant is a block of its own, the chance to win in view without scrolling sideways.
    assert.ok(await signup.locator('dt', { hasText: 'Chance to beat control' }).isVisible());
    await shot(page, 'experiment-phone.png');
    // The create form names a bad weight beside the variants field.
    await page.setViewportSize(DESKTOP);
    await page.getByRole('link', { name: 'All experiments' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Bad weights');
    await page.getByLabel(/^Variants/).fill('control=0.5, b=0.6');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    await page.locator('#err-x-variants', { hasText: 'weight' }).waitFor();
    await shot(page, 'experiments-desktop.png');
  },

  async 'the overview loads under 300 KB of compressed JavaScript and CSS'({ context, service }) {
    const page = await context.newPage();
    const assets = [];
    page.on('response', (r) => { if (/\.(js|css)(\?|$)/.test(r.url())) assets.push(r); });
    await signInWithPassword(page, service);
    await waitForOverview(page);
    let total = 0;
    for (const r of assets) {
      const sizes = await r.request().sizes();
      total += sizes.responseBodySize;
      if (r.url().includes('/static/app/')) assert.equal(r.headers()['content-encoding'], 'gzip', r.url());
    }
    console.log(`     compressed JS + CSS on the overview's first load: ${total} bytes in ${assets.length} files`);
    assert.ok(assets.length >= 2 && total > 0 && total < BUDGET_BYTES, `${total} bytes`);
  },

  async 'installable: the manifest, its icons and the service worker are served'({ context, service }) {
    const page = await context.newPage();
    await page.goto(service.url + '/');
    const manifest = await (await page.request.get(service.url + '/static/app/manifest.webmanifest')).json();
    assert.equal(manifest.display, 'standalone');
    for (const icon of manifest.icons) assert.equal((await page.request.get(service.url + icon.src)).status(), 200, icon.src);
    await page.waitForFunction(async () => Boolean(await navigator.serviceWorker.getRegistration()), null, { timeout: 10000 });
  },

  async 'a client_viewer lands on its own client and cannot reach another client'({ context, service, shot }) {
    const { key } = await portalSetup(service);
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await signInWithKey(page, service, key);
    await waitForOverview(page);
    assert.equal(await page.locator('[data-testid="portal-client"]').textContent(), 'Northwind Outdoor Co.');
    assert.equal(await page.locator('#client-switcher').count(), 0);
    await shot(page, 'portal-phone.png');
    // No import, and a hand-typed route or a saved client does not lead elsewhere.
    assert.equal(await page.getByRole('link', { name: 'Import CSV' }).isVisible(), false);
    await page.evaluate(() => { localStorage.setItem('strategist.client', 'rival-client'); location.hash = '#/import'; });
    await page.reload();
    await waitForOverview(page);
    assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /Northwind Outdoor Co\./);
    // The API behind it refuses the other client as if it did not exist.
    const answers = await page.evaluate(async () => {
      const token = localStorage.getItem('strategist.token');
      const get = (p) => fetch(p, { headers: { Authorization: `Bearer ${token}` } }).then(async (r) => [r.status, await r.text()]);
      return [await get('/api/v1/analytics/dashboard?client_id=rival-client'), await get('/api/v1/clients/rival-client'),
        await get('/api/v1/campaigns?client_id=rival-client'), await get('/api/v1/clients')];
    });
    assert.deepEqual(answers.slice(0, 2).map((a) => a[0]), [404, 404]);
    for (const [, body] of answers.slice(2)) assert.doesNotMatch(body, /rival|Rival/);
    await page.setViewportSize(DESKTOP);
    await shot(page, 'portal-desktop.png');
  },

  async 'strategy, advanced brief: targets, margin, a Meta cap and assets; errors beside the bound; A/B plan, copy lengths, confidence drivers, assumptions'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Strategy' }).click();
    await page.locator('#b-budget').fill('15000');
    await page.getByRole('checkbox', { name: 'Google Ads' }).check();
    await page.getByRole('checkbox', { name: 'Meta' }).check();
    // The API's errors come back beside the advanced fields, a bound's in its platform's row.
    await page.getByLabel('ROAS target (×)').fill('0');
    await page.getByLabel('Maximum budget for Meta').fill('-5');
    await page.getByRole('button', { name: 'Generate strategy' }).click();
    await page.locator('#err-b-target_roas').waitFor();
    await page.locator('#bb-meta_ads-max-err').waitFor();
    assert.equal(await page.getByLabel('Maximum budget for Meta').getAttribute('aria-invalid'), 'true');
    assert.notEqual(await page.getByLabel('Maximum budget for Google Ads').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('CPA target').fill('40');
    await page.getByLabel('ROAS target (×)').fill('3');
    await page.getByLabel('Gross margin (0–1)').fill('0.4');
    await page.getByLabel('Minimum budget for Meta').fill('2000');
    await page.getByLabel('Maximum budget for Meta').fill('5000');
    await page.getByRole('checkbox', { name: 'video' }).check();
    await page.getByRole('button', { name: 'Generate strategy' }).click();
    await page.locator('[data-testid="strategy-ab-tests"] li').first().waitFor({ timeout: 60000 });
    assert.notEqual(await page.getByLabel('Maximum budget for Meta').getAttribute('aria-invalid'), 'true');
    // Meta is held at its cap in the plan.
    assert.match(await page.locator('table:has(th:text("Bidding")) tbody tr', { hasText: 'Meta' }).textContent(), /\$5,000/);
    // The A/B plan: hypothesis, metric, sample per arm and days needed.
    const test = page.locator('[data-testid="strategy-ab-tests"] li').first();
    assert.match(await test.textContent(), /Headline angle[\s\S]*lifts[\s\S]*Metric\s*ctr/);
    assert.match(await test.locator('[data-testid="ab-sample"]').textContent(), /^[\d,]+ (impressions|clicks) per arm$/);
    assert.match(await test.locator('[data-testid="ab-days"]').textContent(), /^\d+ days$/);
    // Copy per platform with its length against the limit, never over it.
    const lengths = await page.locator('[data-testid="copy-length"]').allTextContents();
    assert.ok(lengths.length >= 4, `copy variants: ${lengths.length}`);
    for (const l of lengths) {
      const [used, limit] = l.split('/').map(Number);
      assert.ok(used > 0 && used <= limit, `copy length ${l}`);
    }
    assert.match(await page.locator('[data-testid="strategy-copy"]').textContent(), /Google Ads[\s\S]*30[\s\S]*Meta/);
    // Confidence with its drivers, and the defaults the planner took (the value from the targets).
    assert.match(await page.locator('[data-testid="strategy-confidence-drivers"]').textContent(), /forecast\s*× 0\.\d\d[\s\S]*assumed inputs/);
    assert.match(await page.locator('[data-testid="strategy-assumptions"]').textContent(), /value_per_conversion\s*120\.00/);
    await page.locator('[data-testid="strategy-ab-tests"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, 'strategy-advanced-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'strategy-advanced-phone.png');
  },

  async 'budget optimizer, plan ahead: options, 90% outcome intervals, a week-by-week plan; constraints as cards on a phone; a new platform on benchmark priors'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Budget optimizer' }).click();
    await page.locator('[data-testid="budget-constraints"] tbody tr').first().waitFor();
    assert.match(await page.locator('[data-testid="constraint-source"]').first().textContent(), /fitted|prior/);
    await page.getByLabel('Budget over the period').fill('60000');
    await page.getByLabel('Default max × current spend').fill('2');
    await page.getByLabel('Plan ahead (weeks').fill('3');
    await page.getByLabel("Keep each platform's learning-phase spend").uncheck();
    await page.getByRole('button', { name: 'Optimize' }).click();
    await page.locator('[data-testid="budget-plan-weeks"] tbody tr').first().waitFor({ timeout: 60000 });
    // Fitted channels carry a 90% interval on their outcome.
    assert.match(await page.locator('[data-testid="budget-interval"]').first().textContent(), /^90%: [\d,]+ – [\d,]+ → [\d,]+ – [\d,]+$/);
    // Three weeks, each dated, with spend per channel, the week's total and the carry-over.
    const weeks = page.locator('[data-testid="budget-plan-weeks"] tbody tr');
    assert.equal(await weeks.count(), 3);
    assert.match(await weeks.first().textContent(), /^1 · \d{4}-\d{2}-\d{2}\s*\$[\d,]+/);
    assert.match(await page.locator('[data-testid="budget-plan-weeks"] thead').textContent(), /Google Ads[\s\S]*Carried over/);
    assert.match(await page.locator('[data-testid="budget-plan"]').textContent(), /Carried over from past spend\s*[\d,]+/);
    const planBars = await page.evaluate(() => {
      const c = document.getElementById('chart-budget-plan');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let blue = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] > 50 && d[i + 1] < 100 && d[i + 2] > 190) blue++;
      return blue;
    });
    assert.ok(planBars > 200, `the weekly plan's bars are drawn: ${planBars} blue pixels`);
    await page.locator('[data-testid="budget-plan"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, 'budget-plan-desktop.png');
    // On a phone each channel's constraints are a card: nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await page.locator('[data-testid="budget-constraints"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const widths = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="budget-constraints-box"]');
      return { box: box.scrollWidth - box.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth };
    });
    assert.deepEqual(widths, { box: 0, page: 0 });
    assert.ok(await page.getByLabel('Max spend for Meta').isVisible());
    await shot(page, 'budget-constraints-phone.png');
    await page.setViewportSize(DESKTOP);
    // A client with no history: platforms are added by hand and enter on benchmark priors.
    await service.api('POST', '/api/v1/clients', JSON.stringify({ id: 'zeta-launch', name: 'Zeta Launch Co', currency: 'USD', time_zone: 'UTC', industry: 'retail' }));
    await page.reload();
    await page.locator('#client-switcher option[value="zeta-launch"]').waitFor({ state: 'attached' });
    await page.locator('#client-switcher').selectOption('zeta-launch');
    await page.getByText('No channels with spend for this client yet.').waitFor();
    await page.getByLabel('Add a platform not used yet').selectOption('google_ads');
    await page.getByRole('button', { name: 'Add platform' }).click();
    await page.getByLabel('Add a platform not used yet').selectOption('meta_ads');
    await page.getByRole('button', { name: 'Add platform' }).click();
    assert.equal(await page.locator('[data-testid="budget-constraints"] tbody tr').count(), 2);
    assert.match(await page.locator('[data-testid="constraint-source"]').first().textContent(), /benchmark prior/);
    await page.getByLabel('Budget over the period').fill('20000');
    await page.getByLabel('Max spend for Meta').fill('8000');
    await page.getByRole('button', { name: 'Optimize' }).click();
    await page.locator('[data-testid="budget-split"] tbody tr').first().waitFor({ timeout: 60000 });
    const rows = await page.locator('[data-testid="budget-split"] tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    for (const r of rows) assert.match(r, /benchmark prior/);
    assert.match(await page.locator('[data-testid="budget-spend"]').textContent(), /\$20,000/);
    await shot(page, 'budget-new-platform-desktop.png');
  },

  async 'optimization, details: window and checks in the run; an ab_test card with its test plan; confidence drivers; a rule recommendation links to its rule, no impact'({ context, service, shot }) {
    // A rule that fires for every campaign (switched off, so the job queue leaves it alone).
    const rule = await service.api('POST', '/api/v1/rules', JSON.stringify({ client_id: 'demo-client', name: 'E2E trim spenders', enabled: false,
      conditions: [{ metric: 'spend', window_days: 7, comparison: 'gt', threshold: 1 }], action: { kind: 'recommend_budget_change', percent: -10, min_daily_budget: 50 } }));
    await service.api('POST', `/api/v1/rules/${rule.id}/run`);
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Optimization' }).click();
    // A window out of range comes back beside the window field.
    await page.getByLabel('Analysis window (days').fill('3');
    await page.getByRole('button', { name: 'Analyse all campaigns' }).click();
    await page.locator('#err-opt-window').waitFor();
    assert.equal(await page.getByLabel('Analysis window (days').getAttribute('aria-invalid'), 'true');
    // 60 days, ROAS against a high target and the tests only: a landing-page test is proposed.
    await page.getByLabel('Analysis window (days').fill('60');
    await page.getByLabel('Target ROAS (optional)').fill('50');
    await page.getByRole('checkbox', { name: 'roas vs target' }).check();
    await page.getByRole('checkbox', { name: 'ab test' }).check();
    await page.getByRole('button', { name: 'Analyse all campaigns' }).click();
    await page.locator('[data-testid="opt-run"]', { hasText: 'Window' }).waitFor({ timeout: 60000 });
    assert.match(await page.locator('[data-testid="opt-run"]').textContent(), /Window (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/);
    const [, first, last] = /Window (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(await page.locator('[data-testid="opt-run"]').textContent());
    assert.equal((Date.parse(last) - Date.parse(first)) / 86400000 + 1, 60);
    const cards = page.locator('[data-testid="opt-recommendations"] [data-testid="recommendation"]');
    const abCard = cards.filter({ has: page.locator('[data-testid="rec-test"]:visible') }).first();
    await abCard.waitFor();
    const plan = await abCard.locator('[data-testid="rec-test"]').textContent();
    assert.match(plan, /Hypothesis\s*a better landing page[\s\S]*Metric\s*conversion rate[\s\S]*Baseline\s*[\d.]+%[\s\S]*Detectable effect\s*20%[\s\S]*Sample per arm\s*[\d,]+ clicks[\s\S]*Days needed\s*\d+/);
    // Its confidence drivers, in a disclosure.
    await abCard.getByText('Why this confidence').click();
    assert.match(await abCard.locator('[data-testid="rec-drivers"] li').first().textContent(), /^\w[\w ]*: × \d\.\d\d/);
    await abCard.scrollIntoViewIfNeeded();
    await shot(page, 'optimization-abtest-desktop.png');
    // The rule's recommendation: its rule linked, no expected impact.
    const ruleCard = cards.filter({ hasText: 'E2E trim spenders' }).first();
    await ruleCard.waitFor();
    assert.match(await ruleCard.locator('[data-testid="rec-rule"]').textContent(), /E2E trim spenders\s*fired on \d{4}-\d{2}-\d{2} · recommend budget change/);
    assert.equal(await ruleCard.locator('[data-testid="rec-rule"] a').getAttribute('href'), '#/rules');
    assert.equal(await ruleCard.getByText('Expected impact').isVisible(), false);
    assert.equal(await ruleCard.locator('[data-testid="rec-test"]').isVisible(), false);
    await ruleCard.getByText('Why this confidence').click();
    assert.match(await ruleCard.locator('[data-testid="rec-drivers"]').textContent(), /rule: × 1\.00 — a rule you defined fired/);
    await page.setViewportSize(PHONE);
    await ruleCard.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, 'optimization-rule-phone.png');
    await ruleCard.locator('[data-testid="rec-rule"] a').click();
    await page.getByRole('heading', { level: 1, name: /Automation rules/ }).waitFor();
  },

  async 'rules: guards on impressions and clicks, goals and statuses in scope, every evaluation of a dry run, the log with its values'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Automation rules' }).click();
    await page.getByRole('heading', { name: /^Automation rules/ }).waitFor();
    await page.getByLabel('Rule name').fill('CPA drift watch');
    await page.getByLabel('Condition 1 Metric').selectOption('cpa');
    await page.getByLabel('Condition 1 Measure').selectOption('change_percent');
    await page.getByLabel('Condition 1 Threshold').fill('-100');
    // A negative clicks guard is named beside that guard.
    await page.getByLabel('Condition 1 At least clicks').fill('-1');
    await page.getByRole('button', { name: 'Dry run the draft' }).click();
    await page.locator('#rc-0-min_clicks-err', { hasText: 'at least 0' }).waitFor();
    assert.equal(await page.getByLabel('Condition 1 At least clicks').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Condition 1 At least clicks').fill('5');
    await page.getByLabel('Condition 1 At least impressions').fill('100');
    await page.getByLabel('Goal sales conversion').check();
    await page.getByLabel('Campaign status paused').check();
    await page.getByLabel('Rule enabled').uncheck();
    await page.getByRole('button', { name: 'Dry run the draft' }).click();
    const every = page.locator('[data-testid="rule-dry-run-evaluations"]');
    await every.waitFor();
    assert.equal(await every.locator('tbody').isVisible(), false, 'the list is folded until opened');
    await every.locator('summary').click();
    await every.locator('tbody tr').first().waitFor();
    assert.match(await every.locator('tbody').textContent(), /1: held, observed -?[\d.]+ \(current [\d.]+, previous [\d.]+\)/);
    await page.getByRole('button', { name: 'Save rule' }).click();
    const listed = page.locator('[data-testid="rule"]', { hasText: 'CPA drift watch' });
    await listed.waitFor();
    assert.equal(await listed.locator('[data-testid="rule-conditions"]').textContent(),
      'When CPA change over the last 7 days vs the 7 days before > -100%, given at least 100 impressions, 5 clicks');
    assert.match(await listed.textContent(), /objective sales conversion · status active, paused/);
    // Stored as sent: the API has the guards and the scope.
    const stored = (await service.api('GET', '/api/v1/rules?client_id=demo-client&limit=200')).items.find((r) => r.name === 'CPA drift watch');
    assert.deepEqual([stored.conditions[0].guard.min_impressions, stored.conditions[0].guard.min_clicks], [100, 5]);
    assert.deepEqual([stored.scope.objectives, stored.scope.statuses], [['sales_conversion'], ['active', 'paused']]);
    // The log shows each condition's observed, current and previous values.
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.locator('[data-testid="rule-log-conditions"]').first().waitFor();
    assert.match(await page.locator('[data-testid="rule-log-conditions"]').first().textContent(), /^1: \w+(, observed -?[\d.]+ \(current [\d.]+, previous [\d.]+\))?/);
    assert.match(await page.locator('[data-testid="rule-log-table"]').textContent(), /observed -?[\d.]+ \(current/);
    await page.waitForTimeout(200);
    await shot(page, 'rules-guards-desktop.png');
    await service.api('DELETE', `/api/v1/rules/${stored.id}`);
  },

  async 'live: a rule firing while the rules screen is open shows a notification linking to its log, and the list refreshes'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Automation rules' }).click();
    await page.getByRole('heading', { name: /^Automation rules/ }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="rule-list"]').textContent.includes('Live ping'));
    // Made and run from outside the page: the page learns of it only over the WebSocket.
    const rule = await service.api('POST', '/api/v1/rules', JSON.stringify({
      client_id: 'demo-client', name: 'Live ping', enabled: false,
      conditions: [{ metric: 'spend', window_days: 7, comparison: 'gt', threshold: 0 }],
      action: { kind: 'notify' }, schedule: { cadence: 'daily', hour: 6 }, cooldown_days: 0 }));
    const ran = await service.api('POST', `/api/v1/rules/${rule.id}/run`, '{}');
    assert.ok(ran.fired > 0, `${ran.fired} fired`);
    const toast = page.locator('[data-testid="toast"]', { hasText: "Rule 'Live ping' fired for campaign" }).first();
    await toast.waitFor();
    assert.equal(await page.locator('[data-testid="toasts"]').getAttribute('aria-live'), 'polite');
    // Campaigns by name, not id.
    assert.doesNotMatch(await toast.textContent(), /cmp_/);
    const listed = page.locator('[data-testid="rule"]', { hasText: 'Live ping' });
    await listed.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="rule"]')].some((r) => r.textContent.includes('Live ping')
      && !/Last run\s*—/.test(r.textContent)));
    await page.waitForTimeout(200);
    await shot(page, 'rules-live-toast-desktop.png');
    await toast.getByRole('link', { name: "Open the rule's log" }).click();
    await page.waitForFunction((id) => location.hash === `#/rules/${id}`, rule.id);
    await page.locator('#rule-log-title', { hasText: 'Live ping' }).waitFor();
    await page.locator('[data-testid="rule-log-table"] tbody tr').first().waitFor();
    // A second run while its log is open: the log grows with no reload.
    const before = await page.locator('[data-testid="rule-log-table"] tbody tr').count();
    await service.api('POST', `/api/v1/rules/${rule.id}/run`, '{}');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="rule-log-table"] tbody tr').length > n, before);
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'rules-live-toast-phone.png');
    await service.api('DELETE', `/api/v1/rules/${rule.id}`);
  },

  async 'experiments: the power planner, results uploaded from a CSV with a bad row named beside it, analysis overrides with CUPED and the sequential interval, stop after a confirmation'({ context, service, shot }) {
    const x = await service.api('POST', '/api/v1/experiments', JSON.stringify({
      client_id: 'demo-client', name: 'Checkout copy', variants: [{ name: 'control', weight: 0.5 }, { name: 'urgent', weight: 0.5 }],
      metrics: [{ name: 'purchase', kind: 'proportion' }], analysis: { cuped: true }, status: 'running' }));
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    await page.getByRole('link', { name: 'Experiments' }).click();
    // The planner: a rate out of range is named beside the baseline; then 10% → +5% at 2,000 a day.
    const planner = page.locator('[data-testid="power-planner"]');
    await page.getByLabel("Baseline (control's rate or mean)").fill('1.5');
    await planner.getByRole('button', { name: 'Plan' }).click();
    await page.locator('#err-pw-baseline', { hasText: '(0, 1)' }).waitFor();
    assert.equal(await page.getByLabel("Baseline (control's rate or mean)").getAttribute('aria-invalid'), 'true');
    await page.getByLabel("Baseline (control's rate or mean)").fill('0.1');
    await page.getByLabel('Daily traffic (units a day)').fill('2000');
    await page.getByLabel('Units you can get in all').fill('20000');
    await planner.getByRole('button', { name: 'Plan' }).click();
    const answer = page.locator('[data-testid="power-answer"]');
    await answer.locator('li').first().waitFor();
    assert.match(await answer.textContent(), /115,483 units in total \(control 57,742, treatment_1 57,742\)[\s\S]*58 days[\s\S]*detects a 12\.2% effect/);
    await shot(page, 'experiments-planner-desktop.png');
    // Results from a CSV file; row 3 claims more purchases than units: named beside row 3, nothing stored.
    await page.getByRole('link', { name: 'Checkout copy' }).click();
    await page.getByRole('heading', { name: 'Add daily results' }).waitFor();
    const csv = ['date,variant,metric,units,total,covariate_total,covariate_squares,covariate_cross'];
    for (const [date, c, t] of [['2026-03-01', 500, 600], ['2026-03-02', 510, 615], ['2026-03-03', 495, 590]]) {
      csv.push(`${date},control,purchase,5000,${c},400,400,120`);
      csv.push(`${date},urgent,purchase,5000,${t},410,410,130`);
    }
    csv[3] = '2026-03-02,control,purchase,5000,5100,400,400,120';
    await page.getByLabel(/^Results CSV file/).setInputFiles({ name: 'checkout.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n') + '\n') });
    await page.getByText('Read 6 rows from checkout.csv').waitFor();
    await page.getByRole('button', { name: 'Send results' }).click();
    const row3 = page.locator('[data-testid="results-row"]').nth(2);
    await row3.locator('#up-row-2-err', { hasText: 'total' }).waitFor();
    assert.equal(await page.getByLabel('Row 3 total', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.notEqual(await page.getByLabel('Row 2 total', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal((await service.api('GET', `/api/v1/experiments/${x.id}`)).result_rows, 0, 'nothing stored on error');
    await page.waitForTimeout(200);
    await shot(page, 'experiment-upload-error-desktop.png');
    // Corrected in the grid and sent: stored, and the analysis is re-read.
    await page.getByLabel('Row 3 total', { exact: true }).fill('510');
    await page.getByRole('button', { name: 'Send results' }).click();
    await page.locator('[data-testid="results-stored"]', { hasText: 'Stored 6 rows' }).waitFor();
    assert.equal((await service.api('GET', `/api/v1/experiments/${x.id}`)).result_rows, 6);
    const metric = page.locator('[data-testid="experiment-metric"]', { hasText: 'purchase' });
    await metric.waitFor();
    assert.match(await metric.locator('[data-testid="experiment-cuped"]').textContent(), /^CUPED applied: θ [\d.]+, variance reduced by [\d.]+%/);
    // Overrides for this view: sequential on, no correction, alpha 0.1, Bayesian with a proper prior.
    await page.getByLabel('Alpha for this view').fill('2');
    await page.getByRole('button', { name: 'Re-analyse' }).click();
    await page.locator('#err-x-alpha', { hasText: 'at most 0.5' }).waitFor();
    await page.getByLabel('Alpha for this view').fill('0.1');
    await page.getByLabel('Sequential testing').selectOption('true');
    await page.getByLabel('Multiple-comparison correction').selectOption('none');
    await page.getByLabel('Analysis engine').selectOption('bayesian');
    await page.getByLabel('Prior mean of the lift').fill('0');
    await page.getByLabel('Prior variance').fill('0.01');
    await page.getByRole('button', { name: 'Re-analyse' }).click();
    await page.locator('[data-testid="analysis-active"]', { hasText: 'proper prior' }).waitFor();
    assert.match(await page.locator('[data-testid="analysis-active"]').textContent(),
      /bayesian engine, α 0\.1, correction none, sequential on, CUPED on, proper prior \(mean 0, variance 0\.01\) \(overridden for this view\)/);
    assert.match(await metric.locator('[data-testid="experiment-sequential"]').textContent(), /^Always-valid \(sequential\) interval [+-][\d.]+% to [+-][\d.]+%, p /);
    await page.waitForTimeout(200);
    await shot(page, 'experiment-overrides-desktop.png');
    // Stop, after a confirmation (cancelled once).
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await service.api('GET', `/api/v1/experiments/${x.id}`)).status, 'running');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    assert.match(await page.getByRole('alertdialog').textContent(), /takes no more results/);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Stop it' }).click();
    await page.locator('dd', { hasText: /^stopped$/ }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Add daily results' }).isVisible(), false);
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'experiment-tools-phone.png');
  },

  async 'tenant switcher: a second agency signed in beside the first, switched to and back, and signing out of one keeps the other'({ context, service, shot }) {
    const page = await context.newPage();
    await signInWithPassword(page, service);
    await waitForOverview(page);
    // Only one agency so far: no switcher.
    assert.equal(await page.getByLabel('Switch agency').isVisible(), false);
    await page.getByRole('button', { name: 'Sign in to another agency' }).click();
    // Back without signing in returns to the first agency.
    await page.getByRole('button', { name: `Back to ${service.tenant}` }).click();
    await waitForOverview(page);
    await page.getByRole('button', { name: 'Sign in to another agency' }).click();
    await page.getByRole('tab', { name: 'API key' }).click();
    await page.getByLabel('API key').fill(service.secondTenant.apiKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
    const who = page.locator('nav p', { hasText: ' · admin' });
    await page.waitForFunction((id) => [...document.querySelectorAll('nav p')].some((p) => p.textContent.startsWith(id + ' ·')), service.secondTenant.id);
    const switcher = page.getByLabel('Switch agency');
    await switcher.waitFor();
    assert.deepEqual(await switcher.locator('option').allTextContents(), [service.tenant, service.secondTenant.id].sort());
    assert.equal(await switcher.inputValue(), service.secondTenant.id);
    // The second agency has no clients: the first agency's are not offered.
    const clientNames = await page.locator('#client-switcher option').allTextContents();
    assert.ok(!clientNames.some((n) => /Northwind/.test(n)), `the second agency sees ${clientNames}`);
    await shot(page, 'tenant-switcher-desktop.png');
    // Switch back: the first agency's overview, without signing in again.
    await switcher.selectOption(service.tenant);
    await waitForOverview(page);
    assert.match(await who.first().textContent(), new RegExp('^' + service.tenant + ' ·'));
    // Signing out of the first agency leaves the second signed in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForFunction((id) => [...document.querySelectorAll('nav p')].some((p) => p.textContent.startsWith(id + ' ·')), service.secondTenant.id);
    assert.equal(await page.getByLabel('Switch agency').isVisible(), false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).last().waitFor();
  },
};
