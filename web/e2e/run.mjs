// End-to-end tests of the dashboard in real Chromium (Debian's /usr/bin/chromium driven by
// playwright-core) against a real service with demo data. Registered with ctest (web_e2e).
//   node web/e2e/run.mjs [--binary build/strategist] [--artifacts test-artifacts/web]
// Screenshots at desktop (1280×800) and phone (390×844) widths go to the artifacts folder.
// Exit status: 0 all passed, 1 a test failed, 77 Chromium is missing (skipped, unless
// STRATEGIST_REQUIRE_SERVERS=1 as under `make test`, which makes it a failure).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startService } from './service.mjs';
import { tests as mainTests } from './tests.mjs';
import { tests as accessibilityTests } from './accessibility.mjs';

// The accessibility tests run last: they add data (a strategy, a rule, an experiment, a large import).
const tests = { ...mainTests, ...accessibilityTests };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? path.resolve(process.argv[at + 1]) : fallback;
};
const binary = arg('--binary', path.join(root, 'build/strategist'));
const artifacts = arg('--artifacts', path.join(root, 'test-artifacts/web'));
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const CHROMIUM = '/usr/bin/chromium';

if (!fs.existsSync(CHROMIUM)) {
  console.log(`${CHROMIUM} is missing (Debian package chromium; make deps-test installs it)`);
  process.exit(process.env.STRATEGIST_REQUIRE_SERVERS === '1' ? 1 : 77);
}
fs.mkdirSync(artifacts, { recursive: true });

const service = await startService(binary);
// launch() gives every run a fresh temporary profile (user-data-dir). Without the
// background-networking flags Chromium's own connections are refused on a closed network.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0;
try {
  for (const [name, test] of Object.entries(tests)) {
    if (only && !name.includes(only)) continue;
    const started = Date.now();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const consoleErrors = [];
    context.on('page', (page) => {
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
    });
    try {
      await test({ browser, context, service, artifacts, shot: (page, file) => page.screenshot({ path: path.join(artifacts, file), fullPage: true }) });
      const unexpected = consoleErrors.filter((t) => !/status of (400|401|404)/.test(t));
      if (unexpected.length) throw new Error(`errors in the page console:\n  ${unexpected.join('\n  ')}`);
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.stack || e}`);
      for (const page of context.pages()) {
        await page.screenshot({ path: path.join(artifacts, `FAILED-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
      }
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  service.stop();
}
console.log(failed ? `${failed} test(s) failed; screenshots in ${artifacts}` : `all passed; screenshots in ${artifacts}`);
process.exit(failed ? 1 : 0);
