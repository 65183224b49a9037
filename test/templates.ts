// A message template made by one user and approved by another (maker–checker), through the API, for the tests that
// need an approved template rather than test the approval itself (messaging.int.test.ts does that).
import { expect } from 'vitest';
import type { Client } from './app.js';

/** Creates the template as `maker`, approves its first version as `checker`; returns the template id. */
export async function approvedTemplate(maker: Client, checker: Client, body: Record<string, unknown>): Promise<string> {
  const made = await maker.post('/api/message-templates', body);
  expect(made.statusCode, made.body).toBe(201);
  const tpl = made.json() as { id: string; versions: Array<{ id: string }> };
  const approved = await checker.post(`/api/message-template-versions/${tpl.versions[0]!.id}/approve`);
  expect(approved.statusCode, approved.body).toBe(200);
  return tpl.id;
}
