// npm 11 passes Ctrl+C / SIGTERM on only to the `sh -c` it runs a script in, and sh dies without passing it on:
// the script's node is left an orphan. Scripts that own child processes (npm start, npm test) watch their parent
// instead, and stop as if signalled once they have been re-parented.
import fs from 'node:fs';

/** The parent pid now (process.ppid is read once at start-up and kept). */
function parentPid() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return process.ppid;
  }
}

/** Calls `onGone(pid)` once the process that started this one has gone; returns the polling timer. */
export function whenParentGone(onGone, intervalMs) {
  const parent = parentPid();
  return setInterval(() => { if (parentPid() !== parent) onGone(parent); }, intervalMs);
}
