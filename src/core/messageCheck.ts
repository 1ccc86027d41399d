/**
 * Checks for messages received from another process or thread (the kernel's IPC, the language worker's
 * port): each check returns what is wrong with a value, naming the field, or undefined when it is well formed.
 * Composed per message type next to each protocol's types (src/core/protocol.ts, src/core/language/messages.ts).
 */
export type Check = (value: unknown) => string | undefined;

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const expect = (what: string, ok: (value: unknown) => boolean): Check => (value) => (ok(value) ? undefined : `${what} expected, got ${describeValue(value)}`);

export const text = expect('a string', (v) => typeof v === 'string');
export const number = expect('a number', (v) => typeof v === 'number');
export const count = expect('a whole number ≥ 0', (v) => Number.isInteger(v) && (v as number) >= 0);
export const boolean = expect('true or false', (v) => typeof v === 'boolean');
export const anyObject = expect('an object', isObject);
export const anyArray = expect('an array', Array.isArray);
/** Anything at all (a value the receiver passes on without reading, e.g. a result it hands to its caller). */
export const anything: Check = () => undefined;

export const oneOf = (...values: readonly unknown[]): Check => expect(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => values.includes(v));
export const optional = (check: Check): Check => (value) => (value === undefined ? undefined : check(value));
export const nullable = (check: Check): Check => (value) => (value === null ? undefined : check(value));

export const listOf = (check: Check): Check => (value) => {
  if (!Array.isArray(value)) return `an array expected, got ${describeValue(value)}`;
  for (const [index, item] of value.entries()) {
    const problem = check(item);
    if (problem) return `[${index}]: ${problem}`;
  }
  return undefined;
};

export const recordOf = (check: Check): Check => (value) => {
  if (!isObject(value)) return `an object expected, got ${describeValue(value)}`;
  for (const [key, item] of Object.entries(value)) {
    const problem = check(item);
    if (problem) return `${key}: ${problem}`;
  }
  return undefined;
};

export const shape = (fields: Record<string, Check>): Check => (value) => {
  if (!isObject(value)) return `an object expected, got ${describeValue(value)}`;
  for (const [key, check] of Object.entries(fields)) {
    const problem = check(value[key]);
    if (problem) return `${key}: ${problem}`;
  }
  return undefined;
};

/** A union told apart by one tag field: the tag must name a known member, then that member's fields are checked. */
export const tagged = (tag: string, members: Record<string, Record<string, Check>>): Check => (value) => {
  if (!isObject(value)) return `an object expected, got ${describeValue(value)}`;
  const name = value[tag];
  if (typeof name !== 'string' || !Object.hasOwn(members, name)) return `${tag}: ${oneOf(...Object.keys(members))(name)}`;
  const problem = shape(members[name])(value);
  return problem && `${name}: ${problem}`;
};

/** `value[field]` when `value` is an object and that field a whole number ≥ 0: the id to answer even a malformed request by. */
export function countField(value: unknown, field: string): number | undefined {
  return isObject(value) && count(value[field]) === undefined ? (value[field] as number) : undefined;
}
