// `--state FILE` on its own (lib/mock/state-file.mjs): reading refuses what
// it cannot use with one line and never touches the file; writing is
// atomic (temporary file, then rename) and coalesced.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStateWriter, readStateFile, StateFileError } from '../../lib/mock/state-file.mjs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-spec-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readStateFile', () => {
  it('a missing file is no state, not an error', () => {
    expect(readStateFile(join(dir, 'none.json'))).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"format":"sip-spec-mock-state","stores":{'],
    ['not JSON', 'hello\nworld'],
    ['a BOM and garbage', '\uFEFF{]'],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
  ])('%s: one-line StateFileError naming the file, the file untouched', (_, content) => {
    const path = join(dir, 'state.json');
    writeFileSync(path, content);
    const before = readFileSync(path);
    let error: unknown;
    try {
      readStateFile(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).message).not.toContain('\n');
    expect(readFileSync(path)).toEqual(before);
  });

  it('a folder where the file should be is refused too', () => {
    const path = join(dir, 'folder.json');
    mkdirSync(path);
    expect(() => readStateFile(path)).toThrow(StateFileError);
  });

  it('parses a good file', () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, '{"a":1}');
    expect(readStateFile(path)).toEqual({ a: 1 });
  });
});

describe('createStateWriter', () => {
  it('coalesces many changes into few writes, the last one winning, with no temporary file left', async () => {
    const path = join(dir, 'state.json');
    let calls = 0;
    let value = 0;
    const writer = createStateWriter(path, () => {
      calls++;
      return { value };
    });
    for (let i = 1; i <= 200; i++) {
      value = i;
      writer.schedule();
    }
    await writer.idle();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ value: 200 });
    expect(calls).toBeLessThanOrEqual(3);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  // SIGTERM's last write (flush) while a background write of an older state is in flight:
  // the older state must not land on top of it afterwards.
  it.each([
    ['one change in flight', 1],
    ['a change in flight and another pending', 2],
  ])('flush during a background write wins: %s', async (_name, changes) => {
    const path = join(dir, 'state.json');
    let value = 0;
    const writer = createStateWriter(path, () => ({ value }));
    for (let i = 1; i <= changes; i++) {
      value = i;
      writer.schedule();
    }
    value = 99;
    expect(writer.flush()).toBeUndefined();
    await writer.idle();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ value: 99 });
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('flush writes synchronously', () => {
    const path = join(dir, 'state.json');
    createStateWriter(path, () => ({ now: true })).flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ now: true });
  });

  it('a failed write is reported, leaves the old file whole and no temporary file', async () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, '{"old":true}');
    const errors: Error[] = [];
    const writer = createStateWriter(path, () => {
      throw new Error('snapshot failed');
    }, { onError: (e) => errors.push(e) });
    writer.flush();
    expect(errors.map((e) => e.message)).toEqual(['snapshot failed']);
    expect(readFileSync(path, 'utf8')).toBe('{"old":true}');
    // A folder that refuses writes: the async path reports and the server would keep serving.
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      const denied = createStateWriter(path, () => ({ x: 1 }), { onError: (e) => errors.push(e) });
      denied.schedule();
      await denied.idle();
      chmodSync(dir, 0o700);
      expect(errors).toHaveLength(2);
      expect(readFileSync(path, 'utf8')).toBe('{"old":true}');
    }
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});
