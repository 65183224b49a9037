import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../index.js';

describe('configuration', () => {
  it('defaults to embedded SQLite in ./data with the sqlite queue and an in-process worker', () => {
    const c = loadConfig({});
    expect(c.dialect).toBe('sqlite');
    expect(c.databaseUrl).toMatch(/^sqlite:.*data\/concord\.db$/);
    expect(c.queue).toBe('sqlite');
    expect(c.embeddedWorker).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe('info');
  });

  it('on PostgreSQL picks graphile-worker and no in-process worker', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/concord', PORT: '8080' });
    expect(c.dialect).toBe('postgres');
    expect(c.queue).toBe('graphile');
    expect(c.embeddedWorker).toBe(false);
    expect(c.port).toBe(8080);
  });

  it('names every bad variable at once', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CONCORD_QUEUE: 'kafka' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('PORT');
    expect(msg).toContain('LOG_LEVEL');
    expect(msg).toContain('CONCORD_QUEUE');
  });

  it('refuses a queue that cannot work on the database', () => {
    expect(() => loadConfig({ CONCORD_QUEUE: 'graphile' })).toThrow(/graphile needs a PostgreSQL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', CONCORD_QUEUE: 'sqlite' })).toThrow(/sqlite needs a SQLite/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
  });

  it('takes a map tile URL template only with {z}, {x} and {y}; none by default', () => {
    expect(loadConfig({}).mapTileUrl).toBeNull();
    expect(loadConfig({ CONCORD_MAP_TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png' }).mapTileUrl).toBe('https://tiles.example/{z}/{x}/{y}.png');
    expect(() => loadConfig({ CONCORD_MAP_TILE_URL: 'https://tiles.example/{x}/{y}.png' })).toThrow(/CONCORD_MAP_TILE_URL/);
  });

  it('does not trust X-Forwarded-For unless told which proxies to trust', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ CONCORD_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ CONCORD_TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1');
  });

  it('CONCORD_DATA_DIR moves the default database', () => {
    expect(loadConfig({ CONCORD_DATA_DIR: '/tmp/elsewhere' }).databaseUrl).toBe('sqlite:/tmp/elsewhere/concord.db');
  });
});
