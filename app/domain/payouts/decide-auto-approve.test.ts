import { describe, expect, it } from "vitest";
import { decideAutoApprove } from "./decide-auto-approve";

describe("decideAutoApprove", () => {
  it.each<[string, bigint, number, bigint | null, boolean, RegExp]>([
    ["below the threshold: approved by rule, the rule named", 49_999n, 3, 50_000n, true, /^auto-approve below \$500\.00 \(Settings › Payouts\)$/],
    ["exactly the threshold is not below it", 50_000n, 3, 50_000n, false, /\$500\.00 is not below the auto-approve amount of \$500\.00/],
    ["above the threshold", 70_000n, 3, 50_000n, false, /not below/],
    ["no threshold: never", 1n, 1, null, false, /Auto-approval is off/],
    ["nobody paid: nothing to approve", 0n, 0, 50_000n, false, /Nobody is paid/],
  ])("%s", (_label, totalMinor, itemCount, threshold, approve, text) => {
    const decision = decideAutoApprove({ totalMinor, itemCount, currency: "USD" }, threshold);
    expect(decision.approve).toBe(approve);
    expect(decision.approve ? decision.rule : decision.reason).toMatch(text);
  });
});
