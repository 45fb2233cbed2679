import { addDays } from '@kvarbo/domain';
import { demoManager, type DemoStaff } from './demo-actor.ts';
import type { Services } from '../services/index.ts';
import { TEST_PERSONAL_NUMBERS } from './test-personal-numbers.ts';

// The demo's eviction-prevention work (issue 6): a landlord account for the first landlord, reports from the
// portal and from Kronofogden, and cases in every step — one near its reinstatement deadline with no contact yet
// (top of the team's list), one in support with a referral and a budget, one closed with the tenancy kept.
// Names are invented; the personal number is one of Skatteverket's test numbers (the last of the list, which the
// residents do not use).

export async function loadDemoEviction(
  services: Services,
  o: DemoStaff & { landlordId: string; today: string },
): Promise<{ reports: number; cases: number }> {
  const actor = demoManager(o);
  const day = (n: number) => addDays(o.today, n);
  const report = (input: Parameters<Services['evictionReports']['registerByStaff']>[2]) =>
    services.evictionReports.registerByStaff(actor, o.unitId, input);

  // 1. A notice served 16 days ago: five days left and nobody reached yet.
  const notice = await report({
    channel: 'letter',
    receivedOn: day(-14),
    landlordId: o.landlordId,
    kind: 'termination_notice',
    reasons: ['rent_arrears'],
    arrearsOre: 1_890_000,
    arrearsMonths: 3,
    servedOn: day(-16),
    tenantName: 'Mira Exempelsdotter',
    tenantAddress: 'Sjöviksbacken 14',
    tenantPersonalNumber: TEST_PERSONAL_NUMBERS.at(-1)!,
    householdChildren: 2,
    description: 'Uppsägning för obetald hyra, delgiven med underrättelse om återvinningsrätt.',
  });
  const urgent = await services.evictionCases.open(actor, {
    unitId: o.unitId,
    reportId: notice.id,
    householdAdults: 1,
    householdChildren: 2,
  });
  await services.evictionCases.addAttempt(actor, urgent.id, {
    kind: 'letter',
    outcome: 'no_answer',
    occurredOn: day(-12),
    note: 'Brev med erbjudande om möte.',
  });
  await services.evictionCases.addAttempt(actor, urgent.id, { kind: 'phone_call', outcome: 'no_answer', occurredOn: day(-5), note: null });

  // 2. An early warning in support: contact made, MI conversation, budget and debt counselling, a referral.
  const warning = await report({
    channel: 'phone',
    receivedOn: day(-40),
    landlordId: o.landlordId,
    kind: 'early_warning',
    reasons: ['rent_arrears', 'disturbance'],
    arrearsOre: 620_000,
    arrearsMonths: 1,
    tenantName: 'Olle Påhittsson',
    tenantAddress: 'Provgränd 7',
    householdChildren: 0,
    description: 'En månads hyresskuld och klagomål på ljud nattetid.',
  });
  const support = await services.evictionCases.open(actor, {
    unitId: o.unitId,
    reportId: warning.id,
    householdAdults: 1,
    householdChildren: 0,
  });
  await services.evictionCases.addAttempt(actor, support.id, {
    kind: 'unannounced_home_visit',
    outcome: 'contact_made',
    occurredOn: day(-36),
    note: 'Hemma, ville prata.',
  });
  await services.evictionCases.addSupport(actor, support.id, {
    kind: 'mi_conversation',
    groupSession: false,
    occurredOn: day(-30),
    note: null,
  });
  await services.evictionCases.addReferral(actor, support.id, {
    service: 'addiction_care',
    status: 'accepted',
    statusOn: day(-20),
    note: 'Tid hos beroendemottagningen.',
  });
  await services.evictionCases.setBudget(
    actor,
    support.id,
    {
      incomes: [{ label: 'Lön', amountOre: 2_150_000 }],
      costs: [
        { label: 'Hyra', amountOre: 620_000 },
        { label: 'Mat och hushåll', amountOre: 450_000 },
      ],
      debts: [
        { creditor: 'Hyresvärden (hyresskuld)', debtOre: 620_000, atKronofogden: false, rentArrears: true },
        { creditor: 'Kronofogden', debtOre: 1_400_000, atKronofogden: true },
      ],
    },
    null,
  );
  const current = await services.evictionCases.get(actor, support.id);
  await services.evictionCases.update(actor, support.id, { version: current.version, step: 'support' });

  // 3. Closed last month: the arrears were paid and the tenancy kept.
  const kept = await report({
    channel: 'email',
    receivedOn: day(-90),
    landlordId: o.landlordId,
    kind: 'early_warning',
    reasons: ['rent_arrears'],
    arrearsOre: 540_000,
    arrearsMonths: 1,
    tenantName: 'Sara Testberg',
    tenantAddress: 'Exempelvägen 2',
    householdChildren: 1,
  });
  const done = await services.evictionCases.open(actor, { unitId: o.unitId, reportId: kept.id, householdAdults: 2, householdChildren: 1 });
  await services.evictionCases.addAttempt(actor, done.id, {
    kind: 'phone_call',
    outcome: 'contact_made',
    occurredOn: day(-88),
    note: null,
  });
  await services.evictionCases.addSupport(actor, done.id, {
    kind: 'budget_debt_counselling',
    groupSession: false,
    occurredOn: day(-80),
    note: null,
  });
  const closing = await services.evictionCases.get(actor, done.id);
  await services.evictionCases.close(actor, done.id, {
    version: closing.version,
    outcome: 'tenancy_kept',
    closedOn: day(-45),
    note: 'Skulden betald.',
  });

  // 4. A fresh report from Kronofogden, not yet opened as a case.
  await report({
    channel: 'kronofogden',
    receivedOn: day(-1),
    landlordId: o.landlordId,
    kind: 'eviction_notice',
    reasons: ['rent_arrears'],
    arrearsOre: 2_480_000,
    arrearsMonths: 4,
    evictionDate: day(24),
    tenantName: 'Nils Prov',
    tenantAddress: 'Testtorget 1',
    householdChildren: 0,
  });
  return { reports: 4, cases: 3 };
}
