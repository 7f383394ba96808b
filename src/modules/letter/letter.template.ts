import Mustache from 'mustache';
import { LetterKind } from './letter-kind';
import { LetterErrors } from './letter.errors';

/*
 * Letter bodies are Mustache templates (logic-less: placeholders, and sections
 * over lists), so a partnership can word its letters without being able to make
 * a letter say anything the hub did not hand it. Each kind is handed only what
 * DOMAIN.md lets a letter contain: dates, categories, the decision and its
 * reason, the findings and the recommendations (agency and text). A template
 * naming anything else is refused when it is saved.
 */

/** Longest template a partnership may save. */
export const MAX_TEMPLATE = 10_000;

const COMMON = ['reference', 'partnershipName', 'applicantName', 'officerName', 'today', 'receivedOn', 'thresholdDecisionDueOn', 'outcomeDueOn', 'outcomeWorkingDays'] as const;
const DECISION = ['decisionReason', 'decidedOn', 'reports', 'reportCount'] as const;
const PANEL = ['findings', 'reviewedOn', 'recommendations'] as const;

/** The placeholders each kind of letter is given. */
export const PLACEHOLDERS: Record<LetterKind, readonly string[]> = {
  ACKNOWLEDGEMENT: COMMON,
  THRESHOLD_MET: [...COMMON, ...DECISION],
  THRESHOLD_NOT_MET: [...COMMON, ...DECISION, 'alternativeAction'],
  DELAY: [...COMMON, 'delayReason', 'delayNotifiedOn'],
  OUTCOME: [...COMMON, ...PANEL],
  SECONDARY_REVIEW_OUTCOME: [...COMMON, ...PANEL, 'secondaryReviewDueOn'],
  CLOSURE: [...COMMON, 'closureReason', 'closedOn'],
};

/** The fields of each list's items (inside {{#reports}} ... {{/reports}}). */
export const LIST_ITEMS: Record<string, readonly string[]> = {
  reports: ['date', 'category'],
  recommendations: ['agency', 'text', 'dueOn'],
};

/** What a letter's template is rendered with: strings, and lists of string records. */
export type TemplateView = Record<string, string | number | readonly Record<string, string>[]>;

type Token = [type: string, value: string, start: number, end: number, children?: Token[]];

/** Refuses (BAD_USER_INPUT naming `field`) a template that does not parse or names a placeholder this kind is not given. */
export function checkTemplate(kind: LetterKind, text: string, field: string): void {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(text) as unknown as Token[];
  } catch (error) {
    throw LetterErrors.BAD_TEMPLATE(field, `The template does not parse: ${(error as Error).message}`);
  }
  const walk = (list: Token[], scope: ReadonlySet<string>) => {
    for (const [type, name, , , children] of list) {
      if (type === 'text' || type === '!') continue;
      if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') {
        throw LetterErrors.BAD_TEMPLATE(field, `Only placeholders and sections may be used in a template (not {{${type} ...}})`);
      }
      if (!scope.has(name)) {
        throw LetterErrors.BAD_TEMPLATE(field, `{{${name}}} is not given to a ${kind} letter; it may use: ${[...scope].join(', ')}`);
      }
      if (children) walk(children, type === '#' && LIST_ITEMS[name] ? new Set([...scope, ...LIST_ITEMS[name]]) : scope);
    }
  };
  walk(tokens, new Set(PLACEHOLDERS[kind]));
}

/** Renders a body as plain text (no HTML escaping: a letter is text), with runs of blank lines closed up. */
export function renderTemplate(text: string, view: TemplateView): string {
  const rendered = Mustache.render(text, view, {}, { escape: (value: unknown) => String(value) });
  return rendered
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
