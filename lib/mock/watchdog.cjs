// Preloaded (node --require, or imported first) into the mock and the
// benchmarks' servers: exits when the process that started it, or any
// process above that one, is gone. So a SIGKILLed `npm run mock` (npm → sh →
// node) or the killed parent of `npm start` (npm → sh → npm → sh → node)
// leaves nothing running: no signal reaches the node process then, and its
// direct parent may outlive the killed one. Polling is the only portable
// signal of a SIGKILLed ancestor. Watched: the direct parent, and the
// ancestors above it in this process's group (the job a shell started:
// `npm start` and everything under it), read from /proc on Linux; elsewhere
// the direct parent alone. Ancestors outside the group (the terminal's
// shell, a CI runner) are left alone: the terminal's hang-up ends the group.
const { readFileSync } = require('node:fs');

/** Parent pid and process group of `pid`, from /proc/<pid>/stat (fields 4 and 5, after the parenthesised command); zeros when unknown. */
function statOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), group: Number(fields[2]) };
  } catch {
    return { parent: 0, group: 0 };
  }
}
const parentOf = (pid) => statOf(pid).parent;

/** The direct parent, then its ancestors in this process's group, below pid 1. */
function ancestors() {
  const group = statOf(process.pid).group;
  const chain = [process.ppid];
  for (let pid = parentOf(process.ppid); pid > 1 && chain.length < 64 && statOf(chain[chain.length - 1]).group === group && statOf(pid).group === group; pid = parentOf(pid)) chain.push(pid);
  return chain;
}

const watched = ancestors().map((pid) => ({ pid, parent: parentOf(pid) }));
const gone = ({ pid, parent }) => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'ESRCH';
  }
  // Still there but re-parented: its own parent died (or the pid was reused).
  return parent > 0 && parentOf(pid) !== parent && parentOf(pid) !== 0;
};
setInterval(() => {
  if (process.ppid !== watched[0]?.pid || watched.some(gone)) process.exit(0);
}, 500).unref();
