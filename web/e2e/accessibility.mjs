// Accessibility in the browser: an axe-core audit of every screen at desktop and phone width,
// and the dashboard driven with the keyboard alone; the campaigns list's KPI sparklines and a
// large CSV import's progress bar. Merged into the suite by run.mjs.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// WCAG 2.0, 2.1 and 2.2 at levels A and AA (color-contrast and label among them).
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function signIn(page, service, ready = waitForLive) {
  await page.goto(service.url + '/');
  await page.getByLabel('Agency (tenant)').fill(service.tenant);
  await page.getByLabel('Email').fill(service.email);
  await page.getByLabel('Password').fill(service.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
  await ready(page);
}

async function waitForLive(page) {
  await page.locator('[data-kpi="spend"] [data-testid="kpi-value"]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]').textContent === 'Live');
}

// Charts change the layout when drawn; axe looks at the page as a person would see it.
async function settle(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('canvas')]
    .filter((c) => c.offsetParent !== null).every((c) => c.width > 0 && c.height > 0));
  await page.waitForTimeout(700);
}

// The rules that found something to judge and passed, over the whole audit.
const rulesPassed = new Set();

// Runs axe on the page as it stands; returns the violations as printable lines.
async function audit(page, label) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  const { violations, passed } = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }).then((r) => ({
    passed: r.passes.map((p) => p.id),
    violations: r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) })),
  })), WCAG_TAGS);
  for (const id of passed) rulesPassed.add(id);
  return violations.flatMap((v) => v.nodes.slice(0, 6).map((n) => `[${label}] ${v.id} (${v.help}) ${n}`)
    .concat(v.nodes.length > 6 ? [`[${label}] ${v.id}: ${v.nodes.length - 6} more`] : []));
}

async function auditBoth(page, label, found) {
  await page.setViewportSize(DESKTOP);
  await settle(page);
  found.push(...await audit(page, `${label}, desktop`));
  await page.setViewportSize(PHONE);
  await settle(page);
  found.push(...await audit(page, `${label}, phone`));
  await page.setViewportSize(DESKTOP);
}

async function go(page, hash, ready) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await ready();
}

// What the audited screens show: a strategy, an optimization, recommendations, a rule and an
// experiment with results, made through the API so every part of those screens is on the page.
async function seed(service) {
  const strategy = await service.api('POST', '/api/v1/strategy/generate', JSON.stringify({
    client_id: 'demo-client', campaign_name: 'Audit Campaign', objective: 'sales_conversion', budget: 15000, platforms: ['google_ads', 'meta_ads'] }));
  const optimization = await service.api('POST', '/api/v1/budget/optimize', JSON.stringify({ client_id: 'demo-client', budget: 60000 }));
  await service.api('POST', '/api/v1/campaign/optimize', JSON.stringify({ client_id: 'demo-client' }));
  await service.api('POST', '/api/v1/rules', JSON.stringify({
    client_id: 'demo-client', name: 'Audit rule', enabled: false,
    conditions: [{ metric: 'spend', window_days: 7, window_end: 'yesterday', comparison: 'gt', threshold: 1 }],
    schedule: { cadence: 'daily', hour: 6 }, action: { kind: 'notify' }, cooldown_days: 1 }));
  const x = await service.api('POST', '/api/v1/experiments', JSON.stringify({
    client_id: 'demo-client', name: 'Audit experiment', hypothesis: 'a shorter form converts more',
    variants: [{ name: 'control', weight: 0.5 }, { name: 'short_form', weight: 0.5 }],
    metrics: [{ name: 'signup', kind: 'proportion' }], status: 'running' }));
  const rows = [];
  for (const date of ['2026-03-01', '2026-03-02']) {
    rows.push({ variant: 'control', metric: 'signup', date, units: 5000, total: 500 });
    rows.push({ variant: 'short_form', metric: 'signup', date, units: 5000, total: 600 });
  }
  await service.api('POST', `/api/v1/experiments/${x.id}/results`, JSON.stringify({ rows }));
  const campaigns = await service.api('GET', '/api/v1/campaigns?client_id=demo-client&limit=1&sort=name');
  return { strategyId: strategy.id, optimizationId: optimization.id, experimentId: x.id, campaignId: campaigns.items[0].id };
}

// What has focus, and whether it is drawn: an outline of at least 2 px or a ring (box-shadow).
async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const s = getComputedStyle(a);
    const name = (a.getAttribute('aria-label') || a.textContent || a.id || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return { tag: a.tagName, id: a.id, name, inMain: Boolean(a.closest('main')), inDialog: Boolean(a.closest('[role="alertdialog"]')),
      ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== '') };
  });
}

// Presses Tab (Shift+Tab when back) and checks the focused element shows that it is.
async function tab(page, back = false) {
  await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  const f = await focused(page);
  assert.ok(f.tag === "BODY" || f.ring, `focus on <${f.tag.toLowerCase()}> "${f.name}" is not visible`);
  return f;
}

// Tabs until the focused element matches; fails after `max` presses.
async function tabTo(page, what, matches, { back = false, max = 120 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    const f = await tab(page, back);
    if (matches(f)) return f;
    seen.push(f.name);
  }
  throw new Error(`Tab never reached ${what}; passed ${seen.slice(-12).join(' | ')}`);
}

const named = (tag, name) => (f) => f.tag === tag && f.name === name;
const startsWith = (tag, prefix) => (f) => f.tag === tag && f.name.startsWith(prefix);

// Waits (up to 3 s: focus moves after the screen renders) for focus to be on `what`, visibly.
async function expectFocus(page, what, check) {
  let f;
  for (let i = 0; i < 30; i++) {
    f = await focused(page);
    if (check(f)) break;
    await page.waitForTimeout(100);
  }
  assert.ok(check(f), `focus is not on ${what} but on <${f.tag.toLowerCase()}> "${f.name}"`);
  assert.ok(f.ring, `focus on ${what} is not visible`);
}

// Waits (up to 3 s) for an attribute to take a value: the page updates after a key press.
async function expectAttribute(locator, name, value) {
  let seen;
  for (let i = 0; i < 30; i++) {
    seen = await locator.getAttribute(name);
    if (seen === value) return;
    await locator.page().waitForTimeout(100);
  }
  assert.equal(seen, value, `${name} stayed ${seen}`);
}

// From the menu (Shift+Tab back from the content), open a screen with Enter: focus lands in its content.
async function openFromMenu(page, link, heading) {
  await tabTo(page, `the menu's ${link}`, named('A', link), { back: true });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expectFocus(page, 'the content', (f) => f.id === 'main');
}

export const tests = {
  async 'accessibility: axe finds no WCAG 2 A/AA violation on any screen at desktop or phone width'({ browser, service, shot }) {
    const ids = await seed(service);
    const portalKey = (await service.api('POST', '/api/v1/api-keys', JSON.stringify({ name: 'audit portal', role: 'client_viewer', client_id: 'demo-client' }))).api_key;
    // axe is injected as an inline script, which the service's Content-Security-Policy
    // (default-src 'self') rightly forbids; this context alone is allowed to bypass it.
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const found = [];
    try {
      const page = await context.newPage();
      await page.goto(service.url + '/');
      await page.getByLabel('Email').waitFor();
      await auditBoth(page, 'sign in', found);
      await page.getByRole('tab', { name: 'API key' }).click();
      await auditBoth(page, 'sign in with a key', found);
      await page.getByRole('tab', { name: 'Email and password' }).click();
      await signIn(page, service);
      await auditBoth(page, 'overview', found);
      await page.setViewportSize(PHONE);
      await page.getByRole('button', { name: 'Menu' }).click();
      found.push(...await audit(page, 'phone menu open'));
      await page.getByRole('button', { name: 'Menu' }).click();
      await go(page, '#/campaigns', () => page.waitForFunction(() => [...document.querySelectorAll('polyline')].some((p) => p.getAttribute('points'))));
      await auditBoth(page, 'campaigns', found);
      await go(page, `#/campaigns/${ids.campaignId}`, () => page.locator('table:has(th:text("Impr.")) tbody tr').first().waitFor());
      await auditBoth(page, 'campaign', found);
      await go(page, '#/import', () => page.getByLabel(/Export from Google Ads/).waitFor());
      const csv = 'date,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value\n' +
        '2026-01-05,Audit import,google_ads,100,10,12.00,1,40\n2026-01-05,Broken,google_ads,100,10,nope,1,10\n';
      await page.getByLabel(/Export from Google Ads/).setInputFiles({ name: 'audit.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.locator('[data-testid="import-preview"] td').first().waitFor();
      await page.getByRole('button', { name: 'Import' }).click();
      await page.locator('[data-testid="import-result"]').waitFor();
      await auditBoth(page, 'import', found);
      await go(page, `#/strategy/${ids.strategyId}`, () => page.locator('[data-testid="strategy-roi"]').waitFor());
      await auditBoth(page, 'strategy', found);
      await go(page, `#/budget/${ids.optimizationId}`, () => page.locator('[data-testid="budget-split"] tbody tr').first().waitFor());
      await auditBoth(page, 'budget', found);
      await go(page, '#/optimization', () => page.locator('[data-testid="opt-recommendations"] [data-testid="recommendation"]').first().waitFor());
      await auditBoth(page, 'optimization', found);
      await go(page, '#/rules', () => page.locator('[data-testid="rule"]').first().waitFor());
      await auditBoth(page, 'rules', found);
      await go(page, '#/experiments', () => page.getByRole('link', { name: 'Audit experiment' }).waitFor());
      await auditBoth(page, 'experiments', found);
      await go(page, `#/experiments/${ids.experimentId}`, () => page.locator('[data-testid="decision-label"]').waitFor());
      await auditBoth(page, 'experiment', found);
      await page.evaluate(() => localStorage.clear());

      const portal = await context.newPage();
      await portal.goto(service.url + '/');
      await portal.getByRole('tab', { name: 'API key' }).click();
      await portal.getByLabel('API key').fill(portalKey);
      await portal.getByRole('button', { name: 'Sign in', exact: true }).last().click();
      await waitForLive(portal);
      await auditBoth(portal, 'client portal overview', found);
      await go(portal, '#/campaigns', () => portal.waitForFunction(() => [...document.querySelectorAll('polyline')].some((p) => p.getAttribute('points'))));
      await auditBoth(portal, 'client portal campaigns', found);
      if (found.length) await shot(page, 'FAILED-axe.png');
    } finally {
      await context.close();
    }
    // Not a vacuous pass: the rules the issue names ran and found text and controls to judge.
    for (const rule of ['color-contrast', 'label', 'aria-valid-attr-value', 'button-name', 'link-name']) assert.ok(rulesPassed.has(rule) || found.some((f) => f.includes(`] ${rule} `)), `axe never applied ${rule}`);
    assert.equal(found.length, 0, `axe found ${found.length} violation(s):\n  ${found.join('\n  ')}`);
  },
  async 'keyboard only: sign in, the skip link, every screen, the confirmations and the phone menu, with focus always visible'({ context, service, shot }) {
    await service.api('POST', '/api/v1/campaign/optimize', JSON.stringify({ client_id: 'demo-client' }));
    await service.api('POST', '/api/v1/rules', JSON.stringify({
      client_id: 'demo-client', name: 'Keyboard rule', enabled: false,
      conditions: [{ metric: 'spend', window_days: 7, window_end: 'yesterday', comparison: 'gt', threshold: 1 }],
      schedule: { cadence: 'daily', hour: 6 }, action: { kind: 'notify' }, cooldown_days: 1 }));
    await service.api('POST', '/api/v1/experiments', JSON.stringify({
      client_id: 'demo-client', name: 'Keyboard experiment', variants: [{ name: 'control', weight: 0.5 }, { name: 'b', weight: 0.5 }],
      metrics: [{ name: 'signup', kind: 'proportion' }], status: 'running' }));
    const page = await context.newPage();
    await page.goto(service.url + '/');
    await page.getByLabel('Email').waitFor();
    // The skip link comes first and moves focus to the content.
    assert.equal((await tab(page)).name, 'Skip to content');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'the sign-in content', (f) => f.id === 'main');
    // The sign-in tabs: one tab stop, arrow keys between them.
    await tabTo(page, 'the selected sign-in tab', named('BUTTON', 'Email and password'));
    await page.keyboard.press('ArrowRight');
    await expectFocus(page, 'the API key tab', named('BUTTON', 'API key'));
    await page.getByLabel('API key').waitFor();
    await page.keyboard.press('ArrowLeft');
    await expectFocus(page, 'the password tab', named('BUTTON', 'Email and password'));
    assert.equal((await tab(page)).id, 'signin-tenant', 'the next Tab leaves the tabs for the form');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(service.tenant);
    await tab(page);
    await page.keyboard.type(service.email);
    await tab(page);
    await page.keyboard.type(service.password);
    await page.keyboard.press('Enter');
    await waitForLive(page);
    await expectFocus(page, 'the overview', (f) => f.id === 'main');

    // The skip link again, signed in (F5): it focuses the content and does not change the screen.
    await page.reload();
    await waitForLive(page);
    assert.equal((await tab(page)).name, 'Skip to content');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'the content', (f) => f.id === 'main');
    assert.match(page.url(), /#\/overview$|\/$/);

    await openFromMenu(page, 'Campaigns', /^Campaigns/);
    await tabTo(page, 'a campaign', named('A', 'Search | Brand | US'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Search | Brand | US' }).waitFor();
    await openFromMenu(page, 'Import CSV', /^Import a CSV/);
    await openFromMenu(page, 'Strategy', /^Strategy/);
    await openFromMenu(page, 'Budget optimizer', /^Budget/);
    await openFromMenu(page, 'Experiments', /^Experiments/);
    await tabTo(page, 'an experiment', named('A', 'Keyboard experiment'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Keyboard experiment/ }).waitFor();

    // A recommendation's Apply form takes focus on its date; Escape gives it back to Apply.
    await openFromMenu(page, 'Optimization', /^Optimization/);
    await page.locator('[data-testid="opt-recommendations"] [data-testid="recommendation"]').first().waitFor();
    await tabTo(page, 'an Apply button', startsWith('BUTTON', 'Apply: '));
    const apply = (await focused(page)).name;
    await page.keyboard.press('Enter');
    await expectFocus(page, 'the Applied on date', (f) => f.tag === 'INPUT' && /-on$/.test(f.id));
    await page.keyboard.press('Escape');
    await expectFocus(page, 'the Apply button again', named('BUTTON', apply));
    // Space presses a button too: the form opens, Cancel closes it and focus returns.
    await page.keyboard.press('Space');
    await expectFocus(page, 'the Applied on date', (f) => f.tag === 'INPUT');
    await tabTo(page, 'Cancel', named('BUTTON', 'Cancel'));
    await page.keyboard.press('Enter');
    await expectFocus(page, 'the Apply button again', named('BUTTON', apply));

    // The delete confirmation takes focus on "Keep it" and gives it back; Escape closes it too.
    await openFromMenu(page, 'Automation rules', /^Automation rules/);
    await page.locator('[data-testid="rule"]', { hasText: 'Keyboard rule' }).waitFor();
    await tabTo(page, 'the rule\'s Delete', named('BUTTON', 'Delete rule: Keyboard rule'));
    await page.keyboard.press('Enter');
    await expectFocus(page, 'the confirmation', (f) => f.inDialog && f.name === 'Keep it');
    await shot(page, 'keyboard-confirmation-desktop.png');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'Delete again', named('BUTTON', 'Delete rule: Keyboard rule'));
    await page.keyboard.press('Enter');
    // Focus moves to "Keep it" once the confirmation has rendered: wait for it before pressing
    // Enter again, or the second key press races the first's rendering.
    await expectFocus(page, 'the confirmation again', (f) => f.inDialog && f.name === 'Keep it');
    await page.keyboard.press('Enter');
    await expectFocus(page, 'Delete again', named('BUTTON', 'Delete rule: Keyboard rule'));
    await page.keyboard.press('Enter');
    await tabTo(page, 'Delete for good', named('BUTTON', 'Delete for good'), { back: true });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="rule"]', { hasText: 'Keyboard rule' }).waitFor({ state: 'detached' });
    await expectFocus(page, 'the rule list', (f) => f.id === 'rule-list');
    await openFromMenu(page, 'Overview', /^Overview/);

    // On a phone the menu is a button: Enter opens it, Escape closes it and focus returns to it,
    // Space opens it again and a screen chosen with Enter closes it and focuses the content.
    await page.setViewportSize(PHONE);
    const menu = page.getByRole('button', { name: 'Menu' });
    await tabTo(page, 'the Menu button', named('BUTTON', 'Menu'), { back: true });
    await page.keyboard.press('Enter');
    await expectAttribute(menu, 'aria-expanded', 'true');
    assert.equal((await tab(page)).name, 'Overview', 'the first Tab enters the open menu');
    await shot(page, 'keyboard-menu-phone.png');
    await page.keyboard.press('Escape');
    await expectFocus(page, 'the Menu button', named('BUTTON', 'Menu'));
    await expectAttribute(menu, 'aria-expanded', 'false');
    assert.equal(await page.getByRole('link', { name: 'Campaigns' }).isVisible(), false);
    await page.keyboard.press('Space');
    await expectAttribute(menu, 'aria-expanded', 'true');
    await tabTo(page, 'Campaigns in the menu', named('A', 'Campaigns'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Campaigns/ }).waitFor();
    await expectFocus(page, 'the content', (f) => f.id === 'main');
    await expectAttribute(menu, 'aria-expanded', 'false');
  },
  async 'campaigns: each row has spend, conversions and CPA or ROAS sparklines whose labels give the figures'({ context, service, shot }) {
    const page = await context.newPage();
    await signIn(page, service);
    await page.evaluate(() => { location.hash = '#/campaigns'; });
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Search | Brand | US' }) });
    await row.locator('[data-testid="spark-ratio"] polyline[points*=","]').waitFor();
    for (const kind of ['spend', 'conversions', 'ratio']) {
      assert.match(await row.locator(`[data-testid="spark-${kind}"] polyline`).getAttribute('points'), /^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/, kind);
    }
    assert.match(await row.locator('[data-testid="spark-spend"] svg').getAttribute('aria-label'), /^Search \| Brand \| US: Spend over 30 days: \$[\d,]+, daily \$[\d,]+ to \$[\d,]+$/);
    assert.match(await row.locator('[data-testid="spark-conversions"] svg').getAttribute('aria-label'), /Conversions over 30 days: [\d,]+, daily [\d,]+ to [\d,]+$/);
    // The demo's campaigns record conversion value, so the third line is ROAS.
    assert.match(await row.locator('[data-testid="spark-ratio"] svg').getAttribute('aria-label'), /ROAS over 30 days: \d+\.\d\d×, daily \d+\.\d\d× to \d+\.\d\d×$/);
    assert.match(await row.locator('[data-testid="spark-ratio"]').textContent(), /ROAS \d+\.\d\d×/);
    await page.getByRole('img', { name: /Search \| Brand \| US: ROAS over 30 days/ }).waitFor();
    await shot(page, 'campaigns-sparklines-desktop.png');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await shot(page, 'campaigns-sparklines-phone.png');
  },

  async 'a 50,000-row CSV import shows its progress bar advancing and then its summary'({ context, service, shot }) {
    await service.api('POST', '/api/v1/clients', JSON.stringify({ id: 'bulk-client', name: 'Bulk Imports Inc', currency: 'USD', time_zone: 'UTC' }));
    const lines = ['date,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value'];
    const start = Date.UTC(2020, 0, 1);
    for (let i = 0; i < 50000; i++) {
      const day = new Date(start + Math.floor(i / 25) * 86400000).toISOString().slice(0, 10);
      const c = i % 25;
      lines.push(`${day},Bulk campaign ${String(c).padStart(2, '0')} | Search,${c % 2 ? 'google_ads' : 'meta_ads'},${10000 + c * 37 + (i % 97)},${300 + (i % 53)},${(120 + c * 3.5 + (i % 31)).toFixed(2)},${5 + (i % 11)},${(400 + (i % 211) * 1.5).toFixed(2)}`);
    }
    const csv = Buffer.from(lines.join('\n') + '\n');
    assert.ok(csv.length > 3 * 1024 * 1024, `${csv.length} bytes`);
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('strategist.client', 'bulk-client'));
    await signIn(page, service, (p) => p.getByRole('heading', { level: 1, name: /Overview · Bulk Imports Inc/ }).waitFor());
    await page.evaluate(() => { location.hash = '#/import'; });
    await page.getByRole('heading', { level: 1, name: /Bulk Imports Inc/ }).waitFor();
    await page.getByLabel(/Export from Google Ads/).setInputFiles({ name: 'bulk.csv', mimeType: 'text/csv', buffer: csv });
    await page.locator('[data-testid="import-preview"] td', { hasText: 'Bulk campaign 00 | Search' }).first().waitFor();
    // A local upload is over in an instant: throttle the upload (about 1 MB/s) so progress can be seen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
    // Every value the bar takes, recorded in the page as it changes.
    await page.evaluate(() => {
      window.progressSeen = [];
      const bar = document.getElementById('import-progress');
      new MutationObserver(() => window.progressSeen.push(Number(bar.value))).observe(bar, { attributes: true, attributeFilter: ['value'] });
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForFunction(() => window.progressSeen.some((v) => v > 0 && v < 100), null, { timeout: 30000 });
    await shot(page, 'import-large-progress-desktop.png');
    await page.locator('[data-testid="import-result"]').waitFor({ timeout: 120000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await page.evaluate(() => window.progressSeen);
    const between = seen.filter((v) => v > 0 && v < 100);
    assert.ok(between.length >= 1, `progress values seen: ${seen.join(', ')}`);
    assert.equal(seen[seen.length - 1], 100);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1] || seen[i - 1] === 100, `progress went back: ${seen.join(', ')}`);
    const summary = await page.locator('[data-testid="import-result"]').textContent();
    assert.match(summary, /Rows read\s*50,?000/);
    assert.match(summary, /Inserted\s*50,?000/);
    assert.match(summary, /Rejected\s*0/);
    assert.match(summary, /Campaigns created\s*25/);
    console.log(`     ${csv.length} bytes; progress seen between 0 and 100%: ${between.join(', ')}`);
    await shot(page, 'import-large-done-desktop.png');
  },
};
