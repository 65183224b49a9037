// Travel between a plan's points (issue 8, item 2): great-circle × detour factor ÷ speed, or a road-distance provider.
// The OSRM adapter asks an OSRM server's table service for the whole matrix in one request
// (GET /table/v1/driving/lon,lat;lon,lat?annotations=duration,distance); when the server cannot be reached or answers
// with anything but a full table, it logs a warning and plans with great-circle times instead, so a plan is never
// refused for want of a road network. A pair OSRM cannot route (null cell) gets the great-circle value.
import type { Config } from '../../config/index.js';
import { greatCircleMatrix, type PlanSettings, type TravelMatrix } from './visits.planner.js';

type Point = { latitude: number; longitude: number };
/** Where the fallback warning goes (the app's pino logger). */
export type WarnLogger = { warn(obj: Record<string, unknown>, msg: string): void };
export type TravelResult = TravelMatrix & { provider: 'great-circle' | 'osrm'; fallback?: string };
export type TravelProvider = { name: 'great-circle' | 'osrm'; matrix(points: Point[], s: PlanSettings): Promise<TravelResult> };

export const greatCircleProvider: TravelProvider = {
  name: 'great-circle',
  matrix: async (points, s) => ({ ...greatCircleMatrix(points, s), provider: 'great-circle' }),
};

type OsrmTable = { code?: string; message?: string; durations?: Array<Array<number | null>>; distances?: Array<Array<number | null>> };

export function osrmProvider(opts: { url: string; logger: WarnLogger; timeoutMs?: number; fetch?: typeof fetch }): TravelProvider {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    name: 'osrm',
    async matrix(points, s) {
      const fallback = greatCircleMatrix(points, s);
      if (points.length < 2) return { ...fallback, provider: 'osrm' };
      const coords = points.map((p) => `${p.longitude.toFixed(6)},${p.latitude.toFixed(6)}`).join(';');
      const url = `${opts.url}/table/v1/driving/${coords}?annotations=duration,distance`;
      let reason: string;
      try {
        const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await res.json().catch(() => ({}))) as OsrmTable;
        const n = points.length;
        const square = (m: OsrmTable['durations']) => Array.isArray(m) && m.length === n && m.every((row) => Array.isArray(row) && row.length === n);
        if (res.ok && body.code === 'Ok' && square(body.durations) && square(body.distances)) {
          const km = new Float64Array(n * n);
          const minutes = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              const sec = body.durations![i]![j];
              const m = body.distances![i]![j];
              const ok = typeof sec === 'number' && typeof m === 'number' && Number.isFinite(sec) && Number.isFinite(m);
              km[i * n + j] = ok ? m / 1000 : fallback.km[i * n + j]!;
              minutes[i * n + j] = ok ? sec / 60 : fallback.minutes[i * n + j]!;
            }
          }
          return { km, minutes, provider: 'osrm' };
        }
        reason = `HTTP ${res.status}${body.code ? ` ${body.code}` : ''}${body.message ? `: ${body.message}` : ''}`;
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
      }
      opts.logger.warn({ url: opts.url, error: reason, points: points.length }, 'OSRM unavailable: planning with great-circle travel times instead');
      return { ...fallback, provider: 'great-circle', fallback: reason };
    },
  };
}

/** The provider the configuration asks for (CONCORD_ROUTING_PROVIDER, CONCORD_OSRM_URL). */
export function travelProviderOf(config: Pick<Config, 'routingProvider' | 'osrmUrl'>, logger: WarnLogger): TravelProvider {
  if (config.routingProvider !== 'osrm') return greatCircleProvider;
  if (!config.osrmUrl) {
    logger.warn({}, 'CONCORD_ROUTING_PROVIDER=osrm without CONCORD_OSRM_URL: planning with great-circle travel times');
    return greatCircleProvider;
  }
  return osrmProvider({ url: config.osrmUrl, logger });
}
