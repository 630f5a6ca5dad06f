import { describe, expect, it } from "vitest";
import { clientKeyOf, type SignInLimits, signInVerdict } from "../../src/signin/rules";

const limits: SignInLimits = { clientMaxFailures: 5, clientWindowSeconds: 900, emailMaxFailures: 50, emailWindowSeconds: 3600 };
const now = 1_000_000;
const counted = (failures: number, startedSecondsAgo = 0) => ({ failures, window_started_at: now - startedSecondsAgo });

describe("signInVerdict", () => {
  it.each([
    ["a first attempt", counted(1), counted(1), false, { allowed: true }],
    ["the 5th attempt of a client", counted(5), counted(5), false, { allowed: true }],
    ["the 6th attempt of a client", counted(6, 60), counted(6), false, { allowed: false, code: "login.throttled", retryAfterSeconds: 840 }],
    ["the 6th attempt of a known device", counted(6, 100), counted(6), true, { allowed: false, code: "login.throttled", retryAfterSeconds: 800 }],
    ["the 50th attempt on an email", counted(1), counted(50), false, { allowed: true }],
    [
      "the 51st attempt on an email, unknown device",
      counted(1),
      counted(51, 600),
      false,
      { allowed: false, code: "login.known_devices_only", retryAfterSeconds: 3000 },
    ],
    ["the 51st attempt on an email, known device", counted(1), counted(51, 600), true, { allowed: true }],
    [
      "a known device past its own limit while the email is hammered",
      counted(6, 0),
      counted(400),
      true,
      { allowed: false, code: "login.throttled", retryAfterSeconds: 900 },
    ],
    ["a window at its very end", counted(6, 900), counted(6), false, { allowed: false, code: "login.throttled", retryAfterSeconds: 1 }],
    ["no counter rows", undefined, undefined, false, { allowed: true }],
  ] as const)("%s", (_name, client, email, knownDevice, expected) => {
    expect(signInVerdict({ client, email, knownDevice }, limits, now)).toEqual(expected);
  });
});

describe("clientKeyOf", () => {
  it("counts a signed device as itself, else the address", () => {
    expect(clientKeyOf({ device: "abc", address: "1.2.3.4" })).toBe("device:abc");
    expect(clientKeyOf({ device: null, address: "1.2.3.4" })).toBe("address:1.2.3.4");
  });
});
