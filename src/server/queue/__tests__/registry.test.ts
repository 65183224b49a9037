import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { defineJob, type JobDefinition } from '../job.js';
import { JobRegistry } from '../registry.js';
import { debtorPayload, versionedJob } from './helpers.js';

const noop = async () => {};
const job = (name: string, extra: Partial<JobDefinition<unknown>> = {}) =>
  defineJob<unknown>({ name, version: 1, payload: z.unknown(), handler: noop, ...extra });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('JobRegistry', () => {
  it('refuses a second handler for the same name', () => {
    const r = new JobRegistry();
    r.register(job('cases.sync'));
    expect(() => r.register(job('cases.sync'))).toThrow('duplicate job handler "cases.sync"');
  });

  it('refuses a definition without a handler', () => {
    const r = new JobRegistry();
    expect(() => r.register({ ...job('cases.sync'), handler: undefined } as unknown as JobDefinition<unknown>)).toThrow('has no handler');
    expect(r.has('cases.sync')).toBe(false);
  });

  it('refuses a name that is not lower-case dotted and a version below 1', () => {
    const r = new JobRegistry();
    expect(() => r.register(job('Cases Sync'))).toThrow('lower-case dotted');
    expect(() => r.register(job('cases.sync', { version: 0 }))).toThrow('version ≥ 1');
  });

  it('assertCovers names every queued job it has no handler for', () => {
    const r = new JobRegistry([job('a.one'), job('a.two')]);
    expect(() => r.assertCovers(['a.one', 'a.two', 'a.one'])).not.toThrow();
    expect(() => r.assertCovers(['a.one', 'b.gone', 'c.gone', 'b.gone'])).toThrow('no handler for queued job(s): b.gone, c.gone');
  });

  it('upgrades an old payload to the current version before validating it', () => {
    const r = new JobRegistry([versionedJob([])]);
    expect(r.parse('test.versioned', { amount: 12.34 }, 1)).toEqual({ amountMinor: 1234 });
    expect(r.parse('test.versioned', { amountMinor: 5 }, 2)).toEqual({ amountMinor: 5 });
    expect(() => r.parse('test.versioned', { amountMinor: 5 }, 3)).toThrow('v3 is newer than this process (v2)');
  });

  it('refuses an old version when the job has no upgrade', () => {
    const r = new JobRegistry([job('a.one', { version: 2 })]);
    expect(() => r.parse('a.one', {}, 1)).toThrow('v1 cannot be upgraded to v2');
  });

  it('rejects a bad payload with the path of each bad field', () => {
    const r = new JobRegistry([job('sms.send', { payload: debtorPayload })]);
    const err = thrown(() => r.parse('sms.send', { debtor: { phone: '12' }, amountMinor: 1.5 }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('queue.bad_payload');
    expect((err as AppError).details.summary).toMatch(/debtor\.phone: .*; amountMinor: /);
    expect(r.parse('sms.send', { debtor: { phone: '13800138000' }, amountMinor: 100 })).toEqual({ debtor: { phone: '13800138000' }, amountMinor: 100 });
  });

  it('reports an unknown job name as queue.unknown_job', () => {
    const err = thrown(() => new JobRegistry().parse('nobody.home', {}));
    expect((err as AppError).code).toBe('queue.unknown_job');
  });
});
