import type { ItemCommand } from '@campaign/contracts';

import type {
  LookBackDto,
  RecordNoteDto,
  ReviewDto,
  SpotCheckDto,
  SummaryDto,
  TalkDto,
} from './items.dto.js';

/** A record on an item and the move it stands for. */
export type ItemRecordMove =
  | ({ kind: 'talk' } & TalkDto)
  | ({ kind: 'offence' } & RecordNoteDto)
  | ({ kind: 'review' } & ReviewDto)
  | ({ kind: 'look_back' } & LookBackDto)
  | ({ kind: 'spot_check' } & SpotCheckDto)
  | ({ kind: 'summary' } & SummaryDto);

/** What a record's row holds (its text and details) and the command the workflow is asked. */
export function recordParts(
  move: ItemRecordMove,
  recordId: string,
  by: string,
): { text: string; details: Record<string, unknown>; command: ItemCommand } {
  switch (move.kind) {
    case 'talk':
      return {
        text: move.outcome,
        details: { heldOn: move.heldOn, attendeeIds: move.attendeeIds },
        command: { type: 'talk_recorded', by, recordId },
      };
    case 'offence':
      return {
        text: move.note,
        details: {},
        command: { type: 'offence_repeated', by, recordId },
      };
    case 'review':
      return {
        text: move.note,
        details: { outcome: move.outcome },
        command: { type: 'periodic_review_done', by, outcome: move.outcome },
      };
    case 'look_back':
      return {
        text: move.note,
        details: {
          outcome: move.outcome,
          ...(move.newDeadline ? { newDeadline: move.newDeadline } : {}),
        },
        command: {
          type: 'look_back_done',
          by,
          outcome: move.outcome,
          ...(move.newDeadline ? { newDeadline: move.newDeadline } : {}),
        },
      };
    case 'spot_check':
      return {
        text: move.note,
        details: {
          outcome: move.outcome,
          ...(move.newDeadline ? { newDeadline: move.newDeadline } : {}),
        },
        command: {
          type: 'spot_checked',
          by,
          recordId,
          outcome: move.outcome,
          ...(move.newDeadline ? { newDeadline: move.newDeadline } : {}),
        },
      };
    case 'summary':
      return {
        text: move.text,
        details: move.loopholeTag ? { loopholeTag: move.loopholeTag } : {},
        command: {
          type: 'summary_recorded',
          by,
          summaryId: recordId,
          ...(move.loopholeTag ? { loopholeTag: move.loopholeTag } : {}),
        },
      };
  }
}
