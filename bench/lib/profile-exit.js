// Preloaded (`node --require`) into a service a bench profiles (bench/metering-ingest with
// BENCH_PROFILE=1, bench/bill-run with --profile).
// `--cpu-prof` writes its profile when the process exits normally, but Nest's shutdown hook ends
// the process by raising the signal again after closing (process.kill(pid, signal)), and a process
// killed by a signal writes no profile. On SIGUSR2, this closes the service as SIGTERM does and
// then exits with code 0 instead of re-raising, so the profile is written. Nothing else changes.
process.on('SIGUSR2', () => {
  const kill = process.kill.bind(process);
  process.kill = (pid, signal) => (pid === process.pid ? process.exit(0) : kill(pid, signal));
  setTimeout(() => process.exit(0), 15_000).unref();
  if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM', 'SIGTERM');
  else process.exit(0);
});
