// `npm run test:e2e`: build the web app, start `concord serve` on a fresh data directory with a small
// demo portfolio, run the Playwright specs in Debian's Chromium against it, stop the server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.E2E_PORT ?? 3100);
const password = 'E2e-Admin-Password-2026';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-e2e-'));
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });

if (!fs.existsSync('/usr/bin/chromium')) {
  console.error('e2e: /usr/bin/chromium is missing (apt-get install -y chromium fonts-wqy-microhei)');
  process.exit(1);
}
if (run('npm', ['run', '--silent', 'build:web']).status !== 0) process.exit(1);

// An SMS gateway (the test SMSC) so SMS really leave, and a simulated clock starting now so a spec can move the
// server's time (POST /api/admin/clock: "calling is blocked at 22:05"); specs run one at a time (workers: 1).
const smscProc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/e2e-smsc.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const smsc = await new Promise((resolve, reject) => {
  let buf = '';
  smscProc.stdout.on('data', (c) => {
    buf += c;
    if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
  });
  smscProc.once('exit', (c) => reject(new Error(`e2e: the test SMSC exited (${c})`)));
});

const server = spawn(process.execPath, [path.join(root, 'bin/concord.mjs'), 'serve', '--demo-debtors=300'], {
  cwd: root,
  env: {
    ...process.env, DATABASE_URL: '', CONCORD_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CONCORD_ADMIN_PASSWORD: password,
    CONCORD_SMPP_URL: smsc.smppUrl, CONCORD_CLOCK: new Date().toISOString(),
    // Every spec signs in from 127.0.0.1, dozens of times a minute; the login limiter has its own tests.
    CONCORD_LOGIN_RATE_PER_MINUTE: '1000',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let code = 1;
try {
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until || server.exitCode !== null) throw new Error('e2e: the server did not start');
    await new Promise((r) => setTimeout(r, 300));
  }
  const r = run(path.join(root, 'node_modules/.bin/playwright'), ['test', ...process.argv.slice(2)], {
    E2E_BASE_URL: `http://127.0.0.1:${port}`,
    E2E_ADMIN_PASSWORD: password,
    E2E_TEAM_NAME: '电催一组',
    E2E_SMSC_URL: smsc.httpUrl,
  });
  code = r.status ?? 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  smscProc.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
