import { allocate, classifyMonth, matchPayment, type MatchCandidate } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { PaymentTable } from '../db/schema.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import { placementVisible } from '../repositories/access.repository.ts';
import { allowancePayoutsOf, insertAllowancePayout } from '../repositories/allowances.repository.ts';
import { chargesOf } from '../repositories/charges.repository.ts';
import * as payments from '../repositories/payments.repository.ts';
import { findPlacement, placementsOfResident, type PlacementRow } from '../repositories/placements.repository.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { toChargeEntry, toPaymentEntry } from './ledger-entries.ts';
import { priorityFor } from './plan-priority.ts';
import { plansOf } from '../repositories/followup.repository.ts';
import { unitsToList } from './guards.ts';

export type ManualPayment = {
  bookingDate: string;
  amountOre: number;
  method: 'bankgiro' | 'swish' | 'cash' | 'transfer' | 'other';
  note?: string | null;
};

/**
 * The resident's rent ledger: charges, payments and what each payment settled. Nothing derived is stored;
 * allocate() replays the entries every time, so a reversal anywhere is reflected everywhere at once.
 */
export function createLedgerService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  async function ledgerOf(q: Q, placements: PlacementRow[]) {
    const ids = placements.map((p) => p.id);
    const [charges, paid, allowances, plans] = await Promise.all([
      chargesOf(q, ids),
      payments.paymentsOf(q, ids),
      allowancePayoutsOf(q, ids),
      plansOf(q, ids),
    ]);
    const today = ctx.clock.today();
    return placements.map((p) => {
      const myCharges = charges.filter((c) => c.placement_id === p.id);
      const myPayments = paid.filter((x) => x.placement_id === p.id);
      const activePlan = plans.filter((x) => x.placement_id === p.id && x.cancelled_at === null).at(-1);
      const result = allocate(
        myCharges.map(toChargeEntry),
        myPayments.map(toPaymentEntry),
        activePlan ? { priority: priorityFor(activePlan) } : {},
      );
      return {
        placementId: p.id,
        apartmentAddress: p.address,
        startDate: p.start_date,
        endDate: p.end_date,
        ocrReference: p.ocr_reference,
        balanceOre: result.balanceOre,
        creditOre: result.creditOre,
        totalChargedOre: result.totalChargedOre,
        totalPaidOre: result.totalPaidOre,
        months: result.charges.map((c) => ({ ...c, status: classifyMonth(c, today) })),
        charges: myCharges.map((c) => ({
          id: c.id,
          month: c.month,
          dueDate: c.due_date,
          amountOre: c.amount_ore,
          days: c.days,
          daysInMonth: c.days_in_month,
          reversesChargeId: c.reverses_charge_id,
          note: c.note,
          createdAt: c.created_at,
        })),
        payments: myPayments.map(paymentDto),
        allocations: result.allocations,
        allowancePayouts: allowances
          .filter((a) => a.placement_id === p.id)
          .map((a) => ({ id: a.id, paidOn: a.paid_on, amountOre: a.amount_ore, note: a.note })),
      };
    });
  }

  async function visiblePlacement(q: Q, actor: Actor, placementId: string) {
    if (!(await placementVisible(q, caseUnitIds(actor), placementId))) throw notFound();
    return (await findPlacement(q, placementId))!;
  }

  async function audit(q: Q, actor: Actor, p: PlacementRow, entity: string, entityId: string | null, action: 'read' | 'create' | 'update') {
    await recordAudit(q, actor, ctx.clock.now(), [{ residentId: p.resident_id, unitId: p.resident_unit_id, entity, entityId, action }]);
  }

  return {
    ledgerOf,

    async placementLedger(actor: Actor, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await visiblePlacement(trx, actor, placementId);
          await audit(trx, actor, p, 'ledger', p.id, 'read');
          return (await ledgerOf(trx, [p]))[0]!;
        });
    },

    /** Access to the resident is checked by the route's scope; every placement of theirs is included. */
    async residentLedger(actor: Actor, residentId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const placements = await placementsOfResident(trx, residentId);
          await recordAudit(trx, actor, ctx.clock.now(), [
            { residentId, unitId: placements[0]?.resident_unit_id ?? null, entity: 'ledger', entityId: null, action: 'read' },
          ]);
          const ledgers = await ledgerOf(trx, placements);
          return {
            residentId,
            balanceOre: ledgers.reduce((s, l) => s + l.balanceOre, 0),
            placements: ledgers,
          };
        });
    },

    async recordManualPayment(actor: Actor, placementId: string, input: ManualPayment) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await visiblePlacement(trx, actor, placementId);
          if (input.amountOre <= 0) {
            throw invalidField('amountOre', 'positive', {
              sv: 'Beloppet måste vara större än noll. Rätta en felaktig betalning genom att makulera den.',
              en: 'The amount must be above zero. Correct a wrong payment by reversing it.',
            });
          }
          const id = newId();
          const now = ctx.clock.now().toISOString();
          await payments.insertPayments(trx, [
            {
              id,
              unit_id: p.unit_id,
              import_id: null,
              line_no: null,
              source: 'manual',
              bank_reference: null,
              booking_date: input.bookingDate,
              amount_ore: input.amountOre,
              reference: null,
              payer_name: null,
              free_text: null,
              method: input.method,
              note: input.note ?? null,
              placement_id: p.id,
              matched_by: 'staff',
              assigned_by: actor.userId,
              assigned_at: now,
              reverses_payment_id: null,
              created_by: actor.userId,
              created_at: now,
            },
          ]);
          await audit(trx, actor, p, 'payment', id, 'create');
          return paymentDto((await payments.findPayment(trx, id))!);
        });
    },

    /** A correction: a negative entry taking the payment back, on the day given (default today). */
    async reversePayment(actor: Actor, paymentId: string, input: { bookingDate?: string | null; note: string }) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const original = await payments.findPayment(trx, paymentId);
          if (!original) throw notFound();
          const p = original.placement_id ? await visiblePlacement(trx, actor, original.placement_id) : null;
          if (!p && !caseUnitIds(actor).includes(original.unit_id)) throw notFound();
          if (original.reverses_payment_id)
            throw conflict('REVERSAL_OF_REVERSAL', { sv: 'En makulering kan inte makuleras.', en: 'A reversal cannot be reversed.' });
          if ((await payments.reversalsOf(trx, paymentId)).length > 0) {
            throw conflict('ALREADY_REVERSED', { sv: 'Betalningen är redan makulerad.', en: 'The payment has already been reversed.' });
          }
          const bookingDate = input.bookingDate ?? ctx.clock.today();
          if (bookingDate < original.booking_date) {
            throw invalidField('bookingDate', 'before_payment', {
              sv: 'Makuleringen kan inte ligga före betalningen.',
              en: 'The reversal cannot be dated before the payment.',
            });
          }
          const id = newId();
          const now = ctx.clock.now().toISOString();
          await payments.insertPayments(trx, [
            {
              ...original,
              id,
              import_id: null,
              line_no: null,
              bank_reference: null,
              booking_date: bookingDate,
              amount_ore: -original.amount_ore,
              note: input.note,
              reverses_payment_id: original.id,
              created_by: actor.userId,
              created_at: now,
              assigned_by: actor.userId,
              assigned_at: now,
            },
          ]);
          if (p) await audit(trx, actor, p, 'payment', id, 'create');
          return paymentDto((await payments.findPayment(trx, id))!);
        });
    },

    async recordAllowancePayout(actor: Actor, placementId: string, input: { paidOn: string; amountOre: number; note?: string | null }) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const p = await visiblePlacement(trx, actor, placementId);
          if (p.rent_included_in_daily_fee !== 1) {
            throw invalidField('placementId', 'rent_not_included', {
              sv: 'Hyrespengar betalas bara ut när hyran ingår i dygnsavgiften.',
              en: 'A rent allowance is only paid when the rent is included in the daily fee.',
            });
          }
          const id = newId();
          await insertAllowancePayout(trx, {
            id,
            placement_id: p.id,
            paid_on: input.paidOn,
            amount_ore: input.amountOre,
            note: input.note ?? null,
            created_by: actor.userId,
            created_at: ctx.clock.now().toISOString(),
          });
          await audit(trx, actor, p, 'rent_allowance', id, 'create');
          return { id, paidOn: input.paidOn, amountOre: input.amountOre, note: input.note ?? null };
        });
    },

    /** The queue of payments no OCR matched, each with suggested placements (name and amount) to confirm. */
    async unmatched(actor: Actor, f: { unitId?: string; page: number; pageSize: number }) {
      const unitIds = unitsToList(actor, f.unitId);
      const { items, total } = await payments.unmatchedPayments(db(), unitIds, f);
      const candidates = await this.matchCandidates(unitIds);
      return {
        items: items.map((x) => {
          const match = matchPayment(
            { reference: x.reference, amountOre: x.amount_ore, payerName: x.payer_name, freeText: x.free_text },
            candidates.filter((c) => c.unitId === x.unit_id),
          );
          const suggested = match.kind === 'suggestion' ? match.placementIds : match.kind === 'ocr' ? [match.placementId] : [];
          return {
            ...paymentDto(x),
            suggestions: suggested
              .map((id) => candidates.find((c) => c.placementId === id)!)
              .map((c) => ({
                placementId: c.placementId,
                residentId: c.residentId,
                residentName: c.residentName,
                monthlyRentOre: c.monthlyRentOre,
                openOre: c.openOre,
              })),
          };
        }),
        total,
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    /** Placements of the units, current or ended within a year, with what they owe: whom a payment may be for. */
    async matchCandidates(unitIds: string[]): Promise<(MatchCandidate & { unitId: string; residentId: string })[]> {
      const today = ctx.clock.today();
      const rows = await db()
        .selectFrom('placements as p')
        .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
        .innerJoin('residents as r', 'r.id', 'p.resident_id')
        .selectAll('p')
        .select([
          'r.first_name',
          'r.last_name',
          'r.unit_id as resident_unit_id',
          'a.address',
          'a.unit_id',
          'a.monthly_rent_ore as apartment_rent_ore',
        ])
        .where('a.unit_id', 'in', unitIds.length ? unitIds : ['-'])
        .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`)]))
        .execute();
      const ledgers = await ledgerOf(db(), rows as PlacementRow[]);
      return rows.map((p, i) => ({
        placementId: p.id,
        unitId: p.unit_id,
        residentId: p.resident_id,
        ocrReference: p.ocr_reference,
        residentName: `${p.first_name} ${p.last_name}`,
        monthlyRentOre: p.monthly_rent_ore ?? p.apartment_rent_ore,
        openOre: Math.max(0, ledgers[i]!.balanceOre),
      }));
    },

    async assign(actor: Actor, paymentId: string, placementId: string) {
      return db()
        .transaction()
        .execute(async (trx) => {
          const payment = await payments.findPayment(trx, paymentId);
          if (!payment || !caseUnitIds(actor).includes(payment.unit_id)) throw notFound();
          const p = await visiblePlacement(trx, actor, placementId);
          if (p.unit_id !== payment.unit_id) {
            throw invalidField('placementId', 'other_unit', {
              sv: 'Betalningen kom in till en annan enhets bankgiro.',
              en: 'The payment came in to another unit’s bankgiro.',
            });
          }
          if (!(await payments.assignPayment(trx, paymentId, placementId, actor.userId, ctx.clock.now().toISOString()))) {
            throw conflict('ALREADY_ASSIGNED', {
              sv: 'Betalningen är redan kopplad. Makulera den för att rätta.',
              en: 'The payment is already assigned. Reverse it to correct.',
            });
          }
          await audit(trx, actor, p, 'payment', paymentId, 'update');
          return paymentDto((await payments.findPayment(trx, paymentId))!);
        });
    },
  };
}

export function paymentDto(x: PaymentTable) {
  return {
    id: x.id,
    unitId: x.unit_id,
    source: x.source,
    importId: x.import_id,
    lineNo: x.line_no,
    bankReference: x.bank_reference,
    bookingDate: x.booking_date,
    amountOre: x.amount_ore,
    reference: x.reference,
    payerName: x.payer_name,
    freeText: x.free_text,
    method: x.method,
    note: x.note,
    placementId: x.placement_id,
    matchedBy: x.matched_by,
    reversesPaymentId: x.reverses_payment_id,
    createdAt: x.created_at,
  };
}
