// `concord worker` child processes for the kill tests: spawned with the test's environment, their stderr kept for the
// failure message, registered in `children` so the suite's afterAll can SIGKILL what is left.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const concordBin = path.resolve(import.meta.dirname, '../bin/concord.mjs');

export type WorkerProcess = { ch: ChildProcess; stderr: () => string; exited: Promise<void> };

export function spawnWorker(env: NodeJS.ProcessEnv, children: ChildProcess[]): WorkerProcess {
  const ch = spawn(process.execPath, [concordBin, 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  ch.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  children.push(ch);
  return { ch, stderr: () => err, exited: new Promise<void>((resolve) => ch.once('exit', () => resolve())) };
}
