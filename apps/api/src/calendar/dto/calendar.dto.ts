import {
  CALENDAR_YEAR_MAX,
  CALENDAR_YEAR_MIN,
  DAY_OFF_KEYS,
  type DayOffKey,
  isCalendarDate,
} from '@campaign/domain';
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsString,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/** A real `YYYY-MM-DD` day (2027-02-30 is not one). */
const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value) => isCalendarDate(value),
      defaultMessage: (args) => `${args?.property ?? 'date'} must be a real YYYY-MM-DD date`,
    },
  });

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' })
  @IsDefined()
  @IsString()
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: DAY_OFF_KEYS, example: 'spring_festival' })
  @IsDefined()
  @IsIn(DAY_OFF_KEYS)
  holiday!: DayOffKey;
}

/** A year's data from the State Council's notice for it. */
export class PutCalendarYearDto {
  @ApiProperty({
    type: [CalendarDayDto],
    description:
      'Every day off of the notice, each with its holiday (`special` for a one-off day off). ' +
      'The New Year break may begin in the December before.',
  })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  holidays!: CalendarDayDto[];

  @ApiProperty({
    type: [CalendarDayDto],
    description:
      'The make-up working days (调休上班) on weekends, each with the holiday it pays for',
  })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  makeupWorkdays!: CalendarDayDto[];
}

/** The `:year` of a calendar route: four digits in the calendar's range, else a bad field. */
export class CalendarYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (!(year >= CALENDAR_YEAR_MIN && year <= CALENDAR_YEAR_MAX)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid fields: year',
        errors: [
          {
            field: 'year',
            messages: [`year must be a year from ${CALENDAR_YEAR_MIN} to ${CALENDAR_YEAR_MAX}`],
          },
        ],
      });
    }
    return year;
  }
}
