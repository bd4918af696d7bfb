import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { LabelledView } from '../../common/labelled.js';

export class GateView {
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: "Share of members' required tasks done when the phase closed" })
  memberRate!: number;
  @ApiProperty() unitTasksDone!: number;
  @ApiProperty() unitTasksOwed!: number;
}

export class UnitPhaseView {
  @ApiProperty() phaseIndex!: number;
  @ApiProperty({ description: 'Tasks owed (open or done)' }) owed!: number;
  @ApiProperty() done!: number;
  @ApiProperty({ description: 'Open past their deadline, at campaign time now' }) overdue!: number;
  @ApiProperty({ description: '0..1' }) completionRate!: number;
  @ApiProperty({ type: GateView, nullable: true }) gate!: GateView | null;
  @ApiProperty({ type: LabelledView, description: 'green / yellow / red' }) status!: LabelledView;
}

export class UnitProgressView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ type: [UnitPhaseView] }) phases!: UnitPhaseView[];
}

export class PhaseTotalView {
  @ApiProperty() phaseIndex!: number;
  @ApiProperty() owed!: number;
  @ApiProperty() done!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() completionRate!: number;
}

export class PersonPhaseView {
  @ApiProperty() phaseIndex!: number;
  @ApiProperty() owed!: number;
  @ApiProperty() done!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() completionRate!: number;
}

export class PersonProgressView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ type: [PersonPhaseView] }) phases!: PersonPhaseView[];
}

export class ProgressPhaseView {
  @ApiProperty() index!: number;
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty() name!: string;
}

export class ProgressView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ description: 'Campaign time the figures are computed at' }) now!: string;
  @ApiProperty({ type: [ProgressPhaseView] }) phases!: ProgressPhaseView[];
  @ApiProperty({ type: [UnitProgressView] }) units!: UnitProgressView[];
  @ApiProperty({ type: [PhaseTotalView], description: 'All units in your scope together' })
  totals!: PhaseTotalView[];
  @ApiPropertyOptional({ type: [PersonProgressView] }) people?: PersonProgressView[];
}
