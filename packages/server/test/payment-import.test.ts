import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBgmaxFile, type BgmaxSectionSpec } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { aLandlord, anApartment, aPlacement, aResident } from './support/builders.ts';
import { startTestApp, type Client, type TestApp } from './support/test-app.ts';
import { TEST_DIALECTS } from './support/test-db.ts';

const BANKGIRO = '5550009'; // 555-0009: an invented number with a valid check digit

describe.each(TEST_DIALECTS)('payment import on %s', (dialect) => {
  let t: TestApp;
  let c: Client;
  const placements: { id: string; ocrReference: string; residentName: string; residentId: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const admin = await t.as('admin');
    expect((await admin.patch(`/api/admin/units/${t.unitA}`, { version: 1, bankgiro: '555-0009' })).status).toBe(200);
    c = await t.as('caseworkerA');
    const landlord = await aLandlord(c);
    for (let i = 0; i < 3; i++) {
      const apt = await anApartment(c, landlord.id, { monthlyRentOre: 600_000 });
      const res = await aResident(c, TEST_PERSONAL_NUMBERS[170 + i]!, {
        firstName: ['Märta', 'Olle', 'Sara'][i],
        lastName: ['Östlund', 'Berg', 'Lind'][i],
      });
      const p = await aPlacement(c, res.id, apt.id, { startDate: '2026-10-01' });
      placements.push({ id: p.id, ocrReference: p.ocrReference, residentName: `${res.firstName} ${res.lastName}`, residentId: res.id });
    }
    await (await t.as('managerA')).post('/api/charges/generate', { month: '2026-11', unitId: t.unitA });
  });
  afterAll(async () => {
    await t?.close();
  });

  // BgMax is ISO-8859-1 on the wire, as Bankgirot sends it; XML and CSV go as UTF-8.
  const upload = (file: string, format: string, name: string, mapping?: object) =>
    c.request(
      'POST',
      `/api/payment-imports?unitId=${t.unitA}&format=${format}&fileName=${encodeURIComponent(name)}${mapping ? `&mapping=${encodeURIComponent(JSON.stringify(mapping))}` : ''}`,
      format === 'bgmax' ? Buffer.from(file, 'latin1') : file,
      { 'content-type': 'application/octet-stream' },
    );
  const count = async (table: 'payments' | 'payment_imports') =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const section = (payments: BgmaxSectionSpec['payments'], paymentDate = '2026-10-30'): BgmaxSectionSpec => ({
    payeeBankgiro: BANKGIRO,
    paymentDate,
    payments,
  });

  it('imports a BgMax file, matching by OCR and queueing the rest', async () => {
    const file = buildBgmaxFile([
      section([
        { amountOre: 600_000, reference: placements[0]!.ocrReference, bankSerial: '000000000101', payerName: 'ÖSTLUND MÄRTA' },
        { amountOre: 250_000, reference: placements[1]!.ocrReference, bankSerial: '000000000102' },
        { amountOre: 600_000, reference: '', bankSerial: '000000000103', payerName: 'LIND SARA', information: ['HYRA NOVEMBER'] },
      ]),
    ]);
    const res = await upload(file, 'bgmax', 'bgmax-2026-10-30.txt');
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ payments: 3, matched: 2, unmatched: 1, duplicates: 0, totalOre: 1_450_000, alreadyImported: false });

    const ledger = (await c.get(`/api/placements/${placements[0]!.id}/ledger`)).body;
    expect(ledger.payments).toEqual([
      expect.objectContaining({ source: 'bgmax', amountOre: 600_000, bookingDate: '2026-10-30', matchedBy: 'ocr' }),
    ]);
    expect(ledger.months[0]).toMatchObject({ month: '2026-11', status: 'on_time', paidInFullOn: '2026-10-30' });

    const history = await c.get(`/api/payment-imports?unitId=${t.unitA}`);
    expect(history.body.items[0]).toMatchObject({
      fileName: 'bgmax-2026-10-30.txt',
      payments: 3,
      matched: 2,
      unmatched: 1,
      importedBy: 'Test caseworkerA',
    });
    const detail = await c.get(`/api/payment-imports/${res.body.importId}`);
    expect(detail.body.payments.map((p: { residentName: string | null }) => p.residentName)).toEqual(['Märta Östlund', 'Olle Berg', null]);
  });

  it('never counts a payment twice: the same file, or an overlapping one', async () => {
    const before = await count('payments');
    const same = buildBgmaxFile([
      section([
        { amountOre: 600_000, reference: placements[0]!.ocrReference, bankSerial: '000000000101', payerName: 'ÖSTLUND MÄRTA' },
        { amountOre: 250_000, reference: placements[1]!.ocrReference, bankSerial: '000000000102' },
        { amountOre: 600_000, reference: '', bankSerial: '000000000103', payerName: 'LIND SARA', information: ['HYRA NOVEMBER'] },
      ]),
    ]);
    const again = await upload(same, 'bgmax', 'copy.txt');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyImported: true, duplicates: 3 });

    const overlapping = buildBgmaxFile([
      section(
        [
          { amountOre: 250_000, reference: placements[1]!.ocrReference, bankSerial: '000000000102' },
          { amountOre: 350_000, reference: placements[1]!.ocrReference, bankSerial: '000000000104' },
        ],
        '2026-11-03',
      ),
    ]);
    const res = await upload(overlapping, 'bgmax', 'bgmax-2026-11-03.txt');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ payments: 2, matched: 1, duplicates: 1, totalOre: 350_000 });
    expect(await count('payments')).toBe(before + 1);
    const ledger = (await c.get(`/api/placements/${placements[1]!.id}/ledger`)).body;
    expect(ledger.months[0]).toMatchObject({ status: 'late', paidInFullOn: '2026-11-03', openOre: 0 });
  });

  it('imports a file sent twice at the same moment only once', async () => {
    const file = buildBgmaxFile([
      section([{ amountOre: 10_000, reference: placements[2]!.ocrReference, bankSerial: '000000000150' }], '2026-11-06'),
    ]);
    const [a, b] = await Promise.all([upload(file, 'bgmax', 'twice-a.txt'), upload(file, 'bgmax', 'twice-b.txt')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect([a.body.alreadyImported, b.body.alreadyImported].sort()).toEqual([false, true]);
    const stored = await t.db.kysely
      .selectFrom('payments')
      .select('id')
      .where('bank_reference', '=', `bgmax:${BANKGIRO}:000000000150`)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('imports nothing from a file that fails its own totals, and says where', async () => {
    const good = buildBgmaxFile([section([{ amountOre: 100_000, reference: placements[2]!.ocrReference, bankSerial: '000000000201' }])]);
    const lines = good.split('\n');
    const depositLine = lines.findIndex((l) => l.startsWith('15'));
    // Change the deposit amount (positions 51–68) so it no longer equals the section's payments.
    lines[depositLine] = lines[depositLine]!.slice(0, 50) + '000000000000999999' + lines[depositLine]!.slice(68);
    const before = [await count('payments'), await count('payment_imports')];
    const res = await upload(lines.join('\n'), 'bgmax', 'broken.txt');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'IMPORT_REJECTED', file: 'broken.txt', line: depositLine + 1 });
    expect(res.body.error.message).toMatch(/Inget har sparats/);
    expect([await count('payments'), await count('payment_imports')]).toEqual(before);

    const wrongLength = good.replace(/^20.*$/m, (l) => l.slice(0, 70));
    const res2 = await upload(wrongLength, 'bgmax', 'short.txt');
    expect(res2.status).toBe(400);
    expect(res2.body.error.errors[0]).toMatchObject({ line: 3, field: 'lineLength', message: expect.stringMatching(/^Rad 3: /) });
    expect([await count('payments'), await count('payment_imports')]).toEqual(before);
  });

  it('refuses a file for another bankgiro', async () => {
    const other = buildBgmaxFile([
      { payeeBankgiro: '9912346', paymentDate: '2026-11-02', payments: [{ amountOre: 1_000, bankSerial: '000000000301' }] },
    ]);
    const res = await upload(other, 'bgmax', 'other.txt');
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('payeeBankgiro');
  });

  it('imports camt.054 with OCR in the structured reference', async () => {
    const xml = camt054([{ ref: 'CAMT-1', amount: '6000.00', ocr: placements[2]!.ocrReference, name: 'Sara Lind', date: '2026-11-04' }]);
    const res = await upload(xml, 'camt054', 'camt054.xml');
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ payments: 1, matched: 1, totalOre: 600_000 });
    const again = await upload(
      camt054([{ ref: 'CAMT-1', amount: '6000.00', ocr: placements[2]!.ocrReference, name: 'Sara Lind', date: '2026-11-04' }], 'MSG-2'),
      'camt054',
      'camt054-again.xml',
    );
    expect(again.body).toMatchObject({ duplicates: 1, matched: 0 });
  });

  it('queues unmatched payments with name-and-amount suggestions; staff assign them once, audit-logged', async () => {
    const queue = await c.get(`/api/payments/unmatched?unitId=${t.unitA}`);
    const lind = queue.body.items.find((p: { payerName: string }) => p.payerName === 'LIND SARA');
    expect(lind.suggestions).toEqual([expect.objectContaining({ placementId: placements[2]!.id, residentName: 'Sara Lind' })]);
    const assigned = await c.post(`/api/payments/${lind.id}/assign`, { placementId: placements[2]!.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ placementId: placements[2]!.id, matchedBy: 'staff' });
    expect((await c.post(`/api/payments/${lind.id}/assign`, { placementId: placements[0]!.id })).status).toBe(409);
    expect((await c.get(`/api/payments/unmatched?unitId=${t.unitA}`)).body.items.some((p: { id: string }) => p.id === lind.id)).toBe(false);
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', lind.id).execute();
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'update',
        entity: 'payment',
        resident_id: placements[2]!.residentId,
        user_id: t.userIds.caseworkerA,
      }),
    ]);
    expect((await (await t.as('caseworkerB')).post(`/api/payments/${lind.id}/assign`, { placementId: placements[2]!.id })).status).toBe(
      404,
    );
  });

  it('imports a CSV list through a column mapping, and previews it first', async () => {
    const csv = `Bokföringsdag;Belopp;Referens;Avsändare;Verifikationsnummer\n2026-11-05;1 200,00;${placements[0]!.ocrReference};Märta Östlund;V-1\n2026-11-05;300,50;;Okänd;V-2\n`;
    const preview = await c.request('POST', '/api/payment-imports/preview?format=csv', csv, { 'content-type': 'application/octet-stream' });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({
      headers: ['Bokföringsdag', 'Belopp', 'Referens', 'Avsändare', 'Verifikationsnummer'],
      rowCount: 2,
    });
    const res = await upload(csv, 'csv', 'bank.csv', preview.body.suggestedMapping);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ payments: 2, matched: 1, unmatched: 1, totalOre: 150_050 });
  });

  it('imports an Excel list with real dates and numbers', async () => {
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    const sheet = workbook.addWorksheet('Inbetalningar');
    sheet.addRow(['Datum', 'Belopp', 'OCR', 'Namn', 'Löpnummer']);
    sheet.addRow([new Date(Date.UTC(2026, 10, 6)), 6000, placements[1]!.ocrReference, 'Olle Berg', 'X-1']);
    sheet.addRow([new Date(Date.UTC(2026, 10, 6)), 123.45, '', 'Okänd Person', 'X-2']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await c.request('POST', '/api/payment-imports/preview?format=xlsx', bytes, {
      'content-type': 'application/octet-stream',
    });
    expect(preview.body).toMatchObject({
      headers: ['Datum', 'Belopp', 'OCR', 'Namn', 'Löpnummer'],
      rowCount: 2,
      rows: [['2026-11-06', '6000', placements[1]!.ocrReference, 'Olle Berg', 'X-1'], expect.any(Array)],
    });
    const res = await c.request(
      'POST',
      `/api/payment-imports?unitId=${t.unitA}&format=xlsx&fileName=lista.xlsx&mapping=${encodeURIComponent(JSON.stringify(preview.body.suggestedMapping))}`,
      bytes,
      { 'content-type': 'application/octet-stream' },
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ payments: 2, matched: 1, unmatched: 1, totalOre: 612_345 });
  });

  it('keeps other units out of imports and queues', async () => {
    const b = await t.as('caseworkerB');
    expect((await b.get(`/api/payment-imports?unitId=${t.unitA}`)).body.items).toEqual([]);
    expect((await b.get(`/api/payments/unmatched?unitId=${t.unitA}`)).body.items).toEqual([]);
    const res = await b.request('POST', `/api/payment-imports?unitId=${t.unitA}&format=bgmax&fileName=x.txt`, 'x', {
      'content-type': 'application/octet-stream',
    });
    expect(res.status).toBe(403);
  });
});

function camt054(entries: { ref: string; amount: string; ocr: string; name: string; date: string }[], msgId = 'MSG-1'): string {
  const sum = entries.reduce((s, e) => s + Number(e.amount), 0).toFixed(2);
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>${msgId}</MsgId><CreDtTm>2026-11-04T18:00:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>N-1</Id><CreDtTm>2026-11-04T18:00:00</CreDtTm>
      <Acct><Id><Othr><Id>5550005</Id></Othr></Id></Acct>
      <TxsSummry><TtlCdtNtries><NbOfNtries>${entries.length}</NbOfNtries><Sum>${sum}</Sum></TtlCdtNtries></TxsSummry>
      ${entries
        .map(
          (e) => `<Ntry>
        <Amt Ccy="SEK">${e.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>${e.date}</Dt></BookgDt><ValDt><Dt>${e.date}</Dt></ValDt>
        <AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><AcctSvcrRef>${e.ref}</AcctSvcrRef></Refs>
          <RltdPties><Dbtr><Nm>${e.name}</Nm></Dbtr></RltdPties>
          <RmtInf><Strd><CdtrRefInf><Ref>${e.ocr}</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
        )
        .join('\n')}
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>`;
}

export const tmpFile = (name: string, content: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-import-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, 'latin1');
  return file;
};
