/** Runs `fn` `times` times and returns the median and 95th percentile in milliseconds. */
export async function timeIt(times: number, fn: (i: number) => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)]!, p95Ms: samples[Math.floor(samples.length * 0.95)]! };
}

export function fmt(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}
