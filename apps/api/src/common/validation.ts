import { type ValidationError, ValidationPipe } from '@nestjs/common';

import { type FieldErrorView, invalidFields } from './api-error.js';

export type FieldError = FieldErrorView;

/** Flattens class-validator's tree into one entry per bad field, named by its dotted path. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, messages: [...new Set(Object.values(error.constraints))] }]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Unknown fields are rejected, every field is checked, and the 400 names each bad field, so a
 * person can fix a form in one go.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
}
