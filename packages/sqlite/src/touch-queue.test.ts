import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Touch, touchQueue } from "./touch-queue";

const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
const isBusy = (error: unknown) => error === busy;

/** A queue over a fake database that is locked while `locked` is true. */
function queueOn(options: { limit?: number; batch?: number } = {}) {
  const db = { locked: false, broken: false, stored: new Map<string, number>(), writes: [] as Touch[][] };
  const waits: boolean[] = [];
  const queue = touchQueue({
    ...options,
    retryMs: 1000,
    isBusy,
    write: (touches, wait) => {
      waits.push(wait);
      if (db.broken) throw new Error("no such table");
      if (db.locked) throw busy;
      db.writes.push([...touches]);
      for (const [id, at] of touches) db.stored.set(id, at);
    },
  });
  return { db, queue, waits };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("touchQueue", () => {
  it("writes at once, without waiting for a lock, when the database is free", () => {
    const { db, queue, waits } = queueOn();
    queue.touch("a", 1);
    expect(db.stored.get("a")).toBe(1);
    expect(waits).toEqual([false]);
    expect(queue.size).toBe(0);
  });

  it("holds a touch that finds the database locked and writes it on a later retry", () => {
    const { db, queue } = queueOn();
    db.locked = true;
    expect(() => queue.touch("a", 1)).not.toThrow();
    expect(queue.size).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(queue.size).toBe(1);
    db.locked = false;
    vi.advanceTimersByTime(1000);
    expect(db.stored.get("a")).toBe(1);
    expect(queue.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("while something is held, joins the queue instead of trying once per request; keeps the latest time", () => {
    const { db, queue, waits } = queueOn();
    db.locked = true;
    queue.touch("a", 5);
    for (let i = 0; i < 100; i++) queue.touch("b", i);
    queue.touch("a", 3);
    expect(waits).toHaveLength(1);
    db.locked = false;
    vi.advanceTimersByTime(1000);
    expect(db.writes).toEqual([
      [
        ["a", 5],
        ["b", 99],
      ],
    ]);
  });

  it("never holds more than its limit: later keys are dropped (core touches them again on next use)", () => {
    const { db, queue } = queueOn({ limit: 3 });
    db.locked = true;
    for (const id of ["a", "b", "c", "d", "e"]) queue.touch(id, 1);
    queue.touch("a", 2);
    expect(queue.size).toBe(3);
    db.locked = false;
    vi.advanceTimersByTime(1000);
    expect([...db.stored]).toEqual([
      ["a", 2],
      ["b", 1],
      ["c", 1],
    ]);
  });

  it("writes a long backlog in batches, oldest first, one timer turn each", () => {
    const { db, queue } = queueOn({ batch: 2 });
    db.locked = true;
    for (const id of ["a", "b", "c", "d", "e"]) queue.touch(id, 1);
    db.locked = false;
    vi.advanceTimersByTime(1000);
    expect(db.writes.map((write) => write.map(([id]) => id))).toEqual([["a", "b"]]);
    vi.runAllTimers();
    expect(db.writes.map((write) => write.map(([id]) => id))).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("throws other errors of a write at use time and holds nothing; drops the backlog on them later", () => {
    const { db, queue } = queueOn();
    db.broken = true;
    expect(() => queue.touch("a", 1)).toThrow("no such table");
    expect(queue.size).toBe(0);
    db.broken = false;
    db.locked = true;
    queue.touch("b", 1);
    db.broken = true;
    vi.advanceTimersByTime(1000);
    expect(queue.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("flush() writes what is held, waiting for the lock, and stops the timer", () => {
    const { db, queue, waits } = queueOn();
    db.locked = true;
    queue.touch("a", 1);
    db.locked = false;
    queue.flush();
    expect(db.stored.get("a")).toBe(1);
    expect(waits).toEqual([false, true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("flush() drops what it still cannot write, and never throws", () => {
    const { db, queue } = queueOn();
    db.locked = true;
    queue.touch("a", 1);
    expect(() => queue.flush()).not.toThrow();
    expect(queue.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
