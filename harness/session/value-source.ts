/**
 * The one seeded value source of a run: every value the harness generates (fixture data, probe GUIDs,
 * externalIds, names) is drawn from it, so the same seed and run id send the same requests, and a
 * different seed sends different values.
 *
 * A source is a SHA-256 counter stream keyed by its seed and scope path: block i is
 * `sha256(key ‖ i)`. `fork(...scope)` derives an independent child from the parent's key (not from its
 * position), so a fork gives the same values whatever was drawn from the parent before: adding a fixture or
 * a draw in one place does not shift the values anywhere else. Pure and synchronous; no global state.
 */
import { createHash } from "node:crypto";

/** A deterministic stream of values; see the module comment. */
export interface ValueSource {
  /** The scope path from the root (for messages and tests). */
  readonly scope: readonly string[];
  /** An independent child source for `scope` (same parent key and scope → same values). */
  fork(...scope: string[]): ValueSource;
  /** `n` bytes from the stream. */
  bytes(n: number): Buffer;
  /** `n` lower-case hex digits. */
  hex(n: number): string;
  /** `n` decimal digits (the first may be 0). */
  digits(n: number): string;
  /** An integer in [min, max], both inclusive, uniformly (rejection sampling); the range is at most 2^48. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A v4-shaped UUID (RFC 9562 §5.4 version and variant bits), lower-case. */
  uuid(): string;
  /** A 32-bit unsigned integer, e.g. to seed a library's own generator (faker). */
  seed32(): number;
}

const keyOf = (parts: readonly string[]): Buffer =>
  createHash("sha256").update(JSON.stringify(parts)).digest();

class HashValueSource implements ValueSource {
  readonly scope: readonly string[];
  readonly #key: Buffer;
  #counter = 0;
  #pool: Buffer = Buffer.alloc(0);

  constructor(key: Buffer, scope: readonly string[]) {
    this.#key = key;
    this.scope = scope;
  }

  fork(...scope: string[]): ValueSource {
    if (scope.length === 0) throw new TypeError("fork needs a scope");
    const key = keyOf([this.#key.toString("hex"), ...scope]);
    return new HashValueSource(key, [...this.scope, ...scope]);
  }

  bytes(n: number): Buffer {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`bytes(${n}): a non-negative integer`);
    while (this.#pool.length < n) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(this.#counter++));
      const block = createHash("sha256").update(this.#key).update(counter).digest();
      this.#pool = Buffer.concat([this.#pool, block]);
    }
    const out = this.#pool.subarray(0, n);
    this.#pool = this.#pool.subarray(n);
    return Buffer.from(out);
  }

  hex(n: number): string {
    return this.bytes(Math.ceil(n / 2))
      .toString("hex")
      .slice(0, n);
  }

  digits(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += String(this.int(0, 9));
    return out;
  }

  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min)
      throw new RangeError(`int(${min}, ${max}): safe integers with min <= max`);
    const range = max - min + 1;
    const space = 2 ** 48;
    if (range > space) throw new RangeError(`int(${min}, ${max}): the range exceeds 2^48`);
    const limit = space - (space % range);
    for (;;) {
      const draw = this.bytes(6).readUIntBE(0, 6);
      if (draw < limit) return min + (draw % range);
    }
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(0, items.length - 1)]!;
  }

  uuid(): string {
    const b = this.bytes(16);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  seed32(): number {
    return this.bytes(4).readUInt32BE(0);
  }
}

/** The root source of a seed and scope path, e.g. `createValueSource(42, "scimh-run-3", "entra/e2", "v")`. */
export function createValueSource(seed: number | string, ...scope: string[]): ValueSource {
  return new HashValueSource(keyOf([String(seed), ...scope]), scope);
}
