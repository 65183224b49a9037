import { loadConfig } from '../config/index.js';
import { openRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';

/** Open the runtime for a one-shot command, run it, always close. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: RuntimeOptions = {}): Promise<T> {
  const rt = await openRuntime(loadConfig(), { queue: 'inline', ...opts });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export const print = (s: string): void => {
  process.stdout.write(s + '\n');
};

/** Resolve on SIGINT/SIGTERM; a second signal exits at once. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const on = (sig: NodeJS.Signals) => {
      if (seen) process.exit(130);
      seen = true;
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
