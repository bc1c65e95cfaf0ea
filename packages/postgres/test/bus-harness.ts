import { seededKeyward } from "@keyward/conformance";
import { createKeyward, type InvalidationBus, type InvalidationMessage, type Keyward } from "@keyward/core";
import { expect, vi } from "vitest";
import type { OpenedStore, PoolSettings, TestBusOptions, TestDriver } from "./drivers";
import type { TestScope } from "./scope";

/** How long a test waits for an event that should come within milliseconds: generous, on loaded machines. */
export const DEADLINE_MS = 15_000;

/**
 * `promise`, or a rejection naming `what` after {@link DEADLINE_MS}.
 * @param promise - what should settle
 * @param what - said in the failure
 */
export async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A bus whose deliveries and status changes a test can wait for. */
export interface ObservedBus {
  readonly bus: InvalidationBus;
  /** Every message handed to the subscriber, in order. */
  readonly messages: InvalidationMessage[];
  /** Every status reported, in order. */
  readonly statuses: boolean[];
  /** Resolves once a delivered message matches (already delivered ones count). */
  delivered(match: (message: InvalidationMessage) => boolean, what?: string): Promise<InvalidationMessage>;
  /** Resolves once the status reported last is `connected` and `after` statuses were reported before it. */
  status(connected: boolean, after?: number): Promise<void>;
}

/**
 * Wraps `bus`: what it delivers reaches the subscriber first, then is recorded, so a test that
 * waited for a message sees the cache already invalidated.
 * @param bus - the bus under test
 */
export function observe(bus: InvalidationBus): ObservedBus {
  const messages: InvalidationMessage[] = [];
  const statuses: boolean[] = [];
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const waiter of waiters) waiter();
  };
  const until = <T>(check: () => T | undefined, what: string): Promise<T> =>
    within(
      new Promise<T>((resolve) => {
        const waiter = () => {
          const found = check();
          if (found === undefined) return;
          waiters.delete(waiter);
          resolve(found);
        };
        waiters.add(waiter);
        waiter();
      }),
      what,
    );
  return {
    bus: {
      publish: (message) => bus.publish(message),
      subscribe: (onMessage, onStatus) =>
        bus.subscribe(
          (message) => {
            onMessage(message);
            messages.push(message);
            changed();
          },
          (connected) => {
            onStatus(connected);
            statuses.push(connected);
            changed();
          },
        ),
    },
    messages,
    statuses,
    delivered: (match, what = "matching message") => until(() => messages.find(match), what),
    status: (connected, after = 0) =>
      until(
        () => (statuses.length > after && statuses.at(-1) === connected ? true : undefined),
        `status ${connected} after ${after} reports`,
      ).then(() => {}),
  };
}

/** One app instance: keyward with a cache over its own pool and bus, and its store calls counted. */
export interface Instance {
  readonly keyward: Keyward;
  readonly opened: OpenedStore;
  readonly observed: ObservedBus;
  /** The `application_name` of its connections, to find its listening backend. */
  readonly applicationName: string;
  /** How many times authentication read a key from the store (cache misses). */
  lookups(): number;
}

/**
 * Opens an instance on `schema` (migrated), with `cache` and a bus, and waits until it listens.
 * @param scope - the test's scope: the pool ends and the instance closes after the test
 * @param driver - the driver
 * @param schema - the store's schema
 * @param bus - how to open its bus
 * @param settings - pool settings
 */
export async function openInstance(
  scope: TestScope,
  driver: TestDriver,
  schema: string,
  bus: TestBusOptions = {},
  settings: PoolSettings = {},
): Promise<Instance> {
  const applicationName = `kw_${crypto.randomUUID().slice(0, 8)}`;
  const opened = scope.open(driver, { applicationName, ...settings }, { schema });
  const lookup = vi.spyOn(opened.store as Required<typeof opened.store>, "lookupKey");
  const observed = observe(opened.bus({ schema, ...bus }));
  const keyward = createKeyward({
    store: opened.store,
    cache: { ttlMs: 600_000, maxEntries: 1000, bus: observed.bus },
  });
  scope.defer(() => keyward.close());
  await observed.status(true);
  return { keyward, opened, observed, applicationName, lookups: () => lookup.mock.calls.length };
}

/**
 * The backend `LISTEN`ing for an instance (`pg` sends `LISTEN`, postgres.js `listen`).
 * @param instance - whose listening connection
 */
export async function listeningPid(instance: Instance): Promise<number> {
  const rows = await instance.opened.raw<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'listen %'",
    [instance.applicationName],
  );
  if (rows.length !== 1) throw new Error(`expected one listening backend, found ${rows.length}`);
  return rows[0]!.pid;
}

/**
 * Ends an instance's listening backend from the server side, as an administrator or a failover would.
 * @param instance - whose listening connection
 */
export async function terminateListener(instance: Instance): Promise<number> {
  const pid = await listeningPid(instance);
  await instance.opened.raw("SELECT pg_terminate_backend($1)", [pid]);
  return pid;
}

/** Two instances on one store, and what {@link openPair} set up. */
export interface Pair {
  readonly schema: string;
  /** A plain store on the schema (no cache, no bus), for setup and raw SQL. */
  readonly seed: OpenedStore;
  readonly a: Instance;
  readonly b: Instance;
  /** Keys of alice (role `editor`), both authenticated once by B, so B has them cached. */
  readonly key: string;
  readonly keyId: string;
  readonly otherKey: string;
}

/**
 * A and B on one new schema, each with a cache and its own bus; B has verified two keys and
 * serves them from its cache (checked: a second authentication reads nothing).
 * @param scope - the test's scope
 * @param driver - the driver
 * @param busOfB - how to open B's bus
 */
export async function openPair(
  scope: TestScope,
  driver: TestDriver,
  busOfB: TestBusOptions = {},
): Promise<Pair> {
  const schema = scope.schema("bus");
  const seed = scope.open(driver, {}, { schema });
  await seed.store.migrate();
  const admin = await seededKeyward(seed.store);
  const { key, record } = await admin.keys.create({ userId: "alice" });
  const { key: otherKey } = await admin.keys.create({ userId: "alice" });
  const [a, b] = await Promise.all([
    openInstance(scope, driver, schema),
    openInstance(scope, driver, schema, busOfB),
  ]);
  for (const each of [key, otherKey]) expect((await b.keyward.authenticate(each)).ok).toBe(true);
  expect((await b.keyward.authenticate(null)).ok).toBe(false);
  const cached = b.lookups();
  for (const each of [key, otherKey]) expect((await b.keyward.authenticate(each)).ok).toBe(true);
  expect(b.lookups()).toBe(cached);
  return { schema, seed, a, b, key, keyId: record.id, otherKey };
}
