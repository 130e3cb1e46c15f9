import { describe, expect, it } from "vitest";
import { renderCreatorApprovalEmail, renderCreatorInvitationEmail, renderCreatorRejectionEmail } from "./creator-email-templates";

const context = { shopName: "Linen & Co", creatorName: "<Jane>", to: "jane@example.com" };

describe("creator email templates", () => {
  it.each([
    { render: renderCreatorInvitationEmail, subject: "Linen & Co invites you to its creator program" },
    { render: renderCreatorApprovalEmail, subject: "You're in: welcome to the Linen & Co creator program" },
    { render: renderCreatorRejectionEmail, subject: "Your application to the Linen & Co creator program" },
  ])("$subject: text and escaped HTML, signed with the shop's name", ({ render, subject }) => {
    const email = render(context);
    expect(email.to).toBe("jane@example.com");
    expect(email.subject).toBe(subject);
    expect(email.text).toContain("Hi <Jane>,");
    expect(email.text.trimEnd().endsWith("Linen & Co")).toBe(true);
    expect(email.html).toContain("Hi &lt;Jane&gt;,");
    expect(email.html).not.toContain("<Jane>");
    expect(email.html).toContain("Linen &amp; Co");
  });
});

describe("the approval email promises only what exists", () => {
  it("with a code and a link: both, and the portal", () => {
    const email = renderCreatorApprovalEmail({ ...context, code: "JANE15", referralUrl: "https://linen.example/?ref=r1", portalUrl: "https://linen.example/apps/affable/portal" });
    expect(email.text).toContain("Your discount code: JANE15");
    expect(email.text).toContain("Your referral link: https://linen.example/?ref=r1");
    expect(email.text).toContain("https://linen.example/apps/affable/portal");
    expect(email.text).not.toMatch(/shortly/);
  });

  it("without a code (creation failed or off): the link only, no promise of a code", () => {
    const email = renderCreatorApprovalEmail({ ...context, code: null, referralUrl: "https://linen.example/?ref=r1", portalUrl: "https://linen.example/apps/affable/portal" });
    expect(email.text).not.toContain("discount code:");
    expect(email.text).toContain("Share it with your audience");
  });
});
