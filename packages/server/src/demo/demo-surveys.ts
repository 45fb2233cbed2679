import { addMonths, HUR_AR_LAGET } from '@kvarbo/domain';
import { demoManager, type DemoStaff } from './demo-actor.ts';
import type { Services } from '../services/index.ts';
import { mulberry32 } from './prng.ts';

const COMMENTS = [
  'Bra att någon kommer förbi varje vecka.',
  'Lägenheten är kall på vintern.',
  'Jag vill ha hjälp med räkningarna.',
  'Personalen lyssnar.',
  'Trappan är stökig ibland.',
];

/**
 * The demo unit's anonymous "Hur är läget?" survey with a year of answers entered from paper: 2–9 a month, so
 * some months show "<5" and the others a mean that slowly improves. Goes through the survey service, as staff
 * entering paper forms would.
 */
export async function loadDemoSurveys(
  services: Services,
  o: DemoStaff & { today: string; seed: number },
): Promise<{ surveys: number; answers: number }> {
  const actor = demoManager(o);
  const random = mulberry32(o.seed ^ 0x5eed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const survey = await services.surveys.create(actor, { unitId: o.unitId, anonymous: true, template: HUR_AR_LAGET.key });
  const thisMonth = o.today.slice(0, 7);
  let answers = 0;
  for (let back = 11; back >= 0; back--) {
    const month = addMonths(thisMonth, -back);
    const n = int(2, 9);
    // Slightly better as the year goes on (the support settles in).
    const lift = (11 - back) / 11;
    const score = () => Math.max(1, Math.min(5, Math.round(2.6 + lift + (random() - 0.5) * 3)));
    for (let i = 0; i < n; i++) {
      await services.surveys.enterPaperAnswer(actor, survey.id, {
        month,
        answers: {
          life: score(),
          support: score(),
          apartment: score(),
          staff: Math.min(5, score() + 1),
          listened: random() < 0.6 + lift * 0.2,
          comment: random() < 0.2 ? COMMENTS[int(0, COMMENTS.length - 1)]! : null,
        },
      });
      answers++;
    }
  }
  return { surveys: 1, answers };
}
