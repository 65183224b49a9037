// Spreadsheet-compatible PMT (Excel, LibreOffice/OpenOffice Calc, SpreadJS): the constant payment per period of a
// loan or savings plan. Floating point like the spreadsheets; a negative result is money paid out (Excel's sign
// convention: pv > 0 received now ⇒ payments < 0). Use `buildSchedule` when the figure becomes money.
//
//   rate = 0:  PMT = −(pv + fv) / nper
//   else:      PMT = −(rate·(pv·(1+rate)^nper + fv)) / ((1 + rate·type)·((1+rate)^nper − 1))

import { NegotiationError } from './errors.js';

/**
 * PMT(rate, nper, pv, fv = 0, type = 0) — `rate` per period (0.08 / 12), `nper` periods, `pv` present value,
 * `fv` future value, `type` 0 = payments at period end, 1 = at period start. Same semantics as Excel's PMT.
 */
export function pmt(rate: number, nper: number, pv: number, fv = 0, type: 0 | 1 = 0): number {
  for (const [name, v] of [['rate', rate], ['nper', nper], ['pv', pv], ['fv', fv]] as const) {
    if (!Number.isFinite(v)) throw new NegotiationError('invalid_input', name, `must be a finite number, got ${v}`);
  }
  if (nper === 0) throw new NegotiationError('invalid_input', 'nper', 'must not be 0 (Excel: #NUM!)');
  if (type !== 0 && type !== 1) throw new NegotiationError('invalid_input', 'type', 'must be 0 or 1');
  if (rate === 0) return -(pv + fv) / nper;
  const growth = Math.pow(1 + rate, nper);
  return -(rate * (pv * growth + fv)) / ((1 + rate * type) * (growth - 1));
}

/** A spreadsheet figure rounded to `digits` decimals, half away from zero (ROUND in Excel). */
export function roundTo(x: number, digits = 2): number {
  const f = 10 ** digits;
  const y = Math.abs(x) * f;
  // Nudge by a relative epsilon so 1.005-style binary representations round as the decimal reads.
  const r = Math.round(y * (1 + Number.EPSILON * 4)) / f;
  return x < 0 ? -r : r;
}
