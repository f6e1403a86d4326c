// A tiny runtime schema: each check narrows `unknown` to a type or says what is wrong, so every message
// that crosses an extension boundary is validated before any code reads it. The factories are marked free
// of side effects, so a bundle keeps only the schemas its code uses (the content script: its own messages).

/** Returns what is wrong with a value, or null when it fits. */
export type Check = (value: unknown, path?: string) => string | null;
/** A check that also carries the type it proves, for `Infer`. */
export interface Schema<T> {
  check: Check;
  readonly _type?: T;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

/* @__NO_SIDE_EFFECTS__ */
const schema = <T>(check: Check): Schema<T> => ({ check });

/* @__NO_SIDE_EFFECTS__ */
export const string = (maxLength = 64 * 1024 * 1024): Schema<string> =>
  schema((v, p = 'value') =>
    typeof v !== 'string' ? `${p} must be a string` : v.length > maxLength ? `${p} is too long` : null,
  );

/* @__NO_SIDE_EFFECTS__ */
export const number = (): Schema<number> =>
  schema((v, p = 'value') => (typeof v === 'number' && Number.isFinite(v) ? null : `${p} must be a number`));

/* @__NO_SIDE_EFFECTS__ */
export const integer = (): Schema<number> =>
  schema((v, p = 'value') =>
    typeof v === 'number' && Number.isSafeInteger(v) ? null : `${p} must be an integer`,
  );

/* @__NO_SIDE_EFFECTS__ */
export const boolean = (): Schema<boolean> =>
  schema((v, p = 'value') => (typeof v === 'boolean' ? null : `${p} must be true or false`));

/* @__NO_SIDE_EFFECTS__ */
export const literal = <const T extends string | number | boolean | null>(...values: T[]): Schema<T> =>
  schema((v, p = 'value') =>
    values.includes(v as T) ? null : `${p} must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`,
  );

/* @__NO_SIDE_EFFECTS__ */
export const nullOr = <T>(inner: Schema<T>): Schema<T | null> =>
  schema((v, p = 'value') => (v === null ? null : inner.check(v, p)));

/* @__NO_SIDE_EFFECTS__ */
export const array = <T>(item: Schema<T>, maxItems = 10_000): Schema<T[]> =>
  schema((v, p = 'value') => {
    if (!Array.isArray(v)) return `${p} must be a list`;
    if (v.length > maxItems) return `${p} has more than ${maxItems} entries`;
    for (let i = 0; i < v.length; i++) {
      const problem = item.check(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  });

type Shape = Record<string, Schema<unknown> | Optional<unknown>>;
export interface Optional<T> {
  optional: Schema<T>;
}
/* @__NO_SIDE_EFFECTS__ */
export const optional = <T>(inner: Schema<T>): Optional<T> => ({ optional: inner });

type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: S[K] extends Schema<infer T> ? T : never } & {
  [K in OptionalKeys<S>]?: S[K] extends Optional<infer T> ? T : never;
};

/** Objects with exactly these keys: unknown keys are rejected, so nothing unchecked rides along. */
/* @__NO_SIDE_EFFECTS__ */
export const object = <S extends Shape>(shape: S): Schema<ObjectOf<S>> =>
  schema((v, p = 'value') => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p} must be an object`;
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) return `${p}.${key} is not expected`;
    }
    for (const [key, field] of Object.entries(shape)) {
      const value = record[key];
      if ('optional' in field) {
        if (value === undefined) continue;
        const problem = field.optional.check(value, `${p}.${key}`);
        if (problem) return problem;
      } else {
        const problem = field.check(value, `${p}.${key}`);
        if (problem) return problem;
      }
    }
    return null;
  });

/** Plain data of any shape (verdicts coming from our own verifier): JSON-like, bounded depth. */
/* @__NO_SIDE_EFFECTS__ */
export const plainData = (maxDepth = 64): Schema<unknown> =>
  schema((v, p = 'value') => {
    const walk = (x: unknown, depth: number): boolean => {
      if (depth > maxDepth) return false;
      if (x === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof x)) return true;
      if (Array.isArray(x)) return x.every((y) => walk(y, depth + 1));
      if (typeof x === 'object') return Object.values(x as object).every((y) => walk(y, depth + 1));
      return false;
    };
    return walk(v, 0) ? null : `${p} must be plain data`;
  });

export function parse<T>(s: Schema<T>, value: unknown, what: string): T {
  const problem = s.check(value, what);
  if (problem) throw new TypeError(`Rejected ${what}: ${problem}`);
  return value as T;
}

export function is<T>(s: Schema<T>, value: unknown): value is T {
  return s.check(value) === null;
}

/** A type guard for `s`: whether a value that arrived fits it. */
export const guard =
  <T>(s: Schema<T>) =>
  (value: unknown): value is T =>
    is(s, value);
