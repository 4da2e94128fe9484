/**
 * Runs `count` jobs with at most `concurrency` in flight, in index order. Once `shouldStop()` is true no
 * new job starts; the jobs not started are returned so the caller can report them.
 */
export async function runPool(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<{ notStarted: number[] }> {
  let next = 0;
  const notStarted: number[] = [];
  const worker = async () => {
    while (next < count) {
      const index = next++;
      if (shouldStop()) {
        notStarted.push(index);
        continue;
      }
      await job(index);
    }
  };
  const width = Math.max(1, Math.min(concurrency, count || 1));
  await Promise.all(Array.from({ length: width }, worker));
  return { notStarted: notStarted.sort((a, b) => a - b) };
}
