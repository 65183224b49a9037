// The supervisor's live board (issue 8, item 6): the state of a planned stop at an instant, from its plan and its
// check-in. Pure: instants in ms, the grace in minutes.
//
//   planned     not checked in, its planned start (+ grace) still ahead
//   late        not checked in, its planned start + grace has passed, but a lawful start is still possible
//   overdue     not checked in, the latest start of its window (window end − planned service time) has passed
//   checked_in  checked in, within the planned service time + grace
//   overrun     checked in longer than the planned service time + grace
//   done / left the visit ended with an outcome, or because the collector was asked to leave
export type StopState = 'planned' | 'late' | 'overdue' | 'checked_in' | 'overrun' | 'done' | 'left';

export type StopTimes = {
  /** Planned start and end of the visit (the end − start is its planned service time). */
  startAt: number;
  endAt: number;
  /** The end of the window in which the whole visit must take place. */
  windowEndAt: number;
};
export type VisitTimes = { status: string; checkedInAt: number; endedAt: number | null } | null;

const MINUTE = 60_000;

/** True when a visit checked in at `checkedInAt` and still open has run past its service time plus the grace. */
export function isOverrun(checkedInAt: number, serviceMs: number, graceMinutes: number, now: number): boolean {
  return now > checkedInAt + serviceMs + graceMinutes * MINUTE;
}

export function stopState(stop: StopTimes, visit: VisitTimes, now: number, graceMinutes: number): StopState {
  const service = Math.max(0, stop.endAt - stop.startAt);
  if (visit) {
    if (visit.status === 'left') return 'left';
    if (visit.endedAt !== null || visit.status !== 'checked_in') return 'done';
    return isOverrun(visit.checkedInAt, service, graceMinutes, now) ? 'overrun' : 'checked_in';
  }
  if (now > stop.windowEndAt - service) return 'overdue';
  if (now > stop.startAt + graceMinutes * MINUTE) return 'late';
  return 'planned';
}

/** Minutes between two instants, rounded down; null when the second is unknown. */
export function minutesBetween(from: number, to: number | null): number | null {
  return to === null ? null : Math.max(0, Math.floor((to - from) / MINUTE));
}
