// Parsers for the two standard VRPTW text formats (pure: string → instance).
//
//   Solomon (1987): a name line, "VEHICLE / NUMBER CAPACITY / n q", then "CUSTOMER" and rows
//     CUST-NO X Y DEMAND READY DUE SERVICE; customer 0 is the depot.
//   VRPLIB (CVRPTW, as distributed by PyVRP/CVRPLIB): "KEY : value" headers (DIMENSION, VEHICLES, CAPACITY,
//     SERVICE_TIME, EDGE_WEIGHT_TYPE EUC_2D), then NODE_COORD_SECTION, DEMAND_SECTION, TIME_WINDOW_SECTION,
//     optional SERVICE_TIME_SECTION, DEPOT_SECTION, EOF. Nodes are numbered from 1; the depot becomes node 0 and
//     the others keep their order, so VRPLIB node k (k > depot) is customer k − 1, as in the .sol files.
//
// Distances: Euclidean in double precision, or with `rounding: 'dimacs'` each edge truncated to one decimal.
// Travel time equals distance.
import { euclideanInstance, type Rounding, type Site } from './instance.js';
import type { RoutingInstance } from './types.js';

export class ParseError extends Error {
  override readonly name = 'ParseError';
}

export type ParseOptions = { readonly rounding?: Rounding };

const numbers = (line: string): number[] | null => {
  const parts = line.trim().split(/\s+/);
  if (parts.length === 0 || parts[0] === '') return null;
  const xs = parts.map(Number);
  return xs.every((x) => Number.isFinite(x)) ? xs : null;
};

export function parseSolomon(text: string, opts: ParseOptions = {}): RoutingInstance {
  const lines = text.split(/\r?\n/);
  const name = lines.find((l) => l.trim() !== '')?.trim() ?? 'solomon';
  const vIdx = lines.findIndex((l) => /\bNUMBER\b/i.test(l) && /\bCAPACITY\b/i.test(l));
  if (vIdx < 0) throw new ParseError('Solomon: no "NUMBER CAPACITY" line');
  let fleet: number[] | null = null;
  let k = vIdx + 1;
  for (; k < lines.length && !fleet; k++) fleet = numbers(lines[k] as string);
  if (!fleet || fleet.length < 2) throw new ParseError(`Solomon: expected "vehicles capacity" after line ${vIdx + 1}`);
  const cIdx = lines.findIndex((l, i) => i >= k && /CUST/i.test(l));
  if (cIdx < 0) throw new ParseError('Solomon: no CUSTOMER header');
  const rows: number[][] = [];
  for (let i = cIdx + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const xs = numbers(line);
    if (!xs && rows.length === 0) continue; // the column header under CUSTOMER
    if (!xs || xs.length < 7) throw new ParseError(`Solomon line ${i + 1}: expected 7 numbers, got "${line.trim()}"`);
    rows.push(xs);
  }
  if (rows.length === 0) throw new ParseError('Solomon: no customers');
  rows.forEach((r, i) => {
    if (r[0] !== i) throw new ParseError(`Solomon: row ${i} has customer number ${r[0]}, expected ${i} (0 is the depot)`);
  });
  const site = (r: number[]): Site => ({ x: r[1]!, y: r[2]!, demand: r[3]!, ready: r[4]!, due: r[5]!, service: r[6]! });
  return euclideanInstance({
    name,
    depot: site(rows[0]!),
    customers: rows.slice(1).map(site),
    capacity: fleet[1]!,
    maxVehicles: fleet[0]!,
    rounding: opts.rounding ?? 'none',
  });
}

export function parseVrplib(text: string, opts: ParseOptions = {}): RoutingInstance {
  const header = new Map<string, string>();
  const sections = new Map<string, number[][]>();
  let current: number[][] | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line === 'EOF') return;
    const kv = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (kv) {
      header.set(kv[1]!, kv[2]!.trim());
      current = null;
      return;
    }
    if (/^[A-Z_]+_SECTION$/.test(line)) {
      current = [];
      sections.set(line, current);
      return;
    }
    const xs = numbers(line);
    if (!xs || !current) throw new ParseError(`VRPLIB line ${i + 1}: unexpected "${line}"`);
    current.push(xs);
  });
  const dim = Number(header.get('DIMENSION'));
  if (!Number.isInteger(dim) || dim < 1) throw new ParseError('VRPLIB: DIMENSION missing or invalid');
  const type = header.get('EDGE_WEIGHT_TYPE') ?? 'EUC_2D';
  if (type !== 'EUC_2D') throw new ParseError(`VRPLIB: EDGE_WEIGHT_TYPE ${type} is not supported (EUC_2D only)`);
  const capacity = Number(header.get('CAPACITY') ?? Number.POSITIVE_INFINITY);
  const globalService = Number(header.get('SERVICE_TIME') ?? 0);
  const byNode = (key: string, width: number, required: boolean): Map<number, number[]> => {
    const rows = sections.get(key);
    const out = new Map<number, number[]>();
    if (!rows) {
      if (required) throw new ParseError(`VRPLIB: ${key} missing`);
      return out;
    }
    for (const r of rows) {
      if (r.length < width + 1) throw new ParseError(`VRPLIB ${key}: row "${r.join(' ')}" has fewer than ${width + 1} numbers`);
      out.set(r[0]!, r.slice(1));
    }
    return out;
  };
  const coords = byNode('NODE_COORD_SECTION', 2, true);
  const demand = byNode('DEMAND_SECTION', 1, false);
  const windows = byNode('TIME_WINDOW_SECTION', 2, false);
  const service = byNode('SERVICE_TIME_SECTION', 1, false);
  const depotId = sections.get('DEPOT_SECTION')?.find((r) => r[0] !== -1)?.[0] ?? 1;
  const site = (id: number): Site => {
    const c = coords.get(id);
    if (!c) throw new ParseError(`VRPLIB: node ${id} has no coordinates`);
    const tw = windows.get(id);
    return {
      x: c[0]!,
      y: c[1]!,
      demand: demand.get(id)?.[0] ?? 0,
      ready: tw?.[0] ?? 0,
      due: tw?.[1] ?? Number.POSITIVE_INFINITY,
      service: service.get(id)?.[0] ?? (id === depotId ? 0 : globalService),
    };
  };
  const ids = Array.from({ length: dim }, (_, i) => i + 1).filter((id) => id !== depotId);
  const vehicles = header.has('VEHICLES') ? Number(header.get('VEHICLES')) : ids.length;
  return euclideanInstance({
    name: header.get('NAME') ?? 'vrplib',
    depot: site(depotId),
    customers: ids.map(site),
    capacity,
    maxVehicles: vehicles,
    rounding: opts.rounding ?? 'none',
  });
}
