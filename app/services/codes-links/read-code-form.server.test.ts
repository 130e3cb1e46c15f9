import { describe, expect, it } from "vitest";
import { codeIntentSchema, readDiscountOverrides } from "./read-code-form.server";

function read(fields: Record<string, string>, timeZone: string) {
  const parsed = codeIntentSchema.parse({ intent: "update", codeId: "c1", ...fields });
  if (parsed.intent !== "update") throw new Error("expected an update");
  return readDiscountOverrides({ ...parsed, withDiscount: true }, "USD", true, timeZone);
}

describe("the code form's dates are days in the shop's time zone", () => {
  it("a code ending Dec 31 in a Tokyo shop ends at Tokyo midnight, not UTC midnight", () => {
    const { overrides, errors } = read({ endsAt: "2026-12-31" }, "Asia/Tokyo");
    expect(errors).toEqual([]);
    expect(overrides.endsAt?.toISOString()).toBe("2026-12-31T15:00:00.000Z");
  });

  it("a start day begins at the shop's local midnight", () => {
    expect(read({ startsAt: "2026-12-01" }, "Asia/Tokyo").overrides.startsAt?.toISOString()).toBe("2026-11-30T15:00:00.000Z");
  });

  it("an empty end date on an edit removes the end; a date that is not a day is an error on its field", () => {
    expect(read({ endsAt: "" }, "Asia/Tokyo").overrides.endsAt).toBeNull();
    expect(read({ endsAt: "2026-02-30" }, "Asia/Tokyo").errors).toEqual([{ field: "endsAt", message: "Enter a date such as 2026-12-31." }]);
  });
});
