// The SMS gateway of the browser tests: the test SMSC (test/smsc.ts, the `smpp` package's server mode) on a free
// port, and a small HTTP endpoint listing what it received so a spec can assert that the debtor got the SMS.
// Prints one JSON line { smppUrl, httpUrl } when both listen; scripts/e2e.mjs reads it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSmsc } from '../test/smsc.js';

const smsc = startSmsc();
const smppUrl = await smsc.listen();
const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(smsc.received));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ smppUrl, httpUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
const stop = () => void smsc.close().finally(() => server.close(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
