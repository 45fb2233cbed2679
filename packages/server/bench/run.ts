// `npm run bench`: prints figures and ratios; speed targets live here, never in timed unit tests.
// Usage: npm run bench [-- name ...]   (names: registry, payment-import, checkpoint, statistics; default all)
import { checkpointBench } from './checkpoint.bench.ts';
import { paymentImportBench } from './payment-import.bench.ts';
import { registryBench } from './registry.bench.ts';
import { statisticsBench } from './statistics.bench.ts';

const benches: Record<string, () => Promise<void>> = {
  registry: registryBench,
  'payment-import': paymentImportBench,
  checkpoint: checkpointBench,
  statistics: statisticsBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
