/** Stops the throwaway PostgreSQL (its data folder is removed with it). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__HUB_TEST_DB__?.stop();
}
