import crypto from 'node:crypto';
import { parsePersonalNumber, PERSONAL_NUMBER_MESSAGES, validateReport, type ReportKind, type ReportReason } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { newId, randomToken } from '../auth/tokens.ts';
import type { EvictionReportTable } from '../db/schema.ts';
import { AppError, invalidField, invalidFields, notFound } from '../errors.ts';
import * as repo from '../repositories/eviction-reports.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';

// Landlords' reports (issue 6): early warnings and formal notices, from the landlord portal, a landlord system's
// API key, or registered by staff from a call, a letter, an e-mail or Kronofogden. The landlord gets a receipt
// number and a status (received, being handled, closed) and nothing else: whatever social services do with the
// report is secret from the landlord (OSL 26 kap.).

export type ReportInput = {
  kind: ReportKind;
  reasons: ReportReason[];
  arrearsOre?: number | null;
  arrearsMonths?: number | null;
  servedOn?: string | null;
  evictionDate?: string | null;
  tenantName: string;
  tenantAddress: string;
  tenantPersonalNumber?: string | null;
  householdChildren?: number | null;
  description?: string | null;
};

export type StaffReportInput = ReportInput & {
  channel: 'phone' | 'letter' | 'email' | 'kronofogden';
  receivedOn?: string | null;
  landlordId?: string | null;
};

/** Attachments: PDF or images, recognised by their first bytes (not by what the sender claims). */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_PER_REPORT = 10;
const SIGNATURES: { type: string; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export function createEvictionReportsService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  /** Checks the report and stores it with a new receipt number, in the unit that receives the organisation's reports. */
  async function store(
    organisationId: string,
    input: ReportInput,
    source: Pick<EvictionReportTable, 'channel' | 'landlord_id' | 'submitted_by' | 'api_key_id' | 'external_id'> & {
      receivedOn: string;
      unitId?: string;
    },
  ) {
    const today = ctx.clock.today();
    const errors = validateReport({
      kind: input.kind,
      reasons: input.reasons,
      receivedOn: source.receivedOn,
      rentArrearsOre: input.arrearsOre ?? null,
      arrearsMonths: input.arrearsMonths ?? null,
      servedOn: input.servedOn ?? null,
      evictionDate: input.evictionDate ?? null,
    }).map((e) => ({ ...e, field: e.field === 'rentArrearsOre' ? 'arrearsOre' : e.field }));
    if (source.receivedOn > today) {
      errors.push({
        field: 'receivedOn',
        code: 'in_future',
        message: { sv: 'Datumet ligger i framtiden.', en: 'The date is in the future.' },
      });
    }
    let personalNumber: string | null = null;
    if (input.tenantPersonalNumber) {
      const parsed = parsePersonalNumber(input.tenantPersonalNumber, today);
      if (parsed.ok) personalNumber = parsed.normalized;
      else errors.push({ field: 'tenantPersonalNumber', code: parsed.code, message: PERSONAL_NUMBER_MESSAGES[parsed.code] });
    }
    if (errors.length > 0) throw invalidFields(errors);
    const unitId = source.unitId ?? (await repo.reportUnitOf(db(), organisationId));
    if (!unitId) throw notFound();
    const now = ctx.clock.now().toISOString();
    return db()
      .transaction()
      .execute(async (trx) => {
        const id = newId();
        const receiptNumber = await repo.nextReceiptNumber(trx, source.receivedOn.slice(0, 4));
        await repo.insertReport(trx, {
          id,
          organisation_id: organisationId,
          unit_id: unitId,
          receipt_number: receiptNumber,
          landlord_id: source.landlord_id,
          channel: source.channel,
          submitted_by: source.submitted_by,
          api_key_id: source.api_key_id,
          external_id: source.external_id,
          kind: input.kind,
          reasons: JSON.stringify(input.reasons),
          arrears_ore: input.arrearsOre ?? null,
          arrears_months: input.arrearsMonths ?? null,
          served_on: input.servedOn ?? null,
          eviction_date: input.evictionDate ?? null,
          tenant_name: input.tenantName.trim(),
          tenant_address: input.tenantAddress.trim(),
          tenant_personal_number: personalNumber,
          household_children: input.householdChildren ?? null,
          description: input.description?.trim() || null,
          received_on: source.receivedOn,
          status: 'received',
          case_id: null,
          created_at: now,
          updated_at: now,
        });
        return { id, receiptNumber, unitId, status: 'received' as const, receivedOn: source.receivedOn };
      });
  }

  function requireLandlord(actor: Actor): string {
    if (actor.kind !== 'landlord' || !actor.landlordId) throw notFound();
    return actor.landlordId;
  }

  /** A report of a unit the actor works in (manager, caseworker, host), else 404. */
  async function staffReport(actor: Actor, id: string) {
    const report = await repo.findReport(db(), id);
    if (!report || !caseUnitIds(actor).includes(report.unit_id)) throw notFound();
    return report;
  }

  return {
    /** From the landlord portal. */
    async submitAsLandlord(actor: Actor, input: ReportInput) {
      const landlordId = requireLandlord(actor);
      const receipt = await store(actor.organisationId, input, {
        channel: 'portal',
        landlord_id: landlordId,
        submitted_by: actor.userId,
        api_key_id: null,
        external_id: null,
        receivedOn: ctx.clock.today(),
      });
      return landlordView(receipt);
    },

    /**
     * From a landlord's own system with its key (header Authorization: Bearer KEY). `externalId` is the system's
     * id for the report: sending the same one again answers with the first receipt and stores nothing.
     */
    async submitWithApiKey(rawKey: string, input: ReportInput & { externalId?: string | null }) {
      const key = await repo.apiKeyByHash(db(), sha256(rawKey));
      if (!key || key.revoked_at) {
        throw new AppError('UNAUTHENTICATED', 401, { sv: 'Okänd eller spärrad API-nyckel.', en: 'Unknown or revoked API key.' });
      }
      if (input.externalId) {
        const earlier = await repo.findByExternalId(db(), key.landlord_id, input.externalId);
        if (earlier) return { ...landlordView(toReceipt(earlier)), duplicate: true };
      }
      const receipt = await store(key.organisation_id, input, {
        channel: 'api',
        landlord_id: key.landlord_id,
        submitted_by: null,
        api_key_id: key.id,
        external_id: input.externalId ?? null,
        receivedOn: ctx.clock.today(),
      });
      return { ...landlordView(receipt), duplicate: false };
    },

    /** A report that came by phone, letter, e-mail or from Kronofogden, registered by staff of the unit. */
    async registerByStaff(actor: Actor, unitId: string, input: StaffReportInput) {
      if (!hasRoleIn(actor, unitId, ['manager', 'caseworker', 'host'])) throw notFound();
      if (input.landlordId) {
        const landlord = await db().selectFrom('landlords').select('organisation_id').where('id', '=', input.landlordId).executeTakeFirst();
        if (!landlord || landlord.organisation_id !== actor.organisationId) {
          throw invalidField('landlordId', 'not_found', { sv: 'Hyresvärden finns inte.', en: 'The landlord does not exist.' });
        }
      }
      const receipt = await store(actor.organisationId, input, {
        channel: input.channel,
        landlord_id: input.landlordId ?? null,
        submitted_by: actor.userId,
        api_key_id: null,
        external_id: null,
        receivedOn: input.receivedOn ?? ctx.clock.today(),
        unitId,
      });
      await recordAudit(db(), actor, ctx.clock.now(), [
        { residentId: null, unitId, entity: 'eviction_report', entityId: receipt.id, action: 'create' },
      ]);
      return receipt;
    },

    /** The landlord's own reports: what they sent, the receipt number and the status. */
    async listForLandlord(actor: Actor, page: { page: number; pageSize: number }) {
      const landlordId = requireLandlord(actor);
      const [rows, total] = await Promise.all([
        repo.reportsOfLandlord(db(), landlordId, page.pageSize, (page.page - 1) * page.pageSize),
        repo.countReportsOfLandlord(db(), landlordId),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          receiptNumber: r.receipt_number,
          kind: r.kind,
          reasons: JSON.parse(r.reasons) as string[],
          tenantName: r.tenant_name,
          tenantAddress: r.tenant_address,
          receivedOn: r.received_on,
          status: r.status,
          channel: r.channel,
        })),
        total,
        page: page.page,
        pageSize: page.pageSize,
      };
    },

    /** The unit's incoming reports, newest first (staff of the unit). */
    async listForStaff(actor: Actor, unitId: string, status: EvictionReportTable['status'] | null) {
      if (!hasRoleIn(actor, unitId, ['manager', 'caseworker', 'host'])) throw notFound();
      const rows = await repo.reportsOfUnit(db(), unitId, status);
      await recordAudit(
        db(),
        actor,
        ctx.clock.now(),
        rows.map((r) => ({ residentId: null, unitId, entity: 'eviction_report', entityId: r.id, action: 'list' as const })),
      );
      return rows.map((r) => ({ ...staffView(r), landlordName: r.landlord_name }));
    },

    /** One report for staff, with its attachments and the persons it may concern (to confirm, never automatic). */
    async getForStaff(actor: Actor, id: string) {
      const report = await staffReport(actor, id);
      const units = caseUnitIds(actor);
      const byNumber = report.tenant_personal_number
        ? await repo.residentsByPersonalNumber(db(), units, report.tenant_personal_number)
        : [];
      const surname = report.tenant_name.trim().split(/\s+/).at(-1)!.toLocaleLowerCase('sv-SE');
      const street = report.tenant_address.trim().toLocaleLowerCase('sv-SE');
      const candidates = byNumber.length > 0 ? [] : await repo.residentCandidates(db(), units, surname, street);
      const seen = new Set<string>();
      const suggestions = candidates
        .filter((c) => !seen.has(c.id) && seen.add(c.id))
        .map((c) => ({
          residentId: c.id,
          name: `${c.first_name} ${c.last_name}`,
          // Both name and address agreeing is a strong suggestion; one of them only a weak one.
          strength:
            c.last_name.toLocaleLowerCase('sv-SE') === surname && c.address?.toLocaleLowerCase('sv-SE') === street
              ? 'name_and_address'
              : 'partial',
        }))
        .sort((a, b) => (a.strength === b.strength ? a.name.localeCompare(b.name, 'sv') : a.strength === 'name_and_address' ? -1 : 1));
      // A household already being worked on: the report belongs in that case rather than in a new one.
      const cases = report.case_id
        ? []
        : await repo.openCasesMatching(db(), [report.unit_id], {
            personalNumber: report.tenant_personal_number,
            name: report.tenant_name.trim().toLocaleLowerCase('sv-SE'),
            address: street,
          });
      const attachments = await repo.attachmentsOf(db(), [report.id]);
      await recordAudit(db(), actor, ctx.clock.now(), [
        { residentId: byNumber[0]?.id ?? null, unitId: report.unit_id, entity: 'eviction_report', entityId: report.id, action: 'read' },
      ]);
      return {
        ...staffView(report),
        tenantPersonalNumber: report.tenant_personal_number,
        description: report.description,
        householdChildren: report.household_children,
        attachments: attachments.map((a) => ({
          id: a.id,
          filename: a.filename,
          contentType: a.content_type,
          sizeBytes: a.size_bytes,
          createdAt: a.created_at,
        })),
        match: {
          byPersonalNumber: byNumber.map((r) => ({ residentId: r.id, name: `${r.first_name} ${r.last_name}` })),
          suggestions: suggestions.slice(0, 10),
          openCases: cases.map((c) => ({
            caseId: c.id,
            tenantName: c.tenant_name,
            tenantAddress: c.tenant_address,
            step: c.step,
            openedOn: c.opened_on,
            by:
              report.tenant_personal_number && c.tenant_personal_number === report.tenant_personal_number
                ? 'personal_number'
                : 'name_and_address',
          })),
        },
      };
    },

    /** A PDF or image added to a report: by the landlord who sent it (while received) or by the unit's staff. */
    async addAttachment(actor: Actor, reportId: string, file: { filename: string; bytes: Buffer }) {
      const report = await repo.findReport(db(), reportId);
      const ownLandlord = actor.kind === 'landlord' && report?.landlord_id === actor.landlordId && report?.status === 'received';
      if (!report || !(ownLandlord || caseUnitIds(actor).includes(report.unit_id))) throw notFound();
      if (file.bytes.length === 0) throw invalidField('file', 'empty', { sv: 'Filen är tom.', en: 'The file is empty.' });
      if (file.bytes.length > ATTACHMENT_MAX_BYTES) {
        throw invalidField('file', 'too_large', { sv: 'Filen får vara högst 5 MB.', en: 'The file may be at most 5 MB.' });
      }
      const type = SIGNATURES.find((s) => s.bytes.every((b, i) => file.bytes[i] === b))?.type;
      if (!type) {
        throw invalidField('file', 'type', {
          sv: 'Bara PDF, PNG och JPEG kan bifogas.',
          en: 'Only PDF, PNG and JPEG files can be attached.',
        });
      }
      if ((await repo.countAttachments(db(), reportId)) >= ATTACHMENTS_PER_REPORT) {
        throw invalidField('file', 'too_many', {
          sv: `Högst ${ATTACHMENTS_PER_REPORT} bilagor per anmälan.`,
          en: `At most ${ATTACHMENTS_PER_REPORT} attachments per report.`,
        });
      }
      const id = newId();
      const filename = file.filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'bilaga';
      await db()
        .transaction()
        .execute(async (trx) => {
          await repo.insertAttachment(trx, {
            id,
            report_id: reportId,
            filename,
            content_type: type,
            size_bytes: file.bytes.length,
            sha256: crypto.createHash('sha256').update(file.bytes).digest('hex'),
            content: file.bytes,
            created_at: ctx.clock.now().toISOString(),
          });
          if (actor.kind === 'staff') {
            await recordAudit(trx, actor, ctx.clock.now(), [
              { residentId: null, unitId: report.unit_id, entity: 'report_attachment', entityId: id, action: 'create' },
            ]);
          }
        });
      return { id, filename, contentType: type, sizeBytes: file.bytes.length };
    },

    /** The attachment's file, for the unit's staff (audit-logged). */
    async attachment(actor: Actor, id: string) {
      const a = await repo.findAttachment(db(), id);
      if (!a) throw notFound();
      const report = await staffReport(actor, a.report_id);
      await recordAudit(db(), actor, ctx.clock.now(), [
        { residentId: null, unitId: report.unit_id, entity: 'report_attachment', entityId: id, action: 'read' },
      ]);
      return { filename: a.filename, contentType: a.content_type, content: Buffer.from(a.content) };
    },

    /** A new key for a landlord's system (admins); the key itself is shown once and only its hash is stored. */
    async createApiKey(actor: Actor, landlordId: string, label: string) {
      if (!actor.isAdmin) throw notFound();
      const landlord = await db().selectFrom('landlords').select('organisation_id').where('id', '=', landlordId).executeTakeFirst();
      if (!landlord || landlord.organisation_id !== actor.organisationId) throw notFound();
      const key = `kvl_${randomToken(32)}`;
      const id = newId();
      await repo.insertApiKey(db(), {
        id,
        landlord_id: landlordId,
        label: label.trim(),
        key_hash: sha256(key),
        key_prefix: key.slice(0, 8),
        created_by: actor.userId,
        created_at: ctx.clock.now().toISOString(),
      });
      return { id, label: label.trim(), key, keyPrefix: key.slice(0, 8) };
    },

    async apiKeys(actor: Actor, landlordId: string) {
      if (!actor.isAdmin) throw notFound();
      return (await repo.apiKeysOf(db(), landlordId)).map((k) => ({
        id: k.id,
        label: k.label,
        keyPrefix: k.key_prefix,
        createdAt: k.created_at,
        revokedAt: k.revoked_at,
      }));
    },

    async revokeApiKey(actor: Actor, landlordId: string, id: string) {
      if (!actor.isAdmin) throw notFound();
      if (!(await repo.revokeApiKey(db(), landlordId, id, ctx.clock.now().toISOString()))) throw notFound();
    },
  };
}

type StoredReport = NonNullable<Awaited<ReturnType<typeof repo.findReport>>>;

function toReceipt(r: StoredReport) {
  return { id: r.id, receiptNumber: r.receipt_number, status: r.status, receivedOn: r.received_on };
}

function landlordView(r: { id: string; receiptNumber: string; status: string; receivedOn: string }) {
  return { id: r.id, receiptNumber: r.receiptNumber, status: r.status, receivedOn: r.receivedOn };
}

function staffView(r: StoredReport) {
  return {
    id: r.id,
    receiptNumber: r.receipt_number,
    unitId: r.unit_id,
    channel: r.channel,
    landlordId: r.landlord_id,
    kind: r.kind,
    reasons: JSON.parse(r.reasons) as string[],
    arrearsOre: r.arrears_ore,
    arrearsMonths: r.arrears_months,
    servedOn: r.served_on,
    evictionDate: r.eviction_date,
    tenantName: r.tenant_name,
    tenantAddress: r.tenant_address,
    receivedOn: r.received_on,
    status: r.status,
    caseId: r.case_id,
  };
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}
