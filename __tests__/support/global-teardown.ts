export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.IQA_TEST_REGISTRY_PID);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
