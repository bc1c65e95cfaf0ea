import { EventEmitter } from "node:events";

/** A SUBSCRIBE sent and not answered yet: the test answers it. */
export interface PendingSubscribe {
  confirm(): void;
  refuse(error: Error): void;
}

/**
 * A node-redis client as the bus sees it, driven by the test. Like node-redis, it emits `error` and
 * `reconnecting` when its connection drops and `ready` only after it resubscribed every channel it
 * had (its socket initiator sends those SUBSCRIBEs before `ready`), and a SUBSCRIBE of a channel
 * already subscribed sends nothing.
 */
export class FakeNodeRedis extends EventEmitter {
  isOpen = true;
  isReady = false;
  readonly pending: PendingSubscribe[] = [];
  readonly channels = new Map<string, (message: string, channel: string) => unknown>();
  readonly sent: string[][] = [];
  closed = false;

  sendCommand(args: readonly string[]): Promise<unknown> {
    this.sent.push([...args]);
    return Promise.resolve(0);
  }
  duplicate(): FakeNodeRedis {
    return new FakeNodeRedis();
  }
  connect(): Promise<unknown> {
    return new Promise(() => {}); // the test decides when it is ready
  }
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown> {
    if (this.channels.has(channel)) return Promise.resolve();
    return new Promise((resolve, reject) =>
      this.pending.push({
        confirm: () => {
          this.channels.set(channel, listener);
          resolve(undefined);
        },
        refuse: reject,
      }),
    );
  }
  unsubscribe(channel: string): Promise<unknown> {
    this.channels.delete(channel);
    return Promise.resolve();
  }
  close(): Promise<unknown> {
    this.closed = true;
    this.isOpen = this.isReady = false;
    return Promise.resolve();
  }
  destroy(): void {
    this.closed = true;
    this.isOpen = this.isReady = false;
  }
  /** The connection drops: node-redis emits `error`, then `reconnecting`. */
  drop(): void {
    this.isReady = false;
    this.emit("error", new Error("Socket closed unexpectedly"));
    this.emit("reconnecting");
  }
  /** Connected (again), every registered channel resubscribed: `ready`. */
  up(): void {
    this.isReady = true;
    this.emit("ready");
  }
  /** A message arrives on `channel`. */
  message(channel: string, text: string): void {
    this.channels.get(channel)?.(text, channel);
  }
}

/**
 * An ioredis client as the bus sees it, driven by the test. Like ioredis, it emits `close` and
 * `reconnecting` when its connection drops and `ready` before it resubscribes (whose reply it does
 * not wait for), and messages arrive as `message` events of the client.
 */
export class FakeIoredis extends EventEmitter {
  status = "wait";
  readonly pending: PendingSubscribe[] = [];
  readonly unsubscribed: string[] = [];
  readonly sent: string[][] = [];
  closed = false;

  call(command: string, args: string[]): Promise<unknown> {
    this.sent.push([command, ...args]);
    return Promise.resolve(0);
  }
  duplicate(): FakeIoredis {
    return new FakeIoredis();
  }
  connect(): Promise<void> {
    this.status = "connecting";
    return new Promise(() => {});
  }
  subscribe(..._channels: string[]): Promise<unknown> {
    return new Promise((resolve, reject) => this.pending.push({ confirm: () => resolve(1), refuse: reject }));
  }
  unsubscribe(...channels: string[]): Promise<unknown> {
    this.unsubscribed.push(...channels);
    return Promise.resolve(0);
  }
  quit(): Promise<unknown> {
    this.closed = true;
    this.status = "end";
    return Promise.resolve("OK");
  }
  disconnect(): void {
    this.closed = true;
    this.status = "end";
  }
  /** The connection drops: ioredis emits `close`, then `reconnecting`. */
  drop(): void {
    this.status = "reconnecting";
    this.emit("close");
    this.emit("reconnecting", 50);
  }
  /** Connected (again): `ready`, before any resubscription is answered. */
  up(): void {
    this.status = "ready";
    this.emit("ready");
  }
}

/** Lets every promise callback already due run: the next turn of the event loop, not a timer. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
