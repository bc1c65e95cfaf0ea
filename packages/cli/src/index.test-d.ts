import type { KeywardStore } from "@keyward/core";
import { describe, expectTypeOf, it } from "vitest";
import { EXIT, type OpenedStore, type RunCliOptions, runCli, type StoreSpec } from "./index";

describe("@keyward/cli public types", () => {
  it("runCli takes argv and optional overrides and resolves to an exit code", () => {
    expectTypeOf(runCli).parameters.toEqualTypeOf<[argv: readonly string[], options?: RunCliOptions]>();
    expectTypeOf(runCli).returns.toEqualTypeOf<Promise<number>>();
  });

  it("lets tests inject a store opener that returns any KeywardStore", () => {
    expectTypeOf<RunCliOptions["openStore"]>().toEqualTypeOf<
      | ((
          spec: StoreSpec,
          options: { readonly create: boolean; readonly warn?: (message: string) => void },
        ) => Promise<OpenedStore>)
      | undefined
    >();
    expectTypeOf<OpenedStore["store"]>().toEqualTypeOf<KeywardStore>();
  });

  it("pins the exit codes scripts branch on", () => {
    expectTypeOf(EXIT).toEqualTypeOf<{
      readonly ok: 0;
      readonly denied: 1;
      readonly usage: 2;
      readonly unavailable: 3;
    }>();
  });
});
