// Fuzz tests for every domain parser that reads text a person or a bank wrote: random text and mutations of
// valid files (characters flipped, deleted, duplicated; lines dropped, repeated, swapped; the file cut off)
// must give a result or the parser's own documented error shape, never an exception from deep inside and
// never a hang. The file parsers (BgMax, camt, CSV rows) return ParseError values and never throw; their
// catch-all code 'unexpected' means an internal exception was swallowed, so it counts as a failure here.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildBgmaxFile, createBgmaxParser, parseBgmax } from './bgmax.ts';
import type { BgmaxSectionSpec } from './bgmax.ts';
import { decimalToOre, parseCamt } from './camt.ts';
import { columnLetter, parseListAmount, parseListDate, parsePaymentRows, suggestColumnMapping } from './csv-payments.ts';
import type { ColumnMapping } from './csv-payments.ts';
import { parseKronor, formatKronor } from './money.ts';
import { formatPersonalNumber, parsePersonalNumber } from './personal-number.ts';
import { checkOcrReference, normaliseOcr, ocrReferenceFor } from './ocr-reference.ts';
import { isCalendarDate } from './calendar-date.ts';
import { isCalendarMonth } from './calendar-month.ts';
import type { ParseError } from './parse-error.ts';
import v02 from './fixtures/camt054-v02-bankgiro.xml?raw';
import v08 from './fixtures/camt054-v08-prefixed.xml?raw';
import stmt from './fixtures/camt053-v04-statement.xml?raw';

const RUNS = 300;
const TODAY = '2026-11-23';

/** Text of all kinds: ASCII, full Unicode (surrogate pairs, combining marks), and lone surrogates. */
const anyText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.constantFrom(...'0123456789 -+,.:;\t\r\n\u00a0\u2212krSEK<>/&"\'Åäö'), maxLength }),
  );

// ------------------------------------------------------------------------------------------------------------
// Mutations of a valid input.

type Mutation =
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'dropLine'; at: number }
  | { kind: 'repeatLine'; at: number }
  | { kind: 'swapLines'; at: number; with: number }
  | { kind: 'replaceLine'; at: number; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: anyText(20) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeatLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('replaceLine' as const), at: fc.nat(), text: anyText(100) }),
);

function mutate(text: string, m: Mutation): string {
  const pos = text.length === 0 ? 0 : m.at % (text.length + 1);
  const lines = text.split('\n');
  const li = m.at % lines.length;
  switch (m.kind) {
    case 'flip':
      return text.slice(0, pos) + m.char + text.slice(pos + 1);
    case 'delete':
      return text.slice(0, pos) + text.slice(pos + m.length);
    case 'duplicate':
      return text.slice(0, pos + m.length) + text.slice(pos);
    case 'insert':
      return text.slice(0, pos) + m.text + text.slice(pos);
    case 'truncate':
      return text.slice(0, pos);
    case 'dropLine':
      return [...lines.slice(0, li), ...lines.slice(li + 1)].join('\n');
    case 'repeatLine':
      return [...lines.slice(0, li + 1), ...lines.slice(li)].join('\n');
    case 'swapLines': {
      const lj = m.with % lines.length;
      const copy = [...lines];
      [copy[li], copy[lj]] = [copy[lj]!, copy[li]!];
      return copy.join('\n');
    }
    case 'replaceLine':
      return [...lines.slice(0, li), m.text, ...lines.slice(li + 1)].join('\n');
  }
}

const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 5 });
const applyAll = (text: string, ms: Mutation[]) => ms.reduce(mutate, text);

// ------------------------------------------------------------------------------------------------------------
// What a well-formed error looks like.

/** Messages of JavaScript's own exceptions: an 'unexpected' error quoting one of these is a parser bug. */
const ENGINE_ERROR =
  /Cannot read|Cannot set|is not a function|is not iterable|is not defined|undefined|null|Maximum call stack|Invalid (array|string) length|toFixed|of undefined/;

function expectParseError(e: ParseError, opts: { allowLibraryError?: boolean } = {}): void {
  expect(typeof e.field).toBe('string');
  expect(e.field.length).toBeGreaterThan(0);
  expect(typeof e.code).toBe('string');
  expect(e.code).toMatch(/^[a-z][a-z0-9_]*$/);
  // 'unexpected' is the catch-all for an exception thrown inside the parser: a bug, not bad input.
  if (e.code === 'unexpected' && opts.allowLibraryError) {
    // camt: the XML library may still throw on text its own validator let through; the parser reports that
    // as 'unexpected' with the library's message, which is fine as long as it is not a JavaScript TypeError.
    expect(e.message.en, 'an engine exception escaped from the camt reader').not.toMatch(ENGINE_ERROR);
  } else {
    expect(e.code, `internal exception swallowed: ${e.message.en}`).not.toBe('unexpected');
  }
  expect(e.message.sv.trim().length).toBeGreaterThan(0);
  expect(e.message.en.trim().length).toBeGreaterThan(0);
  if (e.line !== undefined) {
    expect(Number.isInteger(e.line)).toBe(true);
    expect(e.line).toBeGreaterThanOrEqual(1);
  }
  if (e.element !== undefined) expect(typeof e.element).toBe('string');
}

// ------------------------------------------------------------------------------------------------------------
// BgMax

const digitsArb = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const latinText = (max: number) => fc.string({ unit: fc.constantFrom(...'ABCÅÄÖabcåäö 0123456789-.'), maxLength: max });

const bgmaxSectionArb: fc.Arbitrary<BgmaxSectionSpec> = fc.record({
  payeeBankgiro: digitsArb(7, 8),
  paymentDate: fc.constantFrom('2026-01-01', '2026-02-28', '2026-03-02', '2024-02-29', '2026-12-31'),
  payments: fc.array(
    fc.record(
      {
        amountOre: fc.integer({ min: 1, max: 100_000_000 }),
        reference: fc.oneof(digitsArb(0, 25), latinText(25)),
        payerName: latinText(35),
        information: fc.array(latinText(50), { maxLength: 2 }),
        payerOrgNumber: digitsArb(10, 12),
        extraReferences: fc.array(fc.record({ reference: digitsArb(2, 25), amountOre: fc.integer({ min: -5000, max: 5000 }) }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: ['amountOre'] },
    ),
    { maxLength: 5 },
  ),
});

const validBgmaxArb = fc
  .record({ sections: fc.array(bgmaxSectionArb, { minLength: 1, maxLength: 3 }), crlf: fc.boolean() })
  .map(({ sections, crlf }) => buildBgmaxFile(sections, { lineEnding: crlf ? '\r\n' : '\n' }));

/** Lines that start with a real record code, so mutations reach the field readers rather than the code check. */
const bgmaxLikeLineArb = fc
  .record({
    code: fc.constantFrom('01', '05', '15', '20', '21', '22', '23', '25', '26', '27', '28', '29', '70', '99'),
    body: fc.oneof(digitsArb(0, 90), anyText(90)),
    pad: fc.boolean(),
  })
  .map(({ code, body, pad }) => {
    const l = code + body;
    return pad ? l.padEnd(80, '0').slice(0, 80) : l;
  });

function checkBgmax(text: string): void {
  const r = parseBgmax(text);
  if (r.ok) {
    expect(r.payments.length).toBe(r.file.payments + r.file.deductions);
    expect(r.deposits.length).toBe(r.file.sections);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expectParseError(e);
  }
}

describe('BgMax parser under fuzzing', () => {
  it('builds files it reads back without errors (the base for the mutations)', () => {
    fc.assert(
      fc.property(validBgmaxArb, (text) => {
        const r = parseBgmax(text);
        expect(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 3))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(anyText(400), (text) => checkBgmax(text)),
      { numRuns: RUNS },
    );
  });

  it('never throws on random lines that look like BgMax records', () => {
    fc.assert(
      fc.property(fc.array(bgmaxLikeLineArb, { maxLength: 20 }), (lines) => checkBgmax(lines.join('\n'))),
      { numRuns: RUNS },
    );
  });

  it('never throws on mutated valid files and names a line for line-level damage', () => {
    fc.assert(
      fc.property(validBgmaxArb, mutationsArb, (text, ms) => checkBgmax(applyAll(text, ms))),
      { numRuns: RUNS },
    );
  });

  it('the streaming parser survives lines pushed after end() and odd line numbers', () => {
    fc.assert(
      fc.property(validBgmaxArb, fc.array(anyText(90), { maxLength: 3 }), (text, extra) => {
        const p = createBgmaxParser({ maxErrors: 3 });
        const events = text.split('\n').flatMap((l, i) => p.pushLine(l, i + 1));
        events.push(...p.end(), ...extra.flatMap((l) => p.pushLine(l, 0)), ...p.end());
        for (const e of events) if (e.kind === 'error') expectParseError(e.error);
      }),
      { numRuns: 100 },
    );
  });

  it('caps the number of errors it reports (maxErrors + 1 "too many" error)', () => {
    fc.assert(
      fc.property(fc.array(anyText(40), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 10 }), (lines, maxErrors) => {
        const r = parseBgmax(lines.join('\n'), { maxErrors });
        if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(maxErrors + 1);
      }),
      { numRuns: 100 },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------
// camt.053 / camt.054

const FIXTURES = [v02, v08, stmt];

/** Replaces the text of one element (the n-th `>text<`) with random text, keeping the XML well-formed enough
 *  that the mutation reaches the camt reader rather than the XML validator. */
function replaceElementText(xml: string, n: number, value: string): string {
  const matches = [...xml.matchAll(/>([^<>]+)</g)];
  if (matches.length === 0) return xml;
  const m = matches[n % matches.length]!;
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return xml.slice(0, m.index + 1) + escaped + xml.slice(m.index + 1 + m[1]!.length);
}

/** Removes or duplicates the n-th element (its start tag to its matching end tag on the same nesting). */
function editElement(xml: string, n: number, duplicate: boolean): string {
  const starts = [...xml.matchAll(/<([A-Za-z][\w.:-]*)(?:\s[^<>]*)?>/g)];
  if (starts.length === 0) return xml;
  const s = starts[n % starts.length]!;
  const name = s[1]!;
  const endTag = `</${name}>`;
  const end = xml.indexOf(endTag, s.index);
  if (end < 0) return xml;
  const whole = xml.slice(s.index, end + endTag.length);
  return xml.slice(0, s.index) + (duplicate ? whole + whole : '') + xml.slice(end + endTag.length);
}

const camtValueArb = fc.oneof(
  anyText(40),
  fc.constantFrom('', ' ', '0', '-1', '1e5', '100.001', '99999999999999999999.99', 'NaN', 'true', 'CRDT', 'DBIT', 'BOOK', 'PDNG'),
  fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '2026-03-02T25:00:00', 'SEK', 'XYZ'),
);

function checkCamt(xml: string): void {
  const r = parseCamt(xml);
  if (r.ok) {
    for (const p of r.payments) {
      expect(Number.isSafeInteger(p.amountOre)).toBe(true);
      expect(isCalendarDate(p.bookingDate)).toBe(true);
    }
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expectParseError(e, { allowLibraryError: true });
  }
}

describe('camt parser under fuzzing', () => {
  it('reads the fixtures (the base for the mutations)', () => {
    for (const xml of FIXTURES) expect(parseCamt(xml).ok).toBe(true);
  });

  it('never throws on random text or random XML-ish text', () => {
    const xmlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '<',
            '>',
            '</',
            '/>',
            '<?xml version="1.0"?>',
            '<Document>',
            '</Document>',
            '<Ntry>',
            '&amp;',
            '&#0;',
            '<![CDATA[',
          ),
          anyText(10),
        ),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(anyText(400), xmlish), (text) => checkCamt(text)),
      { numRuns: RUNS },
    );
  });

  it('never throws on character- and line-level mutations of real messages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), mutationsArb, (xml, ms) => checkCamt(applyAll(xml, ms))),
      { numRuns: RUNS },
    );
  });

  it('never throws when element values are replaced or elements removed or duplicated', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('value' as const), n: fc.nat(), value: camtValueArb }),
      fc.record({ kind: fc.constant('remove' as const), n: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), n: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(edit, { minLength: 1, maxLength: 4 }), (xml, edits) => {
        const out = edits.reduce(
          (x, e) => (e.kind === 'value' ? replaceElementText(x, e.n, e.value) : editElement(x, e.n, e.kind === 'duplicate')),
          xml,
        );
        checkCamt(out);
      }),
      { numRuns: RUNS },
    );
  });

  it('decimalToOre gives whole öre or null for any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(40), fc.stringMatching(/^\d{1,25}(\.\d{0,8})?$/)), (s) => {
        const ore = decimalToOre(s);
        if (ore !== null) expect(Number.isSafeInteger(ore)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------
// CSV / Excel payment lists

const cellArb = fc.oneof(
  anyText(30),
  fc.constantFrom('', '2026-03-01', '20260301', '2026/03/01', '1/3/2026', '46000', '1 234,50', '1.234', '-200,00 kr', '1e3', 'Infinity'),
  fc.stringMatching(/^-?\d{1,20}([,.]\d{0,4})?$/),
);
const rowsArb = fc.array(fc.array(cellArb, { maxLength: 8 }), { maxLength: 12 });
const mappingArb: fc.Arbitrary<ColumnMapping> = fc.record(
  {
    date: fc.integer({ min: -2, max: 10 }),
    amount: fc.integer({ min: -2, max: 10 }),
    reference: fc.integer({ min: -2, max: 10 }),
    name: fc.integer({ min: -2, max: 10 }),
    bankReference: fc.integer({ min: -2, max: 10 }),
    note: fc.integer({ min: -2, max: 10 }),
  },
  { requiredKeys: [] },
);

describe('CSV payment list readers under fuzzing', () => {
  it('parsePaymentRows never throws; every error names a row or the mapping', () => {
    fc.assert(
      fc.property(
        rowsArb,
        mappingArb,
        fc.integer({ min: -1, max: 15 }),
        fc.option(fc.integer({ min: -1, max: 15 }), { nil: undefined }),
        (rows, mapping, firstDataRow, headerRow) => {
          const r = parsePaymentRows(rows, mapping, headerRow === undefined ? { firstDataRow } : { firstDataRow, headerRow });
          for (const e of r.errors) expectParseError(e);
          for (const p of r.payments) {
            expect(Number.isSafeInteger(p.amountOre)).toBe(true);
            expect(isCalendarDate(p.date)).toBe(true);
            expect(p.line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('parsePaymentRows never throws on a mutated real export', () => {
    const header = ['Bokföringsdag', 'Belopp', 'Referens', 'Namn', 'Meddelande'];
    const goodRow = fc.tuple(
      fc.constantFrom('2026-03-01', '2026-03-02'),
      fc.constantFrom('6 500,00', '1234.50', '-200,00'),
      digitsArb(2, 12),
      latinText(20),
      latinText(20),
    );
    fc.assert(
      fc.property(fc.array(goodRow, { minLength: 1, maxLength: 8 }), mutationsArb, (rows, ms) => {
        const text = [header, ...rows].map((r) => r.join(';')).join('\n');
        const mutated = applyAll(text, ms)
          .split('\n')
          .map((l) => l.split(';'));
        const mapping = suggestColumnMapping(mutated[0] ?? []);
        const r = parsePaymentRows(mutated, mapping, { firstDataRow: 2 });
        for (const e of r.errors) expectParseError(e);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseListAmount and parseListDate return a value or a named problem for any cell', () => {
    fc.assert(
      fc.property(cellArb, (cell) => {
        const a = parseListAmount(cell);
        if ('ore' in a) expect(Number.isSafeInteger(a.ore)).toBe(true);
        else expect(['empty', 'format', 'ambiguous', 'decimals']).toContain(a.problem);
        const d = parseListDate(cell);
        if ('date' in d) expect(isCalendarDate(d.date)).toBe(true);
        else expect(['empty', 'format', 'ambiguous', 'invalid', 'serial']).toContain(d.problem);
      }),
      { numRuns: RUNS },
    );
  });

  it('suggestColumnMapping maps to existing, distinct columns for any header row', () => {
    fc.assert(
      fc.property(fc.array(anyText(30), { maxLength: 12 }), (headers) => {
        const m = suggestColumnMapping(headers);
        const used = Object.values(m);
        for (const i of used) {
          expect(Number.isInteger(i)).toBe(true);
          expect(i).toBeGreaterThanOrEqual(0);
          expect(i).toBeLessThan(headers.length);
        }
        expect(new Set(used).size).toBe(used.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('columnLetter names any column index', () => {
    fc.assert(
      fc.property(fc.nat(100_000), (i) => {
        expect(columnLetter(i)).toMatch(/^[A-Z]+$/);
      }),
      { numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------
// Small field parsers: amounts, personal numbers, OCR references, dates

describe('field parsers under fuzzing', () => {
  it('parseKronor gives whole öre or null for any text, and reads back what formatKronor writes', () => {
    fc.assert(
      fc.property(anyText(40), (s) => {
        const ore = parseKronor(s);
        if (ore !== null) expect(Number.isSafeInteger(ore)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
        expect(parseKronor(formatKronor(ore))).toBe(ore);
      }),
      { numRuns: RUNS },
    );
  });

  it('parsePersonalNumber gives a result or a documented code for any text (and any mutation of a valid one)', () => {
    const codes = ['empty', 'format', 'date', 'checksum', 'future'];
    const check = (s: string) => {
      const r = parsePersonalNumber(s, TODAY);
      if (r.ok) {
        expect(isCalendarDate(r.birthDate)).toBe(true);
        expect(r.birthDate <= TODAY).toBe(true);
        expect(formatPersonalNumber(r.normalized)).toMatch(/^\d{8}-\d{4}$/);
      } else expect(codes).toContain(r.code);
    };
    fc.assert(fc.property(anyText(30), check), { numRuns: RUNS });
    fc.assert(
      fc.property(fc.constantFrom('19811218-9876', '811218-9876', '811218+9876', '198112189876', '701063-2391'), mutationsArb, (s, ms) =>
        check(applyAll(s, ms)),
      ),
      { numRuns: RUNS },
    );
  });

  it('parsePersonalNumber refuses a malformed `today` with a RangeError (a programming error, documented)', () => {
    fc.assert(
      fc.property(
        anyText(12).filter((s) => !isCalendarDate(s)),
        (today) => {
          expect(() => parsePersonalNumber('19811218-9876', today)).toThrow(RangeError);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('checkOcrReference gives ok or a documented code for any text and any mutation of a valid reference', () => {
    const check = (s: string) => {
      const r = checkOcrReference(s);
      if (!r.ok) expect(['format', 'length', 'checksum']).toContain(r.code);
      else expect(normaliseOcr(s)).toMatch(/^\d{2,25}$/);
    };
    fc.assert(fc.property(anyText(40), check), { numRuns: RUNS });
    fc.assert(
      fc.property(fc.nat(1_000_000_000), mutationsArb, (serial, ms) => check(applyAll(ocrReferenceFor(serial), ms))),
      { numRuns: RUNS },
    );
  });

  it('isCalendarDate and isCalendarMonth answer a boolean for any value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), anyText(12), fc.stringMatching(/^\d{4}-\d{2}(-\d{2})?$/)), (v) => {
        expect(typeof isCalendarDate(v)).toBe('boolean');
        expect(typeof isCalendarMonth(v)).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });
});
