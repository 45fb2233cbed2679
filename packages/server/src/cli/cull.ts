import { isCalendarDate } from '@kvarbo/domain';
import type { Services } from '../services/index.ts';
import { stringFlag, UsageError } from './args.ts';

/**
 * `kvarbo cull [--dry-run] [--date YYYY-MM-DD] [--json]` (docs/culling.md): culls the records due on the date (default
 * today), one transaction per person; `--dry-run` changes nothing and lists what would go. Running it twice culls
 * nothing new. Output names ids only.
 */
export async function cullCommand(services: Services, today: string, flags: Map<string, string | true>): Promise<number> {
  const date = stringFlag(flags, 'date') ?? today;
  if (!isCalendarDate(date)) throw new UsageError('cull --date must be a date YYYY-MM-DD');
  const dryRun = flags.has('dry-run');
  const json = flags.has('json');
  const result = await services.culling.run(date, { dryRun });
  const c = result.counts;
  if (result.preview) {
    const p = result.preview;
    if (json) {
      console.log(
        JSON.stringify({
          date,
          dryRun: true,
          due: p.due,
          held: p.held,
          researchExempt: p.researchExempt,
          counts: { ...p.counts },
        }),
      );
      return 0;
    }
    console.log(`Gallring ${date} (provkörning, inget ändras):`);
    for (const s of p.due)
      console.log(`  gallras  ${s.kind}  ${s.subjectId}  senaste anteckning ${s.lastEntry}  gallringsbar sedan ${s.dueSince}`);
    for (const s of p.held) console.log(`  stopp    ${s.kind}  ${s.subjectId}  gallringsstopp sedan ${s.heldSince?.slice(0, 10)}`);
    for (const s of p.researchExempt) console.log(`  forskning ${s.kind}  ${s.subjectId}  undantagen (SoF 7 kap. 2 §)`);
    console.log(summary(c, 'att gallra'));
    return 0;
  }
  if (json) {
    console.log(
      JSON.stringify({
        date,
        dryRun: false,
        runId: result.runId,
        culled: {
          residents: c.residents,
          evictionCases: c.eviction_cases,
          evictionReports: c.eviction_reports,
          unmatchedPayments: c.unmatched_payments,
          activitySessions: c.activity_sessions,
        },
        held: c.held,
        researchExempt: c.research_exempt,
      }),
    );
  } else {
    console.log(`Gallring ${date}: ${summary(c, 'gallrade')}`);
  }
  return 0;
}

type Counts = {
  residents: number;
  eviction_cases: number;
  eviction_reports: number;
  unmatched_payments: number;
  held: number;
  research_exempt: number;
  activity_sessions: number;
};

function summary(c: Counts, verb: string) {
  return (
    `${c.residents} boende, ${c.eviction_cases} vräkningsärenden, ${c.eviction_reports} anmälningar utan ärende och ` +
    `${c.unmatched_payments} omatchade betalningar ${verb} (och ${c.activity_sessions} anteckningar från aktivitetstillfällen); ${c.held} med gallringsstopp, ${c.research_exempt} undantagna för forskning.`
  );
}
