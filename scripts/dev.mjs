// `npm run dev`: the API (concord serve, restarted by tsx watch) and Vite with its proxy to it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => path.join(root, 'node_modules/.bin', n);
const procs = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'src/server/main.ts', 'serve'], { cwd: root, stdio: 'inherit' }),
  spawn(bin('vite'), ['--config', 'src/web/vite.config.ts'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => procs.forEach((p) => p.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const p of procs) p.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
