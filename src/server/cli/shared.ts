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

/** A command's failure: the message on stderr and the exit code, without throwing past commander. */
export function fail(code: number, message: string): void {
  process.stderr.write(message + '\n');
  process.exitCode = code;
}

/** Resolve on SIGINT/SIGTERM (or when `stop` is called); a second signal exits at once. */
export function untilSignal(stop?: (end: (why: string) => void) => void): Promise<string> {
  return new Promise((resolve) => {
    stop?.((why) => resolve(why));
    let seen = false;
    const on = (sig: string) => {
      if (seen) process.exit(130);
      seen = true;
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
