// Lists the files of `names` whose committed copy in `committedDir` differs
// from the fresh one in `freshDir` (or is missing).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function staleFiles(freshDir, committedDir, names) {
  return names
    .map((name) => join(committedDir, name))
    .filter((committed, i) => !existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(join(freshDir, names[i]), 'utf8'));
}
