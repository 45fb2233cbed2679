import type { Db } from '../db/database.ts';
import { placementsOfResident } from '../repositories/placements.repository.ts';
import type { Services } from '../services/index.ts';
import { stringFlag, UsageError } from './args.ts';

/** `kvarbo ledger --resident ID [--json]`: the resident's charges, payments and balance in öre. */
export async function ledgerCommand(db: Db, services: Services, flags: Map<string, string | true>): Promise<number> {
  const residentId = stringFlag(flags, 'resident');
  if (!residentId) throw new UsageError('ledger needs --resident ID');
  const resident = await db.kysely
    .selectFrom('residents')
    .select(['id', 'first_name', 'last_name'])
    .where('id', '=', residentId)
    .executeTakeFirst();
  if (!resident) {
    if (flags.has('json')) console.log(JSON.stringify({ error: `no resident with id ${residentId}` }));
    else console.error(`kvarbo: no resident with id ${residentId}`);
    return 1;
  }
  const ledgers = await services.ledger.ledgerOf(db.kysely, await placementsOfResident(db.kysely, residentId));
  const out = {
    residentId,
    balanceOre: ledgers.reduce((s, l) => s + l.balanceOre, 0),
    creditOre: ledgers.reduce((s, l) => s + l.creditOre, 0),
    placements: ledgers.map((l) => ({
      placementId: l.placementId,
      ocrReference: l.ocrReference,
      balanceOre: l.balanceOre,
      creditOre: l.creditOre,
      charges: l.charges.map((c) => ({
        id: c.id,
        month: c.month,
        dueDate: c.dueDate,
        amountOre: c.amountOre,
        reversesChargeId: c.reversesChargeId,
      })),
      payments: l.payments.map((p) => ({
        id: p.id,
        bookingDate: p.bookingDate,
        amountOre: p.amountOre,
        source: p.source,
        reversesPaymentId: p.reversesPaymentId,
      })),
      months: l.months.map((m) => ({
        month: m.month,
        dueDate: m.dueDate,
        amountOre: m.amountOre,
        paidOre: m.paidOre,
        openOre: m.openOre,
        paidInFullOn: m.paidInFullOn,
        status: m.status,
      })),
    })),
  };
  if (flags.has('json')) {
    console.log(JSON.stringify(out));
  } else {
    console.log(`${resident.first_name} ${resident.last_name}: balance ${out.balanceOre / 100} kr`);
    for (const p of out.placements)
      for (const m of p.months)
        console.log(`  ${m.month}  due ${m.dueDate}  ${m.amountOre / 100} kr  paid ${m.paidOre / 100} kr  ${m.status}`);
  }
  return 0;
}
