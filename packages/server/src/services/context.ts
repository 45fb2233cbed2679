import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';

/** What every service needs: the database, the settings, and a clock that tests can set. */
export type ServiceContext = {
  db: Db;
  config: Config;
  clock: Clock;
};

export type Clock = {
  now(): Date;
  /** The calendar date in Stockholm: placements and rent follow Swedish days, not UTC ones. */
  today(): string;
};

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => stockholmDate(new Date()),
};

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso), today: () => stockholmDate(new Date(iso)) };
}

// sv-SE formats as YYYY-MM-DD. Made once: building a DateTimeFormat costs more than most queries (loadtest profile).
const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function stockholmDate(d: Date): string {
  return STOCKHOLM_DATE.format(d);
}
