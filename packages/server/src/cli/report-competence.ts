import type { Services } from '../services/index.ts';

// `kvarbo report competence [--json]` (issue 9, part 1; docs/competence.md): coverage per unit and required
// course on today's date, for every unit. Figures only, no names.

export async function reportCompetence(services: Services, json: boolean, print: (line: string) => void = console.log): Promise<number> {
  const rows = await services.competence.reportForCli();
  if (json) {
    print(JSON.stringify(rows));
    return 0;
  }
  if (rows.length === 0) print('Inga kurser krävs av någon enhets personal.');
  for (const r of rows) {
    const share = r.share === null ? '–' : `${(r.share * 100).toFixed(1).replace('.', ',')} %`;
    print(`${r.unitId}  ${r.course}: ${r.completed} av ${r.staff} (${share})`);
  }
  return 0;
}
