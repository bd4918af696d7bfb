import { label, type LabelKind, LABELS, type Language, type PhaseKind } from '@campaign/domain';
import { ApiProperty } from '@nestjs/swagger';

/** An enum value as people read it: its code, and its label in the caller's language. */
export class LabelledView {
  @ApiProperty() code!: string;
  @ApiProperty({ description: "In the caller's language (Accept-Language; zh-CN by default)" })
  label!: string;
}

/** `{ code, label }` for an enum value of the one label catalogue. */
export function labelled<K extends LabelKind>(
  kind: K,
  value: keyof (typeof LABELS)[K],
  language: Language,
): LabelledView {
  return { code: String(value), label: label(kind, value, language) };
}

/**
 * A phase as its campaign calls it: the plan's own name (seed 003's 问题排查, 年终总结) over the
 * catalogue's, which only names a phase the plan left unnamed.
 */
export function phaseLabelled(
  kind: PhaseKind,
  name: Partial<Record<Language, string>> | null | undefined,
  language: Language,
): LabelledView {
  return { code: kind, label: name?.[language] || label('phase', kind, language) };
}
