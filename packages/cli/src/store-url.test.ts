import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error";
import { parseDuration } from "./duration";
import { parseStoreUrl } from "./store-url";

describe("parseStoreUrl", () => {
  it("resolves sqlite paths against the working directory", () => {
    expect(parseStoreUrl("sqlite:./keyward.db", "/srv/app")).toEqual({
      kind: "sqlite",
      path: "/srv/app/keyward.db",
      label: "sqlite:./keyward.db",
    });
    expect(parseStoreUrl("sqlite:/var/lib/k.db", "/srv/app")).toMatchObject({ path: "/var/lib/k.db" });
    expect(parseStoreUrl("sqlite:///var/lib/k.db", "/srv/app")).toMatchObject({ path: "/var/lib/k.db" });
  });

  it("takes keyward's schema and prefix off the driver URL and hides passwords in labels", () => {
    const pg = parseStoreUrl("postgres://app:s3cret@db:5432/main?schema=tenant_1&sslmode=require", "/");
    expect(pg).toEqual({
      kind: "postgres",
      url: "postgres://app:s3cret@db:5432/main?sslmode=require",
      schema: "tenant_1",
      label: "postgres://app:***@db:5432/main?sslmode=require",
    });
    const redis = parseStoreUrl("rediss://:pw@cache:6380/2?prefix=app:", "/");
    expect(redis).toMatchObject({ kind: "redis", url: "rediss://:pw@cache:6380/2", prefix: "app:" });
    expect(redis.label).not.toContain("pw");
    expect(parseStoreUrl("postgresql://db/main", "/")).toMatchObject({ kind: "postgres", schema: null });
    const inQuery = parseStoreUrl("postgres://db/main?user=app&password=hunter2", "/");
    expect(inQuery.label).not.toContain("hunter2");
  });

  it("rejects unknown stores and unsafe schema names as usage errors without echoing passwords", () => {
    for (const raw of [
      "mysql://u:hunter2@db/x",
      "sqlite:",
      "postgres://u:hunter2@db/x?schema=a;drop",
      "nonsense",
    ]) {
      let caught: unknown;
      try {
        parseStoreUrl(raw, "/");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
      expect((caught as CliError).message).not.toContain("hunter2");
    }
  });
});

describe("parseStoreUrl with odd passwords", () => {
  it.each([
    "postgres://admin:s3cr/t@db:5432/main",
    "redis://:p@ss/w0rd@cache:6379",
    "postgres://a:b:c/d@h/x",
  ])("never echoes the password of an invalid URL: %s", (url) => {
    try {
      parseStoreUrl(url, "/");
    } catch (error) {
      expect((error as CliError).message).not.toMatch(/s3cr|w0rd|c\/d/);
    }
  });
});

describe("parseDuration", () => {
  it("reads s, m, h, d and w", () => {
    expect([
      parseDuration("90s"),
      parseDuration("15m"),
      parseDuration("12h"),
      parseDuration("30d"),
      parseDuration("2w"),
    ]).toEqual([90_000, 900_000, 43_200_000, 2_592_000_000, 1_209_600_000]);
  });

  it("refuses zero, negative, unitless, fractional and absurd durations", () => {
    for (const raw of ["0d", "-1d", "30", "1.5h", "1y", "", "99999w"]) {
      expect(() => parseDuration(raw)).toThrow(CliError);
    }
  });
});
