// Supervisors' and managers' dashboards (issue 9, part 6): a period's recovery, roll rates between the last two nightly
// runs, promise-kept and contact rates, per collector; the score distribution and its drift; champion vs challenger.
import { z } from 'zod';
import { idSchema } from './common.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const dashboardQuerySchema = z.strictObject({
  /** A supervisor sees their own team; an admin one team or, without it, the whole portfolio. */
  teamId: idSchema.optional(),
  from: day.optional(),
  to: day.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

const money = z.object({ currency: z.string(), minor: z.number() });

export const collectorRowSchema = z.object({
  userId: idSchema,
  displayName: z.string(),
  role: z.string(),
  teamName: z.string().nullable(),
  openCases: z.number(),
  /** Outstanding on the collector's open cases, in the book's main currency (minor units). */
  balanceMinor: z.number(),
  /** Payments in the period on the cases the collector now holds, main currency. */
  collectedMinor: z.number(),
  attempts: z.number(),
  rightPartyContacts: z.number(),
  promisesMade: z.number(),
  promisesDue: z.number(),
  promisesKept: z.number(),
});
export type CollectorRow = z.infer<typeof collectorRowSchema>;

export const dashboardSchema = z.object({
  scope: z.object({ teamId: idSchema.nullable(), teamName: z.string().nullable(), from: day, to: day, currency: z.string() }),
  teams: z.array(z.object({ id: idSchema, name: z.string() })),
  recovery: z.object({
    /** Collected per day of the period (net of reversed payments), main currency. */
    daily: z.array(z.object({ day, minor: z.number(), payments: z.number() })),
    collectedMinor: z.number(),
    openBalanceMinor: z.number(),
    /** collected ÷ (collected + open balance): the share of the book in scope recovered in the period. */
    rate: z.number().nullable(),
    /** Other currencies, reported apart (never summed with the main one). */
    otherCurrencies: z.array(z.object({ collected: money, open: money })),
  }),
  rollRates: z.object({
    fromAsOf: day.nullable(),
    toAsOf: day.nullable(),
    cells: z.array(z.object({ from: z.string(), to: z.string(), count: z.number(), share: z.number() })),
  }),
  promises: z.object({
    made: z.number(),
    /** Promises due in the period, by status. */
    due: z.object({ kept: z.number(), partially_kept: z.number(), broken: z.number(), pending: z.number() }),
    /** kept ÷ (kept + partially kept + broken); pending ones are not yet decided. */
    keptRate: z.number().nullable(),
  }),
  contacts: z.object({
    byChannel: z.array(z.object({ channel: z.string(), attempts: z.number(), rightParty: z.number(), blocked: z.number() })),
    attempts: z.number(),
    rightParty: z.number(),
    /** Right-party contacts ÷ completed outbound attempts. */
    rate: z.number().nullable(),
  }),
  collectors: z.array(collectorRowSchema),
  scores: z.object({
    asOf: day.nullable(),
    /** Ten bins of 10 points: 0–9 … 90–100. */
    histogram: z.array(z.number()),
    previousHistogram: z.array(z.number()),
    /** PSI per completed run, oldest first (the whole portfolio). */
    drift: z.array(z.object({ asOf: day, psi: z.number().nullable(), meanScore: z.number().nullable() })),
  }),
  /**
   * Champion vs challenger: arm membership from the latest run (the split is a stable hash, so a case stays in its arm
   * while the experiment is unchanged), outcomes in the period. `none`: decided by the built-in default strategy.
   */
  arms: z.array(
    z.object({
      arm: z.enum(['champion', 'challenger', 'none']),
      cases: z.number(),
      collectedMinor: z.number(),
      promisesDecided: z.number(),
      promisesKept: z.number(),
      attempts: z.number(),
      rightParty: z.number(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
