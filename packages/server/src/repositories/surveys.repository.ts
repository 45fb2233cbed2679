import type { Insertable } from 'kysely';
import type { SurveyAnswerTable, SurveyInvitationTable, SurveyTable } from '../db/schema.ts';
import type { Q } from './query.ts';

// Resident surveys (issue 9, part 3): every query of surveys.service.ts. Anonymous answers are written and read
// without anything that points at a person: see docs/surveys.md.

export function insertSurvey(q: Q, row: Insertable<SurveyTable>) {
  return q.insertInto('surveys').values(row).execute();
}

export function findSurvey(q: Q, id: string) {
  return q.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Surveys of the units, newest first, with how many were invited and how many answers there are. */
export function listSurveys(q: Q, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('surveys as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select((eb) => [
      's.id',
      's.unit_id',
      'u.name as unit_name',
      's.title',
      's.definition',
      's.anonymous',
      's.status',
      's.created_at',
      's.closed_at',
      eb
        .selectFrom('survey_invitations as i')
        .whereRef('i.survey_id', '=', 's.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('invited'),
      eb
        .selectFrom('survey_answers as a')
        .whereRef('a.survey_id', '=', 's.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('answers'),
    ])
    .where('s.unit_id', 'in', unitIds)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

export function setSurveyStatus(q: Q, id: string, status: SurveyTable['status'], closedAt: string | null) {
  return q.updateTable('surveys').set({ status, closed_at: closedAt }).where('id', '=', id).execute();
}

export function findResidentOfUnit(q: Q, residentId: string, unitId: string) {
  return q
    .selectFrom('residents')
    .select(['id', 'unit_id', 'first_name', 'last_name'])
    .where('id', '=', residentId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

export function insertInvitation(q: Q, row: Insertable<SurveyInvitationTable>) {
  return q.insertInto('survey_invitations').values(row).execute();
}

/** The invitation behind a link, with its survey; the token's hash is the only key. */
export function findInvitationByHash(q: Q, tokenHash: string) {
  return q
    .selectFrom('survey_invitations as i')
    .innerJoin('surveys as s', 's.id', 'i.survey_id')
    .select([
      'i.id',
      'i.survey_id',
      'i.resident_id',
      'i.expires_at',
      'i.used_at',
      's.unit_id',
      's.definition',
      's.anonymous',
      's.status as survey_status',
    ])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Invitations of a survey with the residents' names (staff see who was invited and whether the link is used). */
export function invitationsOfSurvey(q: Q, surveyId: string) {
  return q
    .selectFrom('survey_invitations as i')
    .innerJoin('residents as r', 'r.id', 'i.resident_id')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .select([
      'i.id',
      'i.resident_id',
      'r.first_name',
      'r.last_name',
      'i.created_at',
      'i.expires_at',
      'i.used_at',
      'u.display_name as created_by_name',
    ])
    .where('i.survey_id', '=', surveyId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

/**
 * Marks the invitation used, only if it is still unused and unexpired: the one-time guarantee (a second answer,
 * also a concurrent one, updates nothing). Returns whether this call used it.
 */
export async function useInvitation(q: Q, id: string, usedAt: string, nowIso: string): Promise<boolean> {
  const r = await q
    .updateTable('survey_invitations')
    .set({ used_at: usedAt })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function insertAnswer(q: Q, row: Insertable<SurveyAnswerTable>) {
  return q.insertInto('survey_answers').values(row).execute();
}

/** The answers of a survey in [fromMonth, toMonth] as the results need them: month and values only. */
export function answersForResults(q: Q, surveyId: string, fromMonth: string, toMonth: string) {
  return q
    .selectFrom('survey_answers')
    .select(['month', 'answer_values'])
    .where('survey_id', '=', surveyId)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .execute();
}

/** A resident's named (non-anonymous) answers: part of their record. */
export function namedAnswersOfResident(q: Q, residentId: string) {
  return q
    .selectFrom('survey_answers as a')
    .innerJoin('surveys as s', 's.id', 'a.survey_id')
    .leftJoin('users as u', 'u.id', 'a.entered_by')
    .select([
      'a.id',
      'a.survey_id',
      's.title',
      's.definition',
      'a.month',
      'a.answer_values',
      'a.channel',
      'a.answered_at',
      'u.display_name as entered_by_name',
    ])
    .where('a.resident_id', '=', residentId)
    .where('a.anonymous', '=', 0)
    .orderBy('a.answered_at', 'desc')
    .execute();
}

export async function residentUnitId(q: Q, residentId: string): Promise<string | undefined> {
  return (await q.selectFrom('residents').select('unit_id').where('id', '=', residentId).executeTakeFirst())?.unit_id;
}
