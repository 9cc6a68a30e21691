/**
 * Whether a process id belongs to a running process, for sweeping the temporary files and folders
 * that a killed run left behind (their names carry the id of the process that made them).
 */
export function processIsRunning(processId: number): boolean {
  try {
    // Signal 0 checks that the process exists and delivers nothing.
    process.kill(processId, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
