// Builds the dashboard into one folder the service serves as /static (and / for index.html):
//   node build.mjs [--out DIR]        (npm run build; default web/dist)
// JS: esbuild bundles src/main.js (Alpine CSP build, Chart.js) into app/app.js, minified.
// CSS: the Tailwind CLI compiles src/app.css against the markup into app/app.css, minified.
// Then the shell (index.html with content-hashed asset URLs), the web manifest, the service
// worker and generated PNG icons; every text asset gets a gzip sibling (.gz) that the service
// sends with Content-Encoding: gzip (src/http/static_files.h). Nothing is fetched from outside.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { writeIcons } from './src/icons.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(here, 'dist'));
const appDir = path.join(out, 'app');
fs.mkdirSync(appDir, { recursive: true });

await build({
  entryPoints: [path.join(here, 'src/main.js')],
  bundle: true, minify: true, format: 'iife', target: ['es2020'],
  outfile: path.join(appDir, 'app.js'), legalComments: 'none', logLevel: 'warning',
});

execFileSync(process.execPath, [
  path.join(here, 'node_modules/tailwindcss/lib/cli.js'),
  '-c', path.join(here, 'tailwind.config.cjs'),
  '-i', path.join(here, 'src/app.css'), '-o', path.join(appDir, 'app.css'), '--minify',
], { cwd: here, stdio: 'pipe', env: { ...process.env, BROWSERSLIST_IGNORE_OLD_DATA: '1' } });

writeIcons(appDir);

const digest = (file) =>
  createHash('sha256').update(fs.readFileSync(path.join(appDir, file))).digest('hex').slice(0, 12);
const version = createHash('sha256').update(digest('app.js') + digest('app.css')).digest('hex').slice(0, 12);
const fill = (text) => text.replaceAll('__JS_VERSION__', digest('app.js'))
  .replaceAll('__CSS_VERSION__', digest('app.css')).replaceAll('__BUILD_VERSION__', version);

// The shell's markup is split by screen: a line `<!-- include screens/x.html -->` is replaced by
// that file (relative to src/, itself with its includes), so no single file holds every screen
// and a piece of markup shown in two places (a recommendation card) is written once.
const withIncludes = (text) => text.replace(/^[ \t]*<!-- include (\S+) -->[ \t]*$/gm,
  (_, file) => withIncludes(fs.readFileSync(path.join(here, 'src', file), 'utf8').trimEnd()));
fs.writeFileSync(path.join(out, 'index.html'), fill(withIncludes(fs.readFileSync(path.join(here, 'src/index.html'), 'utf8'))));
fs.writeFileSync(path.join(out, 'sw.js'), fill(fs.readFileSync(path.join(here, 'src/sw.js'), 'utf8')));
fs.copyFileSync(path.join(here, 'src/manifest.webmanifest'), path.join(appDir, 'manifest.webmanifest'));

for (const file of ['app.js', 'app.css', 'manifest.webmanifest', 'icon.svg']) {
  const body = fs.readFileSync(path.join(appDir, file));
  fs.writeFileSync(path.join(appDir, file + '.gz'), zlib.gzipSync(body, { level: 9 }));
}
const size = (f) => fs.statSync(path.join(appDir, f)).size;
console.log(`web: app.js ${size('app.js')} B (${size('app.js.gz')} gz), app.css ${size('app.css')} B (${size('app.css.gz')} gz) -> ${out}`);
