import { DomainError, type Violation } from '../errors.js';
import type { Language } from '../labels.js';
import {
  NOTIFICATION_TEMPLATES,
  type NotificationParamKind,
  type NotificationTemplate,
} from './notification-templates.js';
import { formatDate, formatDateTime, formatDuration } from './notification-time.js';

/** A localised parameter value: what a person reads depends on their language. */
export type LocalisedText = { 'zh-CN': string; en: string };
export type NotificationParamValue = string | number | LocalisedText;
export type NotificationParams = Record<string, NotificationParamValue>;

export interface RenderedNotification {
  subject: string;
  body: string;
}

export interface RenderOptions {
  /** A rehearsal's messages say so, in the subject and at the top of the body. */
  rehearsal: boolean;
}

export const REHEARSAL_MARK: Record<Language, { subject: string; body: string }> = {
  'zh-CN': { subject: '【演练】', body: '【演练】本消息来自演练活动，并非真实任务。' },
  en: {
    subject: '[Rehearsal] ',
    body: '[Rehearsal] This message comes from a rehearsal, not from a real campaign.',
  },
};

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

const isLocalised = (value: unknown): value is LocalisedText =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LocalisedText)['zh-CN'] === 'string' &&
  typeof (value as LocalisedText).en === 'string';

function templateOf(templateKey: string): NotificationTemplate {
  const template = (NOTIFICATION_TEMPLATES as Record<string, NotificationTemplate>)[templateKey];
  if (!template || !Object.hasOwn(NOTIFICATION_TEMPLATES, templateKey)) {
    throw new DomainError('invalid', `unknown notification template "${templateKey}"`, [
      { field: 'templateKey', rule: 'unknown_template', message: `no template "${templateKey}"` },
    ]);
  }
  return template;
}

/** One parameter as a person reads it, or undefined when the value does not fit its kind. */
function formatParam(
  kind: NotificationParamKind,
  value: NotificationParamValue,
  language: Language,
): string | undefined {
  if (isLocalised(value)) return kind === 'text' ? value[language] : undefined;
  if (typeof value === 'object') return undefined;
  switch (kind) {
    case 'text':
      return String(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value)
        ? `${Math.round(value * 10) / 10}%`
        : undefined;
    case 'datetime':
      return formatDateTime(value, language);
    case 'date':
      return formatDate(value, language);
    case 'duration':
      return formatDuration(value, language);
  }
}

/**
 * Every problem with a template key and its parameters: unknown template, missing parameters,
 * values that do not fit their kind. Empty when the notification can be rendered.
 */
export function notificationParamProblems(
  templateKey: string,
  params: Readonly<Record<string, unknown>>,
): Violation[] {
  let template: NotificationTemplate;
  try {
    template = templateOf(templateKey);
  } catch (error) {
    return [...(error as DomainError).violations];
  }
  const problems: Violation[] = [];
  for (const [name, kind] of Object.entries(template.params)) {
    const value = params[name];
    if (value === undefined || value === null) {
      problems.push({
        field: `params.${name}`,
        rule: 'missing_param',
        message: `"${templateKey}" needs the parameter "${name}"`,
      });
      continue;
    }
    const ok =
      (typeof value === 'string' || typeof value === 'number' || isLocalised(value)) &&
      formatParam(kind, value, 'zh-CN') !== undefined &&
      formatParam(kind, value, 'en') !== undefined;
    if (!ok) {
      problems.push({
        field: `params.${name}`,
        rule: 'bad_param',
        message: `"${name}" of "${templateKey}" must be a ${kind}`,
      });
    }
  }
  return problems;
}

/** Throws the domain error `invalid` listing every problem, when there is one. */
export function assertNotificationParams(
  templateKey: string,
  params: Readonly<Record<string, unknown>>,
): void {
  const problems = notificationParamProblems(templateKey, params);
  if (problems.length > 0) {
    throw new DomainError(
      'invalid',
      `cannot render notification "${templateKey}": ${problems.map((p) => p.field).join(', ')}`,
      problems,
    );
  }
}

/**
 * A notification in one language: its template's subject and body with every `{param}` filled
 * in. A missing or ill-typed parameter, or an unknown template, is an error (`invalid`), never a
 * message with a hole in it. Parameters the template does not use are ignored.
 */
export function renderNotification(
  templateKey: string,
  params: Readonly<NotificationParams>,
  language: Language,
  options: RenderOptions,
): RenderedNotification {
  const template = templateOf(templateKey);
  assertNotificationParams(templateKey, params);
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (whole, name: string, at: number) => {
      const kind = template.params[name];
      const value = params[name];
      // A placeholder the template does not declare is a catalogue bug the unit tests catch.
      if (!kind || value === undefined) throw new DomainError('invalid', `undeclared ${whole}`);
      const shown = formatParam(kind, value, language)!;
      // Quotes inside quotes are single (GB/T 15834): “‘三问三答’专题讨论”, not “““三问三答”……”.
      return text[at - 1] === '“' && text[at + whole.length] === '”'
        ? shown.replaceAll('“', '‘').replaceAll('”', '’')
        : shown;
    });
  const { subject, body } = template.text[language];
  const rendered = { subject: fill(subject), body: fill(body) };
  if (!options.rehearsal) return rendered;
  const mark = REHEARSAL_MARK[language];
  return {
    subject: `${mark.subject}${rendered.subject}`,
    body: `${mark.body}\n\n${rendered.body}`,
  };
}

/**
 * The daily digest mail: the day's held reminders, each already rendered in the reader's
 * language, numbered inside the `digest` template.
 */
export function renderDigest(
  entries: readonly RenderedNotification[],
  date: string,
  language: Language,
): RenderedNotification {
  const items = entries.map((entry, i) => `${i + 1}. ${entry.subject}\n${entry.body}`).join('\n\n');
  return renderNotification('digest', { date, count: entries.length, items }, language, {
    rehearsal: false,
  });
}
