import { createHash } from 'node:crypto';
import type { AuditEntry, AuditHead } from './audit-entry';

/** The `prevHash` of a tenant's first audit entry: 64 zeros. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with the keys of every object sorted (by UTF-16 code unit, JavaScript's default
 * sort) and no whitespace; otherwise exactly `JSON.stringify` (`toJSON` is honoured,
 * `undefined` properties are left out, non-finite numbers become `null`). For JSON
 * values this is the JSON Canonicalization Scheme of RFC 8785, so the hashes of the
 * audit trail can be recomputed in any language.
 *
 * @example
 * ```ts
 * import { canonicalJson } from 'tickler';
 *
 * canonicalJson({ b: [1, { d: 2, c: null }], a: 'x' }); // '{"a":"x","b":[1,{"c":null,"d":2}]}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '') ?? 'null';
}

// JSON.stringify is needed only for what it escapes: quotes, backslashes, control characters, surrogates.
function encodeString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

// Hand-written rather than a JSON.stringify replacer: this is on every append's path.
function encode(value: unknown, key: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson cannot encode a bigint; turn it into a string or a number first.');
    case 'object':
      break;
    default:
      return undefined; // undefined, functions and symbols have no JSON form
  }
  if (value === null) return 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const json = (value as { toJSON(key: string): unknown }).toJSON(key);
    return json !== null && typeof json === 'object' ? encodeComposite(json) : encode(json, key);
  }
  return encodeComposite(value);
}

function encodeComposite(value: object): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${encode(value[i], String(i)) ?? 'null'}`;
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const k of Object.keys(record).sort()) {
    const encoded = encode(record[k], k);
    if (encoded !== undefined) out += `${out.length === 1 ? '' : ','}${encodeString(k)}:${encoded}`;
  }
  return `${out}}`;
}

/**
 * The hash of an audit entry: hex SHA-256 of `prevHash + '\n' + canonicalJson(body)`, where
 * `body` holds `tenantId`, `seq`, `id`, `at` (ISO string), `actor` (`userId` and
 * `roles`), `action`, `entityType`, `entityId`, `before`, `after`, `reason` and
 * `prevHash`. Any change to any of them, or to the entry's place in the chain, changes
 * the hash.
 */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const body = {
    tenantId: entry.tenantId,
    seq: entry.seq,
    id: entry.id,
    at: entry.at.toISOString(),
    actor: { userId: entry.actor.userId, roles: entry.actor.roles },
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    reason: entry.reason,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(`${entry.prevHash}\n${canonicalJson(body)}`).digest('hex');
}

/**
 * An entry's fields already written as canonical JSON, so a store can hash an entry it
 * holds as text without parsing it again: `actor`, `before` and `after` are
 * `canonicalJson` of their values (`null` for none). What {@link auditEntryHashOfParts}
 * takes besides the position.
 */
export interface AuditEntryParts {
  /** The tenant. */
  tenantId: string;
  /** The entry's id. */
  id: string;
  /** `at` as an ISO string. */
  at: string;
  /** `canonicalJson(actor)` with `userId` and `roles` only. */
  actor: string;
  /** The action. */
  action: string;
  /** The entity type. */
  entityType: string;
  /** The entity id. */
  entityId: string;
  /** `canonicalJson(before)`. */
  before: string;
  /** `canonicalJson(after)`. */
  after: string;
  /** The reason, or null. */
  reason: string | null;
}

/** The canonical JSON parts of a new entry, as {@link auditEntryHashOfParts} takes them. */
export function auditEntryParts(entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): AuditEntryParts {
  return {
    tenantId: entry.tenantId,
    id: entry.id,
    at: entry.at.toISOString(),
    actor: canonicalJson({ userId: entry.actor.userId, roles: entry.actor.roles }),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: canonicalJson(entry.before),
    after: canonicalJson(entry.after),
    reason: entry.reason,
  };
}

/**
 * The same hash as {@link auditEntryHash}, computed from fields already in canonical JSON
 * (a sealer reads them back as text and numbers the entry): the body's keys are written
 * in their sorted order by hand, so nothing is parsed or sorted again.
 */
export function auditEntryHashOfParts(parts: AuditEntryParts, seq: number, prevHash: string): string {
  const body =
    `{"action":${encodeString(parts.action)},"actor":${parts.actor},"after":${parts.after},"at":${encodeString(parts.at)},"before":${parts.before}` +
    `,"entityId":${encodeString(parts.entityId)},"entityType":${encodeString(parts.entityType)},"id":${encodeString(parts.id)},"prevHash":${encodeString(prevHash)}` +
    `,"reason":${parts.reason === null ? 'null' : encodeString(parts.reason)},"seq":${String(seq)},"tenantId":${encodeString(parts.tenantId)}}`;
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** What kind of damage {@link verifyAuditChain} found. */
export type AuditProblemKind =
  /** An entry's content no longer matches its own hash. */
  | 'edited'
  /** Entries are missing: a gap in `seq`, or the trail ends before the recorded head. */
  | 'removed'
  /** Entries are out of order, or an entry sits at a position it was not written at. */
  | 'reordered'
  /** An intact entry does not follow the one before it (that one was rewritten with a recomputed hash), or the trail does not end at the recorded head. */
  | 'broken-link'
  /**
   * Entries were appended but not sealed yet (numbered and chained: see docs/audit.md).
   * Nothing is known to be wrong, but until they are sealed nothing proves they were not
   * changed or removed; `audit.seal()` seals them.
   */
  | 'unsealed';

/** The first problem found in an audit trail. */
export interface AuditProblem {
  /** The `seq` (position in the trail) where the problem shows. */
  seq: number;
  /** What kind of damage it is. */
  kind: AuditProblemKind;
  /** What was found and what to do about it, for a person to read. */
  message: string;
}

/** The outcome of checking a tenant's audit trail. */
export interface AuditVerification {
  /** True when every entry is intact, in order, linked to the one before, and the trail ends at the recorded head. */
  ok: boolean;
  /** How many entries were found sound (all of them when `ok`). */
  checked: number;
  /** The `seq` of the last sound entry (the end of the trail when `ok`; 0 when none). */
  lastSeq: number;
  /** The first problem, or null when `ok`. */
  problem: AuditProblem | null;
  /** Entries waiting to be sealed after the checked ones; present only when there are some (and then `ok` is false). */
  unsealed?: number | undefined;
}

/** Options of {@link verifyAuditChain}. */
export interface AuditChainOptions {
  /** The last sound entry before `entries`, when they continue a trail. Default: the start (seq 0, {@link AUDIT_GENESIS_HASH}). */
  after?: AuditHead | undefined;
  /**
   * The head the store recorded ({@link AuditRepository.head}); when given, `entries` must
   * end exactly there, which catches entries removed from the end. `null`: the store
   * recorded no entry for the tenant.
   */
  head?: AuditHead | null | undefined;
}

const START: AuditHead = { seq: 0, hash: AUDIT_GENESIS_HASH };

/**
 * Checks a tenant's audit entries, in the order read (by `seq`): numbered without gaps,
 * each intact (its hash matches its content) and linked to the one before (its
 * `prevHash` is that entry's hash). Reports the first problem with what it most likely
 * is. Pure: pass a page and `after` to check a long trail piece by piece.
 *
 * @example
 * ```ts
 * import { verifyAuditChain, type AuditEntry } from 'tickler';
 *
 * declare const entries: AuditEntry[]; // a whole trail, by seq
 * const result = verifyAuditChain(entries);
 * if (!result.ok) console.error(result.problem?.message);
 * ```
 */
export function verifyAuditChain(entries: readonly AuditEntry[], options: AuditChainOptions = {}): AuditVerification {
  let prev = options.after ?? START;
  let checked = 0;
  const fail = (seq: number, kind: AuditProblemKind, message: string): AuditVerification => ({ ok: false, checked, lastSeq: prev.seq, problem: { seq, kind, message } });
  const head = options.head === undefined ? undefined : (options.head ?? START);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as AuditEntry;
    if (head !== undefined && e.seq > head.seq) {
      return fail(e.seq, 'broken-link', `Entry ${e.seq} (${describe(e)}) lies beyond the last entry the store recorded (${head.seq}): it was added outside tickler. Remove it, or find out who wrote it.`);
    }
    const expected = prev.seq + 1;
    if (e.seq < expected) {
      return fail(e.seq, 'reordered', `Entry ${e.seq} (${describe(e)}) appears after entry ${prev.seq}: entries were moved or duplicated. Restore the trail from a backup or an earlier export.`);
    }
    if (e.seq > expected) {
      const displaced = entries.slice(i + 1).find((x) => x.seq < e.seq);
      if (displaced !== undefined) return fail(expected, 'reordered', `Entry ${e.seq} appears before entry ${displaced.seq}: entries were moved out of order. Restore the trail from a backup or an earlier export.`);
      const missing = e.seq === expected + 1 ? `Entry ${expected} is missing` : `Entries ${expected} to ${e.seq - 1} are missing`;
      return fail(expected, 'removed', `${missing}: entry ${e.seq} follows entry ${prev.seq}. Restore the missing entries from a backup or an earlier export; until then nothing from entry ${expected} on can be trusted.`);
    }
    if (auditEntryHash(e) !== e.hash) {
      const writtenAs = originalSeq(e, entries);
      if (writtenAs === null) return fail(e.seq, 'edited', `Entry ${e.seq} (${describe(e)}) was changed after it was written: its content no longer matches its hash. Compare it with a backup or an earlier export to see what changed.`);
      if (writtenAs > e.seq && !entries.some((x) => x.hash === e.prevHash)) {
        return fail(e.seq, 'removed', `Entry ${e.seq} (${describe(e)}) was written as entry ${writtenAs}: ${writtenAs - e.seq === 1 ? 'the entry' : `${writtenAs - e.seq} entries`} before it ${writtenAs - e.seq === 1 ? 'was' : 'were'} removed and the rest renumbered. Restore the trail from a backup or an earlier export.`);
      }
      return fail(e.seq, 'reordered', `Entry ${e.seq} (${describe(e)}) was written as entry ${writtenAs}: entries were moved. Restore the trail from a backup or an earlier export.`);
    }
    if (e.prevHash !== prev.hash) {
      const before = entries.find((x, j) => j !== i - 1 && x.hash === e.prevHash);
      if (before !== undefined) return fail(e.seq, 'reordered', `Entry ${e.seq} (${describe(e)}) was written right after entry ${before.seq}, not after entry ${prev.seq}: entries were moved. Restore the trail from a backup or an earlier export.`);
      return fail(e.seq, 'broken-link', `Entry ${e.seq} (${describe(e)}) does not follow entry ${prev.seq}: its prevHash is not entry ${prev.seq}'s hash, so entry ${prev.seq} (or one before it) was rewritten together with its hash. Compare entries up to ${prev.seq} with a backup or an earlier export.`);
    }
    prev = { seq: e.seq, hash: e.hash };
    checked += 1;
  }
  if (head !== undefined) {
    if (prev.seq < head.seq) {
      const missing = head.seq === prev.seq + 1 ? `Entry ${head.seq} is missing` : `Entries ${prev.seq + 1} to ${head.seq} are missing`;
      return fail(prev.seq + 1, 'removed', `${missing}: the store recorded entries up to ${head.seq}, but the trail ends at ${prev.seq}. Restore them from a backup or an earlier export.`);
    }
    if (prev.hash !== head.hash) {
      return fail(prev.seq, 'broken-link', `Entry ${prev.seq} is not the entry the store recorded as the end of the trail (its hash differs): the trail was rewritten, hashes included, from some entry on. Compare it with a backup, an earlier export or a hash you kept elsewhere.`);
    }
  }
  return { ok: true, checked, lastSeq: prev.seq, problem: null };
}

/** A short description of an entry for messages: `reminder.updated on reminder r-1 at 2026-…Z`. */
function describe(e: AuditEntry): string {
  return `${e.action} on ${e.entityType} ${e.entityId} at ${e.at.toISOString()}`;
}

/** The seq an entry whose hash does not match was written at, among nearby positions, or null when no position explains it (its content was edited). */
function originalSeq(e: AuditEntry, entries: readonly AuditEntry[]): number | null {
  const candidates = new Set<number>(entries.map((x) => x.seq));
  for (let d = 1; d <= 8; d++) candidates.add(e.seq + d);
  candidates.delete(e.seq);
  for (const seq of candidates) if (seq > 0 && auditEntryHash({ ...e, seq }) === e.hash) return seq;
  return null;
}
