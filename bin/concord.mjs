#!/usr/bin/env node
// The `concord` command. The server runs from TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
