import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, auditEntryHash, canonicalJson, verifyAuditChain, type AuditEntry, type JsonValue, type NewAuditEntry } from 'tickler';

const T0 = new Date('2026-03-01T12:00:00.000Z');

/** A chain of `n` entries of tenant `t`, hashed as a store would. */
function chain(n: number, t = 'acme', content: (i: number) => Partial<NewAuditEntry> = () => ({})): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const body = {
      tenantId: t,
      seq: i + 1,
      id: `a-${i}`,
      at: new Date(T0.getTime() + i * 60_000),
      actor: { userId: 'u-1', roles: ['agent'] },
      action: i % 2 === 0 ? 'reminder.created' : 'reminder.updated',
      entityType: 'reminder',
      entityId: `r-${i % 3}`,
      before: i === 0 ? null : { note: 'before', i },
      after: { note: 'after', i },
      reason: null,
      ...content(i),
      prevHash: out[i - 1]?.hash ?? AUDIT_GENESIS_HASH,
    };
    out.push({ ...body, hash: auditEntryHash(body) });
  }
  return out;
}

const headOf = (entries: readonly AuditEntry[]) => {
  const last = entries[entries.length - 1];
  return last === undefined ? null : { seq: last.seq, hash: last.hash };
};

/** Recomputes seq, prevHash and hash from position 0 on, as someone rewriting the trail would. */
function rechain(entries: readonly AuditEntry[], from = 0): AuditEntry[] {
  const out = entries.slice(0, from);
  for (let i = from; i < entries.length; i++) {
    const body = { ...(entries[i] as AuditEntry), seq: i + 1, prevHash: out[i - 1]?.hash ?? AUDIT_GENESIS_HASH };
    out.push({ ...body, hash: auditEntryHash(body) });
  }
  return out;
}

const rehash = (e: AuditEntry): AuditEntry => ({ ...e, hash: auditEntryHash(e) });

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('sorts by UTF-16 code unit, as RFC 8785 does', () => {
    // RFC 8785 section 3.2.3's sorting example.
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    expect(canonicalJson(input)).toBe(`{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k as keyof typeof input])}`).join(',')}}`);
  });

  it('writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.1 + 0.2, 123456789012345680000])).toBe('[1,0,1e+21,1e-7,0.30000000000000004,123456789012345680000]');
    expect(canonicalJson([Number.NaN, Number.POSITIVE_INFINITY])).toBe('[null,null]');
    expect(canonicalJson('a"b\\c\n\u0001é😀\ud800')).toBe(JSON.stringify('a"b\\c\n\u0001é😀\ud800'));
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
  });

  it('leaves out undefined properties, writes undefined array items as null, and honours toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, () => 1], c: Symbol('s') })).toBe('{"b":[null,null]}');
    expect(canonicalJson({ at: new Date('2026-01-01T00:00:00Z') })).toBe('{"at":"2026-01-01T00:00:00.000Z"}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });

  it('property: parses back to the same value, and does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(text).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        // No whitespace outside strings.
        expect(text.replace(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/\s/);
      }),
    );
    // Any UTF-16 code units, lone surrogates and control characters included.
    const anyString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(anyString, fc.double(), (text, n) => {
        expect(canonicalJson(text)).toBe(JSON.stringify(text));
        expect(canonicalJson({ [text]: text })).toBe(JSON.stringify({ [text]: text }));
        expect(canonicalJson(n)).toBe(JSON.stringify(n));
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
    );
  });
});

describe('auditEntryHash', () => {
  const [entry] = chain(1, 'acme', () => ({ reason: 'source: api' })) as [AuditEntry];

  it('is sha256 of prevHash, a newline and the canonical entry without its hash', () => {
    const canonical =
      '{"action":"reminder.created","actor":{"roles":["agent"],"userId":"u-1"},"after":{"i":0,"note":"after"},"at":"2026-03-01T12:00:00.000Z","before":null,' +
      `"entityId":"r-0","entityType":"reminder","id":"a-0","prevHash":"${AUDIT_GENESIS_HASH}","reason":"source: api","seq":1,"tenantId":"acme"}`;
    expect(entry.hash).toBe(createHash('sha256').update(`${AUDIT_GENESIS_HASH}\n${canonical}`).digest('hex'));
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(AUDIT_GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
  });

  it('changes when any hashed field changes, and ignores what is not hashed', () => {
    const changes: Partial<AuditEntry>[] = [
      { tenantId: 'globex' },
      { seq: 2 },
      { id: 'a-x' },
      { at: new Date(entry.at.getTime() + 1) },
      { actor: { userId: 'u-2', roles: ['agent'] } },
      { actor: { userId: 'u-1', roles: ['agent', 'admin'] } },
      { action: 'reminder.removed' },
      { entityType: 'customer' },
      { entityId: 'r-9' },
      { before: {} },
      { after: { note: 'after', i: 1 } },
      { reason: null },
      { prevHash: '1'.repeat(64) },
    ];
    const hashes = new Set(changes.map((c) => auditEntryHash({ ...entry, ...c })));
    expect(hashes.size).toBe(changes.length);
    expect(hashes.has(entry.hash)).toBe(false);
    // The stored hash itself, extra actor fields and the key order of JSON are not part of it.
    const rehashed: AuditEntry = { ...entry, hash: 'anything' };
    expect(auditEntryHash(rehashed)).toBe(entry.hash);
    expect(auditEntryHash({ ...entry, actor: { roles: ['agent'], userId: 'u-1', tenantId: 'x' } as AuditEntry['actor'] })).toBe(entry.hash);
    expect(auditEntryHash({ ...entry, after: { i: 0, note: 'after' } })).toBe(entry.hash);
  });
});

describe('verifyAuditChain', () => {
  const trail = chain(8);
  const head = headOf(trail);

  it('accepts an empty trail and a sound one, whole or piece by piece', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, checked: 0, lastSeq: 0, problem: null });
    expect(verifyAuditChain([], { head: null })).toEqual({ ok: true, checked: 0, lastSeq: 0, problem: null });
    expect(verifyAuditChain(trail, { head })).toEqual({ ok: true, checked: 8, lastSeq: 8, problem: null });
    const first = verifyAuditChain(trail.slice(0, 3));
    expect(first).toEqual({ ok: true, checked: 3, lastSeq: 3, problem: null });
    expect(verifyAuditChain(trail.slice(3), { after: { seq: 3, hash: trail[2]!.hash }, head })).toEqual({ ok: true, checked: 5, lastSeq: 8, problem: null });
    // Continuing from the wrong place is a broken link.
    expect(verifyAuditChain(trail.slice(3), { after: { seq: 3, hash: trail[1]!.hash } }).problem?.kind).toBe('broken-link');
  });

  it('an edited entry: edited, at its seq, with a sentence saying what to do', () => {
    const edited = trail.map((e) => (e.seq === 4 ? { ...e, reason: 'nothing to see' } : e));
    const result = verifyAuditChain(edited, { head });
    expect(result).toMatchObject({ ok: false, checked: 3, lastSeq: 3, problem: { seq: 4, kind: 'edited' } });
    expect(result.problem?.message).toBe('Entry 4 (reminder.updated on reminder r-0 at 2026-03-01T12:03:00.000Z) was changed after it was written: its content no longer matches its hash. Compare it with a backup or an earlier export to see what changed.');
    // Editing the stored hash, or the stored prevHash, is an edit too.
    expect(verifyAuditChain(trail.map((e) => (e.seq === 2 ? { ...e, hash: 'f'.repeat(64) } : e))).problem).toMatchObject({ seq: 2, kind: 'edited' });
    expect(verifyAuditChain(trail.map((e) => (e.seq === 2 ? { ...e, prevHash: 'f'.repeat(64) } : e))).problem).toMatchObject({ seq: 2, kind: 'edited' });
  });

  it('removed entries: removed, at the first missing seq, in the middle or at the end', () => {
    const middle = verifyAuditChain(trail.filter((e) => e.seq !== 5), { head });
    expect(middle).toMatchObject({ ok: false, checked: 4, lastSeq: 4, problem: { seq: 5, kind: 'removed' } });
    expect(middle.problem?.message).toMatch(/^Entry 5 is missing: entry 6 follows entry 4\./);
    expect(verifyAuditChain(trail.filter((e) => e.seq < 3 || e.seq > 5)).problem?.message).toMatch(/^Entries 3 to 5 are missing/);
    expect(verifyAuditChain(trail.slice(1)).problem).toMatchObject({ seq: 1, kind: 'removed' });
    // The end: only the recorded head can tell.
    expect(verifyAuditChain(trail.slice(0, 6)).ok).toBe(true);
    const end = verifyAuditChain(trail.slice(0, 6), { head });
    expect(end).toMatchObject({ ok: false, checked: 6, lastSeq: 6, problem: { seq: 7, kind: 'removed' } });
    expect(end.problem?.message).toMatch(/^Entries 7 to 8 are missing: the store recorded entries up to 8, but the trail ends at 6\./);
    expect(verifyAuditChain([], { head }).problem).toMatchObject({ seq: 1, kind: 'removed' });
    // Removed, then the rest renumbered (hashes left alone).
    const renumbered = trail.filter((e) => e.seq !== 4).map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyAuditChain(renumbered, { head: { seq: 7, hash: trail[7]!.hash } }).problem).toMatchObject({ seq: 4, kind: 'removed' });
  });

  it('reordered entries: reordered, whether moved in place or renumbered', () => {
    const swapped = [...trail];
    [swapped[2], swapped[5]] = [swapped[5]!, swapped[2]!];
    expect(verifyAuditChain(swapped, { head }).problem).toMatchObject({ seq: 3, kind: 'reordered' });
    const renumbered = swapped.map((e, i) => ({ ...e, seq: i + 1 }));
    const result = verifyAuditChain(renumbered, { head });
    expect(result.problem).toMatchObject({ seq: 3, kind: 'reordered' });
    expect(result.problem?.message).toMatch(/^Entry 3 \(.*\) was written as entry 6: entries were moved\./);
    const adjacent = trail.map((e, i) => (i === 3 ? { ...trail[4]!, seq: 4 } : i === 4 ? { ...trail[3]!, seq: 5 } : e));
    expect(verifyAuditChain(adjacent, { head }).problem).toMatchObject({ seq: 4, kind: 'reordered' });
    const duplicated = [...trail.slice(0, 4), trail[2]!, ...trail.slice(4)];
    expect(verifyAuditChain(duplicated, { head }).problem).toMatchObject({ seq: 3, kind: 'reordered' });
  });

  it('rewritten hashes: a broken link after an entry rewritten with its hash, or at the head after a rewritten tail', () => {
    const rewritten = trail.map((e) => (e.seq === 4 ? rehash({ ...e, reason: 'forged' }) : e));
    const result = verifyAuditChain(rewritten, { head });
    expect(result).toMatchObject({ ok: false, checked: 4, lastSeq: 4, problem: { seq: 5, kind: 'broken-link' } });
    expect(result.problem?.message).toMatch(/^Entry 5 \(.*\) does not follow entry 4: its prevHash is not entry 4's hash/);
    // Rewriting everything from entry 4 on, hashes included, leaves only the head to tell.
    const tail = rechain(trail.map((e) => (e.seq === 4 ? { ...e, reason: 'forged' } : e)), 3);
    expect(verifyAuditChain(tail).ok).toBe(true);
    expect(verifyAuditChain(tail, { head }).problem).toMatchObject({ seq: 8, kind: 'broken-link' });
  });

  it('entries beyond the recorded head were added outside the store', () => {
    const forged = rechain([...trail, { ...trail[0]!, id: 'forged' }]);
    expect(verifyAuditChain(forged, { head }).problem).toMatchObject({ seq: 9, kind: 'broken-link' });
    expect(verifyAuditChain(trail, { head: null }).problem).toMatchObject({ seq: 1, kind: 'broken-link' });
  });

  it('an entry of another tenant slipped in is caught', () => {
    const other = chain(3, 'globex');
    expect(verifyAuditChain([trail[0]!, other[1]!, ...trail.slice(2)]).problem).toMatchObject({ seq: 2, kind: 'broken-link' });
  });

  it('property: any single edit, removal or swap of a random chain is detected, and named', () => {
    const json = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;
    const contents = fc.array(fc.record({ before: json, after: json, reason: fc.option(fc.string(), { nil: null }), entityId: fc.string({ minLength: 1 }) }), { minLength: 2, maxLength: 25 });
    const edits: ((e: AuditEntry) => AuditEntry)[] = [
      (e) => ({ ...e, reason: `${e.reason ?? ''}!` }),
      (e) => ({ ...e, before: { was: e.before } }),
      (e) => ({ ...e, after: [e.after] }),
      (e) => ({ ...e, entityId: `${e.entityId}x` }),
      (e) => ({ ...e, at: new Date(e.at.getTime() + 1) }),
      (e) => ({ ...e, actor: { ...e.actor, userId: 'u-mallory' } }),
      (e) => ({ ...e, action: 'customer.removed' }),
      (e) => ({ ...e, id: `${e.id}x` }),
      (e) => ({ ...e, hash: e.prevHash }),
    ];
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), how: fc.nat({ max: edits.length - 1 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat(), renumber: fc.boolean() }),
    );
    fc.assert(
      fc.property(contents, tamper, (rows, t) => {
        const good = chain(rows.length, 'acme', (i) => rows[i] ?? {});
        const head = headOf(good);
        expect(verifyAuditChain(good, { head }).ok).toBe(true);
        const n = good.length;
        const k = t.at % n;
        let bad: AuditEntry[];
        let expected: { seq: number; kind: string };
        if (t.kind === 'edit') {
          bad = good.map((e, i) => (i === k ? edits[t.how]!(e) : e));
          expected = { seq: k + 1, kind: 'edited' };
        } else if (t.kind === 'remove') {
          bad = good.filter((_, i) => i !== k);
          expected = { seq: k + 1, kind: 'removed' };
        } else {
          const other = (k + 1 + (t.with % (n - 1))) % n;
          const [i, j] = [Math.min(k, other), Math.max(k, other)];
          bad = [...good];
          [bad[i], bad[j]] = [bad[j]!, bad[i]!];
          if (t.renumber) bad = bad.map((e, p) => ({ ...e, seq: p + 1 }));
          expected = { seq: i + 1, kind: 'reordered' };
        }
        const result = verifyAuditChain(bad, { head });
        expect(result.ok).toBe(false);
        expect(result.problem).toMatchObject(expected);
        expect(result.checked).toBe(expected.seq - 1);
      }),
      { numRuns: 500 },
    );
  });
});

