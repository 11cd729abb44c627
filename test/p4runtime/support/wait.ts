// Waits for a condition that another process or the event loop will make true, so tests
// can synchronise with the test double without fixed sleeps. The limit only turns a hang
// into a readable failure; no test asserts on time.
export async function waitUntil(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
