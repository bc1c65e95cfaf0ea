import { describe, expect, it } from "vitest";
import { runFlow } from "./flow";

function* addAll(values: unknown[]): Generator<unknown, number, unknown> {
  let sum = 0;
  for (const value of values) sum += (yield value) as number;
  return sum;
}

describe("runFlow", () => {
  it("stays synchronous while every step is", () => {
    expect(runFlow(addAll([1, 2, 3]))).toBe(6);
  });

  it("switches to a promise at the first asynchronous step and keeps going", async () => {
    const result = runFlow(addAll([1, Promise.resolve(2), 3, Promise.resolve(4)]));
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(10);
  });

  it("throws a rejection into the generator, where it can be caught", async () => {
    function* recover(): Generator<unknown, string, unknown> {
      try {
        yield Promise.reject(new Error("boom"));
        return "unreachable";
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    }
    expect(await runFlow(recover())).toBe("caught boom");
  });

  it("rejects when the generator does not catch", async () => {
    await expect(runFlow(addAll([Promise.resolve(1), Promise.reject(new Error("late"))]))).rejects.toThrow(
      "late",
    );
  });
});
