import { describe, expect, it } from 'vitest';
import { TEST_COORDINATION_NUMBERS, TEST_PERSONAL_NUMBERS } from '../demo/test-personal-numbers.ts';
import { SECRECY_PROVISION, renderAgencyNotice, type AgencyNoticeData } from './agency-notice.ts';
import { pageCount, pdfInfoString, pdfPageTexts, pdfText, pdfTextLines } from './pdf-test-helpers.ts';

const NBSP = '\u00a0';
const raw = { compress: false } as const;
// Skatteverket's published test numbers only (RULES.md §12).
const PERSONAL_NUMBER = TEST_PERSONAL_NUMBERS[0]!;
const COORDINATION_NUMBER = TEST_COORDINATION_NUMBERS[0]!;

function notice(overrides: Partial<AgencyNoticeData> = {}): AgencyNoticeData {
  return {
    unit: { name: 'Träningslägenheterna Söder', letterhead: 'Götgatan 12, 118 46 Stockholm', bankgiro: '123-4567' },
    recipient: {
      name: 'Södermalms stadsdelsförvaltning',
      contactPerson: 'Karin Åberg, socialsekreterare',
      address: 'Box 4270\n102 66 Stockholm',
    },
    resident: { name: 'Åsa Ödström', personalNumber: PERSONAL_NUMBER },
    placementAddress: { address: 'Ringvägen 5 lgh 1102', postcode: '11867', city: 'Stockholm' },
    month: '2026-12',
    arrears: [
      { month: '2026-12', openOre: 650_000 },
      { month: '2026-11', openOre: 150_000 },
    ],
    actions: {
      reminderSentOn: '2026-12-01',
      homeVisit: { date: '2026-12-05', summary: 'Åsa mådde dåligt.\nVi gjorde en plan för kontakt med handläggaren.' },
      managerMeeting: { date: '2026-12-15', summary: null },
    },
    repaymentPlan: { status: 'proposed', date: '2026-12-15', instalments: 8, firstMonth: '2027-01', note: null },
    contact: { name: 'Björn Häggström', title: 'kontaktperson', phone: '08-123 456 79', email: 'bjorn@example.se' },
    date: '2026-12-15',
    ...overrides,
  };
}

describe('renderAgencyNotice', () => {
  it('tells the agency who has not paid, how much, for which months and what the unit has done', async () => {
    const pdf = await renderAgencyNotice(notice(), raw);
    const text = pdfText(pdf);
    const lines = pdfTextLines(pdf);

    expect(pageCount(pdf)).toBe(1);
    expect(lines).toContain('Underrättelse om obetald hyra');
    expect(text).toContain(`Åsa Ödström har inte betalat hyran för december 2026 senast den 15${NBSP}december 2026`);
    // Recipient block.
    expect(lines).toEqual(
      expect.arrayContaining(['Södermalms stadsdelsförvaltning', 'Att: Karin Åberg, socialsekreterare', 'Box 4270', '102 66 Stockholm']),
    );
    // The resident: personnummer in the 12-digit form, placement address.
    expect(lines).toContain('Personnummer');
    expect(lines).toContain(`${PERSONAL_NUMBER.slice(0, 8)}-${PERSONAL_NUMBER.slice(8)}`);
    expect(lines).toContain('Ringvägen 5 lgh 1102, 118 67 Stockholm');
    // Months oldest first, their amounts and the total.
    const nov = lines.indexOf('november 2026');
    const dec = lines.indexOf('december 2026');
    expect(nov).toBeGreaterThan(-1);
    expect(dec).toBeGreaterThan(nov);
    expect(lines[nov + 1]).toBe(`1${NBSP}500${NBSP}kr`);
    expect(lines[dec + 1]).toBe(`6${NBSP}500${NBSP}kr`);
    expect(lines).toContain('Sammanlagd hyresskuld');
    expect(lines).toContain(`8${NBSP}000${NBSP}kr`);
    expect(text).toContain('Antal månader med obetald hyra: 2');
    // What has been done, the repayment plan and whom to contact.
    expect(text).toContain('Påminnelse skickad 2026-12-01.');
    expect(text).toContain('Hembesök 2026-12-05. Åsa mådde dåligt. Vi gjorde en plan för kontakt med handläggaren.');
    expect(text).toContain('Chefssamtal 2026-12-15.');
    expect(text).toContain('Vi har föreslagit en avbetalningsplan');
    expect(text).toContain('8 avbetalningar med start januari 2027');
    expect(text).toContain('Björn Häggström, kontaktperson');
    expect(text).toContain('Telefon 08-123 456 79');
  });

  it('carries the secrecy marking of OSL 26 kap. 1 § with date and unit', async () => {
    expect(SECRECY_PROVISION).toBe('Sekretess enligt 26 kap. 1 § OSL');
    const pdf = await renderAgencyNotice(notice(), raw);
    const lines = pdfTextLines(pdf);
    expect(lines).toContain('Sekretess enligt 26 kap. 1 § OSL');
    expect(lines).toContain('Markerad 2026-12-15 av Träningslägenheterna Söder');
  });

  it('repeats the marking on every page of a long notice and numbers the pages', async () => {
    const arrears = Array.from({ length: 30 }, (_, i) => ({
      month: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      openOre: 650_000,
    }));
    arrears.push({ month: '2026-12', openOre: 650_000 });
    const pdf = await renderAgencyNotice(notice({ arrears }), raw);
    const pages = pdfPageTexts(pdf);
    expect(pageCount(pdf)).toBeGreaterThan(1);
    expect(pages).toHaveLength(pageCount(pdf));
    pages.forEach((page, i) => {
      expect(page).toContain(SECRECY_PROVISION);
      expect(page).toContain(`Sida ${i + 1} av ${pages.length}`);
    });
    expect(pdfText(pdf)).toContain('Antal månader med obetald hyra: 31');
    expect(pdfText(pdf)).toContain(`201${NBSP}500${NBSP}kr`); // 31 × 6 500 kr
  });

  it('says when the personal number is missing, and labels a samordningsnummer as such', async () => {
    const none = pdfTextLines(await renderAgencyNotice(notice({ resident: { name: 'Åsa Ödström', personalNumber: null } }), raw));
    expect(none).toContain('Uppgift saknas');
    const coordination = pdfTextLines(
      await renderAgencyNotice(notice({ resident: { name: 'Åsa Ödström', personalNumber: COORDINATION_NUMBER } }), raw),
    );
    expect(coordination).toContain('Samordningsnummer');
    expect(coordination).not.toContain('Personnummer');
  });

  it('describes an agreed plan, no plan, and no recorded actions', async () => {
    const agreed = pdfText(
      await renderAgencyNotice(
        notice({ repaymentPlan: { status: 'agreed', date: '2026-12-15', note: 'Första betalningen sker via ekonomiskt bistånd.' } }),
        raw,
      ),
    );
    expect(agreed).toContain('En avbetalningsplan är överenskommen med den boende 2026-12-15.');
    expect(agreed).toContain('Första betalningen sker via ekonomiskt bistånd.');
    const none = pdfText(
      await renderAgencyNotice(
        notice({
          repaymentPlan: { status: 'none' },
          actions: { reminderSentOn: null, homeVisit: null },
        }),
        raw,
      ),
    );
    expect(none).toContain('Ingen avbetalningsplan har gjorts ännu.');
    expect(none).toContain('Inga åtgärder är registrerade ännu.');
  });

  it('is byte-identical for the same input and keeps personal data out of the metadata', async () => {
    const [a, b] = await Promise.all([renderAgencyNotice(notice()), renderAgencyNotice(notice())]);
    expect(a.equals(b)).toBe(true);
    const pdf = await renderAgencyNotice(notice(), raw);
    expect(pdfInfoString(pdf, 'Title')).toBe('Underrättelse om obetald hyra');
    expect(pdfInfoString(pdf, 'Author')).toBe('Träningslägenheterna Söder');
    expect(pdfInfoString(pdf, 'CreationDate')).toBe('D:20261215000000Z');
  });

  it('refuses inconsistent data', async () => {
    await expect(renderAgencyNotice(notice({ arrears: [{ month: '2026-11', openOre: 100 }] }))).rejects.toThrow(/notice month/);
    await expect(renderAgencyNotice(notice({ arrears: [] }))).rejects.toThrow(RangeError);
    await expect(
      renderAgencyNotice(
        notice({
          arrears: [
            { month: '2026-12', openOre: 100 },
            { month: '2026-12', openOre: 100 },
          ],
        }),
      ),
    ).rejects.toThrow(/twice/);
    await expect(renderAgencyNotice(notice({ arrears: [{ month: '2026-12', openOre: -1 }] }))).rejects.toThrow(RangeError);
    await expect(renderAgencyNotice(notice({ date: '2026-12-32' }))).rejects.toThrow(RangeError);
  });
});
