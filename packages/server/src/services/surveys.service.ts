import crypto from 'node:crypto';
import {
  BUILT_IN_SURVEYS,
  HUR_AR_LAGET,
  surveyPeriods,
  surveyResults,
  validateSurveyAnswers,
  validateSurveyDefinition,
  type LocalizedFieldError,
  type SurveyAnswerValues,
  type SurveyDefinition,
  type SurveyPeriodKind,
  type SurveyPeriodResult,
} from '@kvarbo/domain';
import QRCode from 'qrcode';
import type { Actor } from '../auth/actor.ts';
import { CASE_ROLES, hasRoleIn } from '../auth/actor.ts';
import { newId, randomToken, sha256 } from '../auth/tokens.ts';
import { AppError, invalidField, invalidFields, notFound, type FieldError, type Messages } from '../errors.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import * as repo from '../repositories/surveys.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit, type AuditEntry } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import type { Column, Table } from './statistics-export.ts';

// Resident surveys (issue 9, part 3): staff make a unit's survey, invite a resident with a one-time link (shown
// once, with a QR code), enter paper answers and read the results per month or quarter with small-cell
// suppression. A resident answers through the link without an account (public routes).
//
// Anonymity (docs/surveys.md): an anonymous answer is stored with no resident, invitation or user id, a random
// UUID v4 and only its month; the invitation is marked used (with the month only) in its own statement; no audit
// row is written for it, since one would carry the resident's id and the time. A named answer is part of the
// resident's record and is audit-logged like any other.

/** How long a link is valid unless staff say otherwise. */
export const DEFAULT_INVITATION_DAYS = 14;
export const MAX_INVITATION_DAYS = 90;

const RESULTS_ROLES = ['manager', 'caseworker', 'host', 'analyst'] as const;

const msg = {
  linkUnknown: {
    sv: 'Länken finns inte. Kontrollera att hela länken kom med, eller fråga personalen om en ny.',
    en: 'This link does not exist. Check that the whole link was copied, or ask the staff for a new one.',
  },
  linkUsed: {
    sv: 'Enkäten är redan besvarad med den här länken. Tack för ditt svar!',
    en: 'The survey has already been answered with this link. Thank you for your answer!',
  },
  linkExpired: {
    sv: 'Länken har gått ut. Fråga personalen om en ny länk om du vill svara.',
    en: 'This link has expired. Ask the staff for a new link if you want to answer.',
  },
  surveyClosed: { sv: 'Enkäten är stängd och tar inte emot fler svar.', en: 'The survey is closed and takes no more answers.' },
  surveyClosedStaff: { sv: 'Enkäten är stängd.', en: 'The survey is closed.' },
  residentNotInUnit: { sv: 'Den boende hör inte till enkätens enhet.', en: 'The resident does not belong to the survey’s unit.' },
  residentRequired: {
    sv: 'Enkäten är inte anonym: välj vem som har svarat.',
    en: 'The survey is not anonymous: choose who answered.',
  },
  residentNotAllowed: {
    sv: 'Enkäten är anonym: ange inte vem som har svarat.',
    en: 'The survey is anonymous: do not say who answered.',
  },
  monthInFuture: { sv: 'Månaden får inte ligga i framtiden.', en: 'The month must not be in the future.' },
  period: { sv: 'Perioden slutar innan den börjar.', en: 'The period ends before it starts.' },
  periodLong: { sv: 'Perioden får vara högst fem år.', en: 'The period may be at most five years.' },
} satisfies Record<string, Messages>;

export const SURVEY_RESULT_DEFINITIONS: Messages = {
  sv:
    'Antal svar per period (månad eller kvartal) och, per skalfråga, medelvärde (1–5) och fördelning. ' +
    'En period eller fråga med 1–4 svar visas som "<5" utan medelvärde och fördelning, så att ingen enskild ' +
    'boendes svar kan läsas ut. Fritextsvar ingår inte i siffrorna.',
  en:
    'Answers per period (month or quarter) and, per scale question, the mean (1–5) and the distribution. ' +
    'A period or question with 1–4 answers shows "<5" without mean and distribution, so that no single ' +
    'resident’s answer can be read. Free-text answers are not part of the figures.',
};

function gone(code: string, messages: Messages): AppError {
  return new AppError(code, 410, messages);
}

function fieldErrors(errors: LocalizedFieldError[]): FieldError[] {
  return errors.map((e) => ({ field: e.field, code: e.code, message: e.message }));
}

/** "2026-11" in Stockholm for an instant. */
function stockholmMonth(today: string): string {
  return today.slice(0, 7);
}

type SurveyRow = NonNullable<Awaited<ReturnType<typeof repo.findSurvey>>>;

function definitionOf(json: string): SurveyDefinition {
  return JSON.parse(json) as SurveyDefinition;
}

/** What the public link shows: the questions, nothing about the resident, the unit's people or other answers. */
function publicSurvey(def: SurveyDefinition, anonymous: boolean) {
  return { title: def.title, intro: def.intro, anonymous, questions: def.questions };
}

export type CreateSurveyInput = {
  unitId: string;
  anonymous: boolean;
  template?: string | undefined;
  definition?: SurveyDefinition | undefined;
};
export type InvitationInput = { residentId: string; validDays?: number | undefined };
export type PaperAnswerInput = { residentId?: string | undefined; month?: string | undefined; answers: Record<string, unknown> };
export type ResultsQuery = { by: SurveyPeriodKind; from: string; to: string };

export function createSurveysService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;
  const now = () => ctx.clock.now();
  const today = () => ctx.clock.today();

  function audit(q: Q, actor: Actor, entries: AuditEntry[]) {
    return recordAudit(q, actor, now(), entries);
  }

  function surveyDto(s: SurveyRow | Awaited<ReturnType<typeof repo.listSurveys>>[number]) {
    const def = definitionOf(s.definition);
    return {
      id: s.id,
      unitId: s.unit_id,
      title: s.title,
      key: def.key,
      anonymous: s.anonymous === 1,
      status: s.status,
      createdAt: s.created_at,
      closedAt: s.closed_at,
      definition: def,
      ...('invited' in s ? { invited: Number(s.invited ?? 0), answers: Number(s.answers ?? 0) } : {}),
    };
  }

  /** The survey, if the caller works in its unit (case staff; analysts too where `roles` allows). Else 404. */
  async function surveyFor(q: Q, actor: Actor, surveyId: string, roles: readonly string[] = CASE_ROLES): Promise<SurveyRow> {
    const s = await repo.findSurvey(q, surveyId);
    if (!s || !hasRoleIn(actor, s.unit_id, roles as typeof CASE_ROLES)) throw notFound();
    return s;
  }

  function requireOpen(s: SurveyRow) {
    if (s.status !== 'open') throw new AppError('SURVEY_CLOSED', 409, msg.surveyClosedStaff);
  }

  async function storeAnswer(
    q: Q,
    s: { id: string; anonymous: number },
    values: SurveyAnswerValues,
    channel: 'link' | 'paper',
    named: { residentId: string; invitationId: string | null; enteredBy: string | null } | null,
    month: string,
  ) {
    const id = s.anonymous === 1 ? crypto.randomUUID() : newId();
    await repo.insertAnswer(q, {
      id,
      survey_id: s.id,
      month,
      answer_values: JSON.stringify(values),
      channel,
      anonymous: s.anonymous === 1 ? 1 : 0,
      resident_id: s.anonymous === 1 ? null : (named?.residentId ?? null),
      invitation_id: s.anonymous === 1 ? null : (named?.invitationId ?? null),
      entered_by: s.anonymous === 1 ? null : (named?.enteredBy ?? null),
      answered_at: s.anonymous === 1 ? null : now().toISOString(),
    });
    return id;
  }

  /** The invitation behind a public link, or the Swedish-first 404/410 the phone page shows. */
  async function openInvitation(q: Q, token: string) {
    const inv = await repo.findInvitationByHash(q, sha256(token));
    if (!inv) throw new AppError('SURVEY_LINK_UNKNOWN', 404, msg.linkUnknown);
    if (inv.used_at !== null) throw gone('SURVEY_LINK_USED', msg.linkUsed);
    if (inv.expires_at <= now().toISOString()) throw gone('SURVEY_LINK_EXPIRED', msg.linkExpired);
    if (inv.survey_status !== 'open') throw gone('SURVEY_CLOSED', msg.surveyClosed);
    return inv;
  }

  /** Results per period, suppressed alike for everyone who may see them (case staff and analysts of the unit). */
  async function results(actor: Actor, surveyId: string, query: ResultsQuery) {
    const s = await surveyFor(db(), actor, surveyId, RESULTS_ROLES);
    if (query.to < query.from) throw invalidField('to', 'end_before_start', msg.period);
    const periods = surveyPeriods(query.from, query.to, query.by);
    if (periods.length > (query.by === 'month' ? 60 : 20)) throw invalidField('from', 'too_long', msg.periodLong);
    const def = definitionOf(s.definition);
    const rows = await repo.answersForResults(db(), s.id, query.from, query.to);
    const periodResults = surveyResults(
      def,
      rows.map((r) => ({ month: r.month, values: JSON.parse(r.answer_values) as SurveyAnswerValues })),
      periods,
      query.by,
    );
    return {
      survey: surveyDto(s),
      by: query.by,
      from: query.from,
      to: query.to,
      definitions: SURVEY_RESULT_DEFINITIONS,
      periods: periodResults,
    };
  }

  return {
    builtInSurveys() {
      return Object.values(BUILT_IN_SURVEYS);
    },

    async list(actor: Actor, unitId: string | undefined) {
      const units = actor.memberships.filter((m) => (RESULTS_ROLES as readonly string[]).includes(m.role)).map((m) => m.unitId);
      const chosen = unitId ? units.filter((u) => u === unitId) : units;
      return { items: (await repo.listSurveys(db(), [...new Set(chosen)])).map(surveyDto) };
    },

    async create(actor: Actor, input: CreateSurveyInput) {
      if (!hasRoleIn(actor, input.unitId, CASE_ROLES)) {
        throw invalidField('unitId', 'not_member', { sv: 'Du är inte med i den enheten.', en: 'You are not a member of that unit.' });
      }
      const def = input.definition ?? BUILT_IN_SURVEYS[input.template ?? HUR_AR_LAGET.key];
      if (!def) throw invalidField('template', 'unknown', { sv: 'Okänd enkät.', en: 'Unknown survey.' });
      const errors = validateSurveyDefinition(def);
      if (errors.length > 0) throw invalidFields(fieldErrors(errors).map((e) => ({ ...e, field: `definition.${e.field}` })));
      const row = {
        id: newId(),
        unit_id: input.unitId,
        title: def.title.sv,
        definition: JSON.stringify(def),
        anonymous: input.anonymous ? (1 as const) : (0 as const),
        status: 'open' as const,
        created_by: actor.userId,
        created_at: now().toISOString(),
        closed_at: null,
      };
      await repo.insertSurvey(db(), row);
      return surveyDto(row);
    },

    async get(actor: Actor, surveyId: string) {
      const s = await surveyFor(db(), actor, surveyId, RESULTS_ROLES);
      return surveyDto(s);
    },

    async setStatus(actor: Actor, surveyId: string, status: 'open' | 'closed') {
      const s = await surveyFor(db(), actor, surveyId);
      await repo.setSurveyStatus(db(), s.id, status, status === 'closed' ? now().toISOString() : null);
      return surveyDto({ ...s, status, closed_at: status === 'closed' ? now().toISOString() : null });
    },

    /** Who was invited and whether the link is used: names residents, so case staff only, audit-logged. */
    async invitations(actor: Actor, surveyId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await surveyFor(trx, actor, surveyId);
          const rows = await repo.invitationsOfSurvey(trx, s.id);
          await audit(trx, actor, [{ residentId: null, unitId: s.unit_id, entity: 'survey_invitations', entityId: s.id, action: 'list' }]);
          const nowIso = now().toISOString();
          return {
            items: rows.map((r) => ({
              id: r.id,
              residentId: r.resident_id,
              residentName: `${r.first_name} ${r.last_name}`,
              createdAt: r.created_at,
              createdBy: r.created_by_name,
              expiresAt: r.expires_at,
              status: r.used_at !== null ? 'used' : r.expires_at <= nowIso ? 'expired' : 'open',
            })),
          };
        });
    },

    /** A one-time link for one resident. The token is returned here once and only its SHA-256 is stored. */
    async invite(actor: Actor, surveyId: string, input: InvitationInput, origin: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await surveyFor(trx, actor, surveyId);
          requireOpen(s);
          const resident = await repo.findResidentOfUnit(trx, input.residentId, s.unit_id);
          if (!resident) throw invalidField('residentId', 'not_in_unit', msg.residentNotInUnit);
          const token = randomToken(24);
          const days = input.validDays ?? DEFAULT_INVITATION_DAYS;
          const id = newId();
          const createdAt = now();
          const expiresAt = new Date(createdAt.getTime() + days * 86_400_000).toISOString();
          await repo.insertInvitation(trx, {
            id,
            survey_id: s.id,
            resident_id: resident.id,
            token_hash: sha256(token),
            created_by: actor.userId,
            created_at: createdAt.toISOString(),
            expires_at: expiresAt,
            used_at: null,
          });
          await audit(trx, actor, [
            { residentId: resident.id, unitId: resident.unit_id, entity: 'survey_invitation', entityId: id, action: 'create' },
          ]);
          const path = `/s/${token}`;
          const url = `${origin}${path}`;
          const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
          return { id, residentId: resident.id, expiresAt, token, path, url, qrSvg };
        });
    },

    /** A paper answer typed in by staff: anonymous surveys take no resident, named ones need one. */
    async enterPaperAnswer(actor: Actor, surveyId: string, input: PaperAnswerInput) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await surveyFor(trx, actor, surveyId);
          requireOpen(s);
          const month = input.month ?? stockholmMonth(today());
          if (month > stockholmMonth(today())) throw invalidField('month', 'in_future', msg.monthInFuture);
          const errors: FieldError[] = [];
          let residentId: string | null = null;
          if (s.anonymous === 1) {
            if (input.residentId) errors.push({ field: 'residentId', code: 'not_allowed', message: msg.residentNotAllowed });
          } else if (!input.residentId) {
            errors.push({ field: 'residentId', code: 'required', message: msg.residentRequired });
          } else {
            const r = await repo.findResidentOfUnit(trx, input.residentId, s.unit_id);
            if (!r) errors.push({ field: 'residentId', code: 'not_in_unit', message: msg.residentNotInUnit });
            else residentId = r.id;
          }
          const checked = validateSurveyAnswers(definitionOf(s.definition), input.answers);
          if (!checked.ok) errors.push(...fieldErrors(checked.errors));
          if (errors.length > 0 || !checked.ok) throw invalidFields(errors);
          const id = await storeAnswer(
            trx,
            s,
            checked.values,
            'paper',
            residentId ? { residentId, invitationId: null, enteredBy: actor.userId } : null,
            month,
          );
          // An anonymous answer gets no audit row of its own (it would tie a user and a time to it): the log says
          // only that a paper answer was entered into the survey.
          await audit(trx, actor, [
            residentId
              ? { residentId, unitId: s.unit_id, entity: 'survey_answer', entityId: id, action: 'create' }
              : { residentId: null, unitId: s.unit_id, entity: 'survey', entityId: s.id, action: 'create' },
          ]);
          return s.anonymous === 1 ? { anonymous: true, month } : { anonymous: false, month, id };
        });
    },

    results,

    /** The results as workbook tables: one row per period, count, then mean and the five counts per scale question. */
    async exportTables(actor: Actor, surveyId: string, query: ResultsQuery): Promise<Table[]> {
      const r = await results(actor, surveyId, query);
      const def = r.survey.definition;
      const columns: Column[] = [
        { header: query.by === 'month' ? 'Månad' : 'Kvartal', key: 'period', kind: query.by === 'month' ? 'month' : 'text' },
        { header: 'Antal svar', key: 'answers', kind: 'count' },
      ];
      for (const q of def.questions) {
        if (q.kind === 'scale') {
          columns.push({ header: `${q.text.sv} – medel`, key: `${q.id}_mean`, kind: 'number' });
          for (let v = 1; v <= 5; v++) columns.push({ header: `${q.text.sv} – ${v}`, key: `${q.id}_${v}`, kind: 'count' });
        } else if (q.kind === 'yes_no') {
          columns.push({ header: `${q.text.sv} – ja`, key: `${q.id}_yes`, kind: 'count' });
          columns.push({ header: `${q.text.sv} – nej`, key: `${q.id}_no`, kind: 'count' });
        }
      }
      const rows = r.periods.map((p: SurveyPeriodResult) => {
        const row: Record<string, unknown> = { period: p.period, answers: p.answers };
        for (const sc of p.scales) {
          row[`${sc.questionId}_mean`] = sc.mean ?? (sc.answered === '<5' ? '<5' : null);
          sc.distribution?.forEach((n, i) => (row[`${sc.questionId}_${i + 1}`] = n));
        }
        for (const yn of p.yesNo) {
          row[`${yn.questionId}_yes`] = yn.yes ?? (yn.answered === '<5' ? '<5' : null);
          row[`${yn.questionId}_no`] = yn.no ?? (yn.answered === '<5' ? '<5' : null);
        }
        return row;
      });
      // Excel refuses []:*?/\\ in a sheet name ("Hur är läget?").
      return [
        {
          sheet: r.survey.title.replace(/[[\]:*?/\\]/g, '').trim() || 'Enkät',
          columns,
          rows,
          note: `${SURVEY_RESULT_DEFINITIONS.sv} Period ${query.from}–${query.to}.`,
        },
      ];
    },

    /** A resident's named answers (anonymous ones are nobody's and never appear here). */
    async answersOfResident(actor: Actor, residentId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const rows = await repo.namedAnswersOfResident(trx, residentId);
          const unitId = (await repo.residentUnitId(trx, residentId)) ?? null;
          await audit(trx, actor, [{ residentId, unitId, entity: 'survey_answers', entityId: null, action: 'list' }]);
          return {
            items: rows.map((r) => ({
              id: r.id,
              surveyId: r.survey_id,
              title: r.title,
              definition: definitionOf(r.definition),
              month: r.month,
              values: JSON.parse(r.answer_values) as SurveyAnswerValues,
              channel: r.channel,
              answeredAt: r.answered_at,
              enteredBy: r.entered_by_name,
            })),
          };
        });
    },

    // ---- Public: the one-time link ------------------------------------------------------------------------

    async publicGet(token: string) {
      const inv = await openInvitation(db(), token);
      return publicSurvey(definitionOf(inv.definition), inv.anonymous === 1);
    },

    /**
     * The resident's answer through the link, once. Anonymous: the invitation is marked used with the month only
     * (one statement), then the answer is stored with no id of the resident, the invitation or a user, a random
     * id and the month (another statement); nothing else is written. Named: the answer points at the resident
     * and the invitation and is audit-logged as written by the resident through the link.
     */
    async publicAnswer(token: string, answers: Record<string, unknown>, ip: string | null) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const inv = await openInvitation(trx, token);
          const def = definitionOf(inv.definition);
          const checked = validateSurveyAnswers(def, answers);
          if (!checked.ok) throw invalidFields(fieldErrors(checked.errors));
          const anonymous = inv.anonymous === 1;
          const nowIso = now().toISOString();
          const month = stockholmMonth(today());
          if (!(await repo.useInvitation(trx, inv.id, anonymous ? month : nowIso, nowIso))) {
            throw gone('SURVEY_LINK_USED', msg.linkUsed);
          }
          const survey = { id: inv.survey_id, anonymous: inv.anonymous };
          if (anonymous) {
            await storeAnswer(trx, survey, checked.values, 'link', null, month);
          } else {
            const id = await storeAnswer(
              trx,
              survey,
              checked.values,
              'link',
              { residentId: inv.resident_id, invitationId: inv.id, enteredBy: null },
              month,
            );
            await appendAudit(trx, [
              {
                at: nowIso,
                user_id: null,
                user_name: 'Boende via enkätlänk',
                unit_id: inv.unit_id,
                resident_id: inv.resident_id,
                entity: 'survey_answer',
                entity_id: id,
                action: 'create',
                ip,
              },
            ]);
          }
          return { thanks: { sv: 'Tack för ditt svar!', en: 'Thank you for your answer!' } };
        });
    },
  };
}
