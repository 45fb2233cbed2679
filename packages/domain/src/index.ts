export * from './calendar-date.ts';
export * from './errors.ts';
export * from './luhn.ts';
export * from './money.ts';
export * from './personal-number.ts';
export * from './placement-overlap.ts';
export * from './registry-rules.ts';
