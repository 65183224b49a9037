// The set of job handlers a process knows. Boot fails on a duplicate name, on a definition without
// a handler, and (for workers) on queued jobs whose name no handler serves.
import { AppError, defineErrors } from '../platform/errors.js';
import type { AnyJobDefinition, JobDefinition } from './job.js';

export const QueueErrors = defineErrors({
  'queue.unknown_job': { kind: 'internal', zh: '未知的任务类型 {name}', en: 'Unknown job {name}' },
  'queue.bad_payload': { kind: 'validation', zh: '任务 {name} 的参数无效：{summary}', en: 'Invalid payload for job {name}: {summary}' },
  'queue.not_retryable': { kind: 'conflict', zh: '任务 {id} 不存在或未处于失败状态', en: 'Job {id} does not exist or has not failed' },
});

export class JobRegistry {
  private readonly defs = new Map<string, JobDefinition<unknown>>();

  constructor(defs: readonly AnyJobDefinition[] = []) {
    for (const d of defs) this.register(d);
  }

  register<P>(def: JobDefinition<P>): void {
    if (!def.name || !/^[a-z][a-z0-9_.-]*$/.test(def.name)) throw new Error(`job name "${def.name}" must be lower-case dotted`);
    if (this.defs.has(def.name)) throw new Error(`duplicate job handler "${def.name}"`);
    if (typeof def.handler !== 'function') throw new Error(`job "${def.name}" has no handler`);
    if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`job "${def.name}" needs an integer version ≥ 1`);
    this.defs.set(def.name, def as JobDefinition<unknown>);
  }

  get(name: string): JobDefinition<unknown> {
    const d = this.defs.get(name);
    if (!d) throw new AppError(QueueErrors['queue.unknown_job'], { name });
    return d;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  /** Throws when queued work names jobs this process cannot run. */
  assertCovers(queuedNames: Iterable<string>): void {
    const missing = [...new Set(queuedNames)].filter((n) => !this.defs.has(n));
    if (missing.length) throw new Error(`no handler for queued job(s): ${missing.join(', ')}`);
  }

  /** Validate (and upgrade) a payload for storage or for a run. */
  parse(name: string, payload: unknown, fromVersion?: number): unknown {
    const d = this.get(name);
    let p = payload;
    if (fromVersion !== undefined && fromVersion !== d.version) {
      if (fromVersion > d.version) throw new Error(`job ${name} v${fromVersion} is newer than this process (v${d.version})`);
      if (!d.upgrade) throw new Error(`job ${name} v${fromVersion} cannot be upgraded to v${d.version}`);
      p = d.upgrade(p, fromVersion);
    }
    const r = d.payload.safeParse(p);
    if (!r.success) {
      throw new AppError(QueueErrors['queue.bad_payload'], { name, summary: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
    }
    return r.data;
  }
}
