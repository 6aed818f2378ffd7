/** Retries an assertion until it passes or the deadline expires; async systems need this, not sleeps. */
export async function expectEventually<T>(
  assertion: () => Promise<T> | T,
  timeoutMs = 120_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw lastError;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
