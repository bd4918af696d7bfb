import type { Language } from '../labels.js';

/**
 * A ledger item as a message names it, in each language: 第3项问题“……” as an office writes it
 * (not "#3"), with the start of its description.
 */
export function itemReference(number: number, description: string): Record<Language, string> {
  const text = description.replace(/\s+/g, ' ').trim();
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return { 'zh-CN': `第${number}项问题“${short}”`, en: `item No. ${number} "${short}"` };
}
