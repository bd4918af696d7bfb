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
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const CODE = /^[A-Za-z0-9_-]+$/;

export class CreateUnitDto {
  @ApiProperty({ example: 'XS-XZ', description: 'Business key used by roster imports' })
  @IsDefined()
  @IsString()
  @Length(1, 64)
  @Matches(CODE, { message: 'code may contain only letters, digits, - and _' })
  code!: string;

  @ApiProperty({ example: '西山县公安局刑侦大队' })
  @IsDefined()
  @IsString()
  @Length(1, 200)
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
  @Length(1, 200)
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
  @Length(1, 100, { each: true })
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
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CommitteeSeatDto)
  committee!: CommitteeSeatDto[];
}

export class ResponsibleQueryDto {
  @ApiPropertyOptional({
    example: '队伍管理',
    description: 'Area whose responsible leader to find',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  area?: string;
}

export class PersonDto {
  @ApiProperty({ example: 'XS0042' })
  @IsDefined()
  @IsString()
  @Length(1, 32)
  @Matches(CODE, { message: 'staffNumber may contain only letters, digits, - and _' })
  staffNumber!: string;

  @ApiProperty({ example: '王建国' })
  @IsDefined()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsDefined()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ example: '副大队长' })
  @IsDefined()
  @IsString()
  @Length(0, 100)
  position!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @Length(1, 200)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(/^[0-9+\- ()]{3,32}$/, { message: 'phone must be a phone number' })
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
  @ApiPropertyOptional() @ValidateIf(present) @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @ValidateIf(present) @IsUUID() unitId?: string;
  @ApiPropertyOptional() @ValidateIf(present) @IsString() @Length(0, 100) position?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  email?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(/^[0-9+\- ()]{3,32}$/, { message: 'phone must be a phone number' })
  phone?: string | null;
  @ApiPropertyOptional() @ValidateIf(present) @IsBoolean() isLeader?: boolean;
  @ApiPropertyOptional() @ValidateIf(present) @IsBoolean() isKeyPerson?: boolean;
  @ApiPropertyOptional({ enum: KEY_PERSON_REASONS, isArray: true })
  @ValidateIf(present)
  @IsArray()
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
  @Length(1, 100)
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

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
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
