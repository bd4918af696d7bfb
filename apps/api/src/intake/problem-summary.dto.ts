import type { Language } from '@campaign/domain';
import type { ProblemSummary } from '@campaign/persistence';
import { ApiProperty } from '@nestjs/swagger';

import { labelled, LabelledView } from '../common/labelled.js';
import { ConcealmentFlagView, DispositionView, dispositionView } from './problems.dto.js';

/** A problem's ledger item as lists show it. */
export class ProblemItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "Its number in the campaign's ledger" }) number!: number;
  @ApiProperty({ description: 'The problem in the words of whoever registered it' })
  description!: string;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
}

/**
 * A problem in a list, a checklist, a meeting or an integrity file: where it came from, what the
 * disclosure rules made of it, its flag and the disposition that counts. Never a statement's
 * content.
 */
export class ProblemSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() campaignTitle!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty({ format: 'uuid', description: "The person's unit when it was found" })
  unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: LabelledView }) channel!: LabelledView;
  @ApiProperty({ type: Number, nullable: true }) sourceRound!: number | null;
  @ApiProperty({ type: LabelledView }) category!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) clarificationItem!: LabelledView | null;
  @ApiProperty({ type: LabelledView }) severity!: LabelledView;
  @ApiProperty({ type: LabelledView }) handling!: LabelledView;
  @ApiProperty({ format: 'uuid' }) foundByUnitId!: string;
  @ApiProperty({ type: String, nullable: true }) foundByUnitName!: string | null;
  @ApiProperty({ type: LabelledView }) disclosure!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) portraitSource!: LabelledView | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) meetingId!: string | null;
  @ApiProperty({ description: 'Campaign time' }) registeredAt!: string;
  @ApiProperty({ type: String, nullable: true }) reportedBackAt!: string | null;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ type: ProblemItemView }) item!: ProblemItemView;
  @ApiProperty({ type: ConcealmentFlagView, nullable: true })
  concealmentFlag!: ConcealmentFlagView | null;
  @ApiProperty({
    type: DispositionView,
    nullable: true,
    description: 'The latest disposition: the one that counts',
  })
  disposition!: DispositionView | null;
}

export class ProblemPageView {
  @ApiProperty({ type: [ProblemSummaryView] }) items!: ProblemSummaryView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export function problemSummaryView(p: ProblemSummary, language: Language): ProblemSummaryView {
  return {
    id: p.id,
    campaignId: p.campaignId,
    campaignTitle: p.campaignTitle,
    personId: p.personId,
    personName: p.personName,
    unitId: p.unitId,
    unitName: p.unitName,
    channel: labelled('itemSource', p.channel, language),
    sourceRound: p.sourceRound,
    category: labelled('itemCategory', p.category, language),
    clarificationItem:
      p.clarificationItem === null
        ? null
        : labelled('clarificationItem', p.clarificationItem, language),
    severity: labelled('problemSeverity', p.severity, language),
    handling: labelled('problemHandling', p.handling, language),
    foundByUnitId: p.foundByUnitId,
    foundByUnitName: p.foundByUnitName,
    disclosure: labelled('disclosureOutcome', p.disclosure, language),
    portraitSource:
      p.portraitSource === null ? null : labelled('portraitSource', p.portraitSource, language),
    meetingId: p.meetingId,
    registeredAt: p.registeredAt.toISOString(),
    reportedBackAt: p.reportedBackAt?.toISOString() ?? null,
    rehearsal: p.rehearsal,
    item: {
      id: p.item.id,
      number: p.item.number,
      description: p.item.description,
      status: labelled('itemStatus', p.item.status, language),
    },
    concealmentFlag: p.flag
      ? {
          id: p.flag.id,
          status: labelled('concealmentFlagStatus', p.flag.status, language),
          clarificationItem: labelled('clarificationItem', p.flag.clarificationItem, language),
          statementId: p.flag.statementId,
          statementVersion: p.flag.statementVersion,
          raisedAt: p.flag.raisedAt.toISOString(),
          decidedAt: p.flag.decidedAt?.toISOString() ?? null,
          decidedByPersonId: p.flag.decidedByPersonId,
          reason: p.flag.reason,
        }
      : null,
    disposition: p.disposition ? dispositionView(p.disposition, language) : null,
  };
}
