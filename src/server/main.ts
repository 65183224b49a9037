// Entry point of the `concord` command (commander).
import { buildCli } from './cli/index.js';

buildCli()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
