import {
  KEY_PERSON_REASONS,
  type KeyPersonReason,
  PERSON_STATUSES,
  type PersonStatus,
  type Role,
  ROLES,
  UNIT_KINDS,
  type UnitKind,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateIf,
} from 'class-validator';

import { NestedObjects, PageNumber, PageSize } from '../../common/shapes.js';
import { HumanText, TextLength } from '../../common/text.js';

const CODE = /^[A-Za-z0-9_-]+$/;
const PHONE = /^[0-9+\- ()]{3,32}$/;

export class CreateUnitDto {
  @ApiProperty({ example: 'XS-XZ', description: 'Business key used by roster imports' })
  @IsDefined()
  @IsString()
  @TextLength(1, 64)
  @Matches(CODE, { message: 'code may contain only letters, digits, - and _' })
  code!: string;

  @ApiProperty({ example: '西山县公安局刑侦大队' })
  @IsDefined()
  @IsString()
  @TextLength(1, 200)
  @HumanText()
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsDefined()
  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'null only for a new root (admin)' })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsUUID()
  parentId!: string | null;
}

export class RenameUnitDto {
  @ApiProperty({ example: '西山县公安局刑事侦查大队' })
  @IsDefined()
  @IsString()
  @TextLength(1, 200)
  @HumanText()
  name!: string;
}

export class MoveUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsDefined()
  @IsUUID()
  parentId!: string;
}

export class CommitteeSeatDto {
  @ApiProperty({ format: 'uuid' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({ example: ['政治工作', '队伍管理'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @TextLength(1, 100, { each: true })
  @HumanText({ each: true })
  areas!: string[];
}

export class SetLeadershipDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    description: 'The unit’s first responsible person',
  })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsUUID()
  firstResponsiblePersonId!: string | null;

  @ApiProperty({ type: [CommitteeSeatDto] })
  @NestedObjects(() => CommitteeSeatDto, { max: 50 })
  committee!: CommitteeSeatDto[];
}

export class ResponsibleQueryDto {
  @ApiPropertyOptional({
    example: '队伍管理',
    description: 'Area whose responsible leader to find',
  })
  @IsOptional()
  @IsString()
  @TextLength(1, 100)
  area?: string;
}

export class PersonDto {
  @ApiProperty({ example: 'XS0042' })
  @IsDefined()
  @IsString()
  @TextLength(1, 32)
  @Matches(CODE, { message: 'staffNumber may contain only letters, digits, - and _' })
  staffNumber!: string;

  @ApiProperty({ example: '王建国' })
  @IsDefined()
  @IsString()
  @TextLength(1, 100)
  @HumanText()
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsDefined()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ example: '副大队长' })
  @IsDefined()
  @IsString()
  @TextLength(0, 100)
  @HumanText()
  position!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @TextLength(1, 200)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiProperty()
  @IsDefined()
  @IsBoolean()
  isLeader!: boolean;

  @ApiProperty()
  @IsDefined()
  @IsBoolean()
  isKeyPerson!: boolean;

  @ApiProperty({ enum: KEY_PERSON_REASONS, isArray: true })
  @IsArray()
  @ArrayMaxSize(KEY_PERSON_REASONS.length)
  @IsIn(KEY_PERSON_REASONS, { each: true })
  keyPersonReasons!: KeyPersonReason[];

  @ApiPropertyOptional({ enum: PERSON_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(PERSON_STATUSES)
  status?: PersonStatus;
}

/** Present in the body (null included): an edit may omit a field, never blank a required one. */
const present = (_: object, value: unknown) => value !== undefined;

export class UpdatePersonDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @TextLength(1, 100)
  @HumanText()
  name?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @ValidateIf(present) @IsUUID() unitId?: string;
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @TextLength(0, 100)
  @HumanText()
  position?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @TextLength(1, 200)
  email?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;
  @ApiPropertyOptional() @ValidateIf(present) @IsBoolean() isLeader?: boolean;
  @ApiPropertyOptional() @ValidateIf(present) @IsBoolean() isKeyPerson?: boolean;
  @ApiPropertyOptional({ enum: KEY_PERSON_REASONS, isArray: true })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(KEY_PERSON_REASONS.length)
  @IsIn(KEY_PERSON_REASONS, { each: true })
  keyPersonReasons?: KeyPersonReason[];
  @ApiPropertyOptional({ enum: PERSON_STATUSES })
  @ValidateIf(present)
  @IsIn(PERSON_STATUSES)
  status?: PersonStatus;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class PeopleQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name or staff number' })
  @IsOptional()
  @IsString()
  @TextLength(1, 100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only people in this unit’s subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() leader?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() keyPerson?: boolean;
  @ApiPropertyOptional({ enum: PERSON_STATUSES })
  @IsOptional()
  @IsIn(PERSON_STATUSES)
  status?: PersonStatus;

  @ApiPropertyOptional({ default: 1 })
  @PageNumber()
  page = 1;

  @ApiPropertyOptional({ default: 50 })
  @PageSize(200)
  pageSize = 50;
}

export class CreateGrantDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() personId!: string;
  @ApiProperty({ enum: ROLES }) @IsDefined() @IsIn(ROLES) role!: Role;
  @ApiProperty({ format: 'uuid', description: 'The grant is valid on this unit’s whole subtree' })
  @IsDefined()
  @IsUUID()
  unitId!: string;
}

export class GrantsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;
}
