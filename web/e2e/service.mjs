// Starts a real `strategist` for the browser tests: a fresh SQLite database seeded by
// `strategist demo`, then `strategist serve` on a free port, serving build/static.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The environment without the variables the service reads as configuration.
function childEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) =>
    !k.startsWith('STRATEGIST_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL'));
}

export async function startService(binary) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strategist-e2e-'));
  const database = `sqlite:${path.join(dir, 'strategist.db')}`;
  const port = await freePort();
  const out = execFileSync(binary, ['demo', '--database', database, '--port', String(port)],
    { env: childEnv(), encoding: 'utf8' });
  const apiKey = /API key:\s+(msk_\S+)/.exec(out)[1];
  const signIn = /Sign in:\s+tenant (\S+), (\S+) \/ (\S+)/.exec(out);
  // A second agency, for the tenant switcher.
  const second = JSON.parse(execFileSync(binary,
    ['tenant', 'create', 'second-agency', '--name', 'Second Agency', '--database', database],
    { env: childEnv(), encoding: 'utf8' }));
  const log = fs.openSync(path.join(dir, 'serve.log'), 'w');
  const child = spawn(binary, ['serve', '--database', database, '--port', String(port)],
    { env: childEnv(), stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch { /* not up yet */ }
    if (i > 150 || child.exitCode !== null) {
      throw new Error(`the service did not start:\n${fs.readFileSync(path.join(dir, 'serve.log'), 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const api = async (method, p, body, contentType = 'application/json') => {
    const r = await fetch(url + p, { method, headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': contentType }, body });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null; // 204 (DELETE) has no body
  };
  return {
    url, apiKey, tenant: signIn[1], email: signIn[2], password: signIn[3], api,
    secondTenant: { id: second.tenant_id, apiKey: second.api_key },
    stop() {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
