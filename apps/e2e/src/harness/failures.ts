import type { System } from './system';

/**
 * Runs a test's body; when it fails, the error says where the services' logs are (the temporary
 * folder of the system), so the reason can be read in the processes that had it.
 */
export async function withLogs(system: () => System | undefined, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const where = system()?.describeLogs() ?? 'the services did not start';
    if (e instanceof Error) e.message = `${e.message}\n\n${where}`;
    throw e;
  }
}
