// A debtor's stated availability at an address ("weekdays after 18:00"): structured windows, one per day of the week
// (1 Monday … 7 Sunday, ISO) with a local from/to time. Pure: validation, the windows of a date, and a short label.
import { parseDay, parseTimeOfDay, weekday } from '../compliance/zone.js';

export type AvailabilityWindow = { dayOfWeek: number; from: string; to: string };
export type AvailabilityIssue = { path: string; message: string; messageEn: string };

/** Problems with a list of windows, each naming the row (`windows.2.to`); empty when valid. */
export function availabilityIssues(windows: readonly AvailabilityWindow[]): AvailabilityIssue[] {
  const issues: AvailabilityIssue[] = [];
  windows.forEach((w, i) => {
    const at = `windows.${i}`;
    if (!Number.isInteger(w.dayOfWeek) || w.dayOfWeek < 1 || w.dayOfWeek > 7) {
      issues.push({ path: `${at}.dayOfWeek`, message: `第${i + 1}行：星期须为1（周一）至7（周日）`, messageEn: `Row ${i + 1}: the day of week must be 1 (Monday) to 7 (Sunday)` });
    }
    const from = parseTimeOfDay(w.from);
    const to = parseTimeOfDay(w.to);
    if (Number.isNaN(from)) issues.push({ path: `${at}.from`, message: `第${i + 1}行：开始时间须为 HH:MM`, messageEn: `Row ${i + 1}: the start time must be HH:MM` });
    if (Number.isNaN(to)) issues.push({ path: `${at}.to`, message: `第${i + 1}行：结束时间须为 HH:MM`, messageEn: `Row ${i + 1}: the end time must be HH:MM` });
    if (!Number.isNaN(from) && !Number.isNaN(to) && to <= from) {
      issues.push({ path: `${at}.to`, message: `第${i + 1}行：结束时间须晚于开始时间`, messageEn: `Row ${i + 1}: the end time must be after the start time` });
    }
  });
  return issues;
}

/** ISO day of week (1 Monday … 7 Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const d = weekday(parseDay(date));
  return d === 0 ? 7 : d;
}

/** The [from, to] wall-clock times of the windows that apply on `date`, earliest first. */
export function windowsOn(windows: readonly AvailabilityWindow[], date: string): Array<[string, string]> {
  const dow = isoWeekday(date);
  return windows.filter((w) => w.dayOfWeek === dow).map((w) => [w.from, w.to] as [string, string]).sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

const ZH_DAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const EN_DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "周一至周五 18:00–21:00；周六 10:00–12:00": consecutive days with the same hours grouped; '' when none. */
export function describeAvailability(windows: readonly AvailabilityWindow[], locale: 'zh-CN' | 'en'): string {
  const byHours = new Map<string, number[]>();
  for (const w of [...windows].sort((a, b) => a.dayOfWeek - b.dayOfWeek)) {
    const key = `${w.from}–${w.to}`;
    byHours.set(key, [...(byHours.get(key) ?? []), w.dayOfWeek]);
  }
  const names = locale === 'en' ? EN_DAYS : ZH_DAYS;
  const parts: string[] = [];
  for (const [hours, days] of byHours) {
    const runs: string[] = [];
    for (let i = 0; i < days.length;) {
      let j = i;
      while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
      const a = names[days[i]!]!;
      runs.push(j - i >= 2 ? `${a}${locale === 'en' ? '–' : '至'}${names[days[j]!]}` : days.slice(i, j + 1).map((d) => names[d]).join(locale === 'en' ? ', ' : '、'));
      i = j + 1;
    }
    parts.push(`${runs.join(locale === 'en' ? ', ' : '、')} ${hours}`);
  }
  return parts.join(locale === 'en' ? '; ' : '；');
}
