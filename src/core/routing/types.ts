// Vehicle routing with time windows (VRPTW) — the data the engine works on. Pure data, no behaviour.
//
// Node 0 is the depot (the base a field pair starts from and returns to); nodes 1..size are the visits
// ("customers" in the literature). Every per-node array has length size + 1 and is indexed by node.

/** A VRPTW instance. Times and distances are in the same unit as the matrices (Solomon: one unit = one minute). */
export type RoutingInstance = {
  readonly name: string;
  /** Number of customers n; nodes are 0 (depot) … n. */
  readonly size: number;
  /** Capacity of every vehicle, in demand units (field visits: use demand 0, or 1 with a visits-per-day cap). */
  readonly capacity: number;
  /** Most vehicles (routes) that may be used. */
  readonly maxVehicles: number;
  readonly demand: readonly number[];
  /** Earliest start of service; the depot's is the earliest departure. */
  readonly ready: readonly number[];
  /** Latest start of service; the depot's is the latest return (end of the working day). */
  readonly due: readonly number[];
  readonly service: readonly number[];
  /** Row-major (size+1)² matrix: cost of travelling i → j (the objective's "distance"). */
  readonly distance: Float64Array;
  /** Row-major (size+1)² matrix: travel time i → j. Solomon instances pass the distance matrix itself. */
  readonly time: Float64Array;
  /** Optional visits may be left out when the day is full; a mandatory visit is never dropped. */
  readonly optional?: readonly boolean[];
  /** Value of an optional visit in distance units: leaving it out costs its prize in the objective. */
  readonly prize?: readonly number[];
  /** Coordinates when the instance has them (for display; the matrices are authoritative). */
  readonly coords?: readonly (readonly [number, number])[];
};

/** A route is the customers visited in order, without the depot at either end. */
export type Routes = readonly (readonly number[])[];

export type Objective = 'vehicles-then-distance' | 'distance';

export type SolveOptions = {
  /** Wall-clock budget; only enforced when `now` is given (src/core reads no clock). */
  readonly timeLimitMs?: number;
  /** Iteration budget of the improvement phases; with it (and no binding time limit) the result is reproducible. */
  readonly maxIterations?: number;
  readonly seed?: number;
  readonly objective?: Objective;
  /** Monotonic milliseconds, e.g. `performance.now` — injected so src/core stays pure. */
  readonly now?: () => number;
};

export type Solution = {
  readonly routes: number[][];
  readonly vehicles: number;
  readonly distance: number;
  /** Optional customers left out. */
  readonly dropped: number[];
  /** Mandatory customers that could not be served (each infeasible on its own, or the fleet is too small). */
  readonly unserved: number[];
  readonly iterations: number;
};
