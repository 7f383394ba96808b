import { addCalendarMonths, londonDate } from '../../common/working-days';
import { ASB_CATEGORY_WORDS, type AsbCategory } from '../incident/asb-category';
import type { ChronologyEntry } from './panel-pack.types';

/*
 * The timeline picture's geometry, worked out once and drawn twice: as inline
 * SVG in the HTML pack and with PDFKit's vector drawing in the PDF, so both
 * show the same marks. Units are the SVG's user units; the PDF scales them.
 */

export const TIMELINE_WIDTH = 900;
const LABEL_WIDTH = 190;
const RIGHT_PAD = 20;
const TOP = 44;
const ROW_HEIGHT = 44;
const AXIS_GAP = 12;
const MARK_RADIUS = 6;
const DAY_MS = 86_400_000;

export type TimelineMark = { x: number; y: number; r: number; incidentId: string; redacted: boolean; label: string };
export type TimelineRow = { agencyId: string; label: string; y: number; top: number };
export type Timeline = {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  rows: TimelineRow[];
  marks: TimelineMark[];
  /** The six calendar months before the application (shaded). */
  window: { x1: number; x2: number; from: string; to: string };
  application: { x: number; on: string };
  ticks: { x: number; label: string }[];
  /** Where the legend starts (below the axis). */
  legendY: number;
  /** One sentence that says what the picture shows, for its text alternative. */
  summary: string;
};

/** A category as a label starts: "Noise", "Intimidation or harassment". */
export const categoryLabel = (category: AsbCategory): string => ASB_CATEGORY_WORDS[category].replace(/^./, (c) => c.toUpperCase());

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const monthLabel = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/**
 * One row per agency that holds a visible incident (in `agencyOrder`), a mark
 * per INCIDENT entry of the chronology at its date (Europe/London), the six
 * months before `applicationOn` and the application date itself.
 */
export function layoutTimeline(chronology: readonly ChronologyEntry[], applicationOn: string, agencyLabel: (agencyId: string) => string): Timeline {
  const incidents = chronology.filter((e) => e.kind === 'INCIDENT');
  const windowFrom = addCalendarMonths(applicationOn, -6);
  const dates = incidents.map((e) => londonDate(e.on));
  const first = Math.min(dayNumber(windowFrom), ...dates.map(dayNumber));
  const last = Math.max(dayNumber(applicationOn), ...dates.map(dayNumber));
  // A little room either side so marks at the ends are not cut in half.
  const pad = Math.max(7, Math.round((last - first) * 0.03));
  const from = first - pad;
  const to = last + pad;
  const left = LABEL_WIDTH;
  const right = TIMELINE_WIDTH - RIGHT_PAD;
  const x = (day: number) => Math.round((left + ((day - from) / (to - from)) * (right - left)) * 10) / 10;

  const agencyIds = [...new Set(incidents.map((e) => e.agencyId ?? ''))].sort((a, b) => agencyLabel(a).localeCompare(agencyLabel(b)));
  const rows = agencyIds.map((agencyId, i) => ({ agencyId, label: agencyLabel(agencyId), top: TOP + i * ROW_HEIGHT, y: TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2 }));
  const rowOf = new Map(rows.map((r) => [r.agencyId, r]));
  const bottom = TOP + Math.max(1, rows.length) * ROW_HEIGHT;

  // Marks of the same day and agency are stacked a little so each stays visible.
  const sameSpot = new Map<string, number>();
  const marks = incidents.map((e, i) => {
    const row = rowOf.get(e.agencyId ?? '')!;
    const key = `${row.agencyId}|${dates[i]}`;
    const n = sameSpot.get(key) ?? 0;
    sameSpot.set(key, n + 1);
    const offset = n === 0 ? 0 : (n % 2 === 1 ? -1 : 1) * Math.ceil(n / 2) * 7;
    const category = e.category ? categoryLabel(e.category) : 'Incident';
    return {
      x: x(dayNumber(dates[i])),
      y: row.y + Math.max(-ROW_HEIGHT / 2 + MARK_RADIUS, Math.min(ROW_HEIGHT / 2 - MARK_RADIUS, offset)),
      r: MARK_RADIUS,
      incidentId: e.sourceId,
      redacted: e.redacted,
      label: `${dates[i]}: ${category}, ${row.label}${e.redacted ? ' (redacted)' : ''}`,
    };
  });

  return {
    width: TIMELINE_WIDTH,
    height: bottom + AXIS_GAP + 30 + 70,
    plot: { left, right, top: TOP, bottom },
    rows,
    marks,
    window: { x1: x(dayNumber(windowFrom)), x2: x(dayNumber(applicationOn)), from: windowFrom, to: applicationOn },
    application: { x: x(dayNumber(applicationOn)), on: applicationOn },
    ticks: monthTicks(from, to).map((date) => ({ x: x(dayNumber(date)), label: monthLabel(date) })),
    legendY: bottom + AXIS_GAP + 38,
    summary:
      `${incidents.length} incident${incidents.length === 1 ? '' : 's'} across ${rows.length} agenc${rows.length === 1 ? 'y' : 'ies'}` +
      `${dates.length ? ` between ${[...dates].sort()[0]} and ${[...dates].sort().at(-1)}` : ''}; ` +
      `the application was received on ${applicationOn}; the shaded band is the six months before it (${windowFrom} to ${applicationOn}).`,
  };
}

/** The first day of each month in the range, thinned to at most about a dozen labels. */
function monthTicks(fromDay: number, toDay: number): string[] {
  const start = new Date(fromDay * DAY_MS).toISOString().slice(0, 8) + '01';
  const months: string[] = [];
  for (let d = addCalendarMonths(start, 1); dayNumber(d) <= toDay; d = addCalendarMonths(d, 1)) months.push(d);
  const step = Math.max(1, Math.ceil(months.length / 12));
  return months.filter((_, i) => i % step === 0);
}
