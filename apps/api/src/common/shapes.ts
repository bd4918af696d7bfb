/**
 * Shape rules every DTO reuses, so that no request reaches a service with a value of the wrong
 * shape or size: nested objects that really are objects, and query integers that are small
 * decimal numbers.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

type Class = new (...args: never[]) => object;

/**
 * An array of `type` objects, each validated. `@ValidateNested({ each: true })` alone lets an
 * inner array through (`committee: [[]]` passed and reached the database as undefined values).
 */
export function NestedObjects(type: () => Class, size: { min?: number; max: number }) {
  return applyDecorators(
    IsArray(),
    ...(size.min !== undefined ? [ArrayMinSize(size.min)] : []),
    ArrayMaxSize(size.max),
    IsObject({ each: true, message: '$property must contain only objects' }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

/** One nested `type` object (not an array, not a primitive), validated. */
export function NestedObject(type: () => Class) {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}

/** Decimal digits only: `1e20`, `0x10`, `Infinity` and `1.5` stay strings and fail `@IsInt`. */
const DECIMAL_INTEGER = /^-?\d{1,15}$/;

/**
 * An optional integer query parameter within [min, max]. Every number a query accepts needs a
 * bound: `page=1e20` is an integer to JavaScript and overflowed PostgreSQL's bigint offset.
 */
export function QueryInteger(min: number, max: number) {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value,
    ),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** The highest page any list serves; far beyond real use, well within an SQL offset. */
export const MAX_PAGE = 100_000;

/** `page`: 1 to MAX_PAGE. Give the property its default (`page = 1`). */
export const PageNumber = () => QueryInteger(1, MAX_PAGE);

/** `pageSize`: 1 to `max`. Give the property its default. */
export const PageSize = (max: number) => QueryInteger(1, max);

/** `page` and `pageSize` (1 to 200, 50 by default) of a list query: extend it. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @PageNumber()
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @PageSize(200)
  pageSize = 50;
}
