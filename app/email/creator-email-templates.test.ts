import { describe, expect, it } from "vitest";
import { renderCreatorApprovalEmail, renderCreatorInvitationEmail } from "./creator-email-templates";

const context = { shopName: "Linen & Co", creatorName: "<Jane>", to: "jane@example.com" };

describe("creator email templates", () => {
  it.each([
    { render: renderCreatorInvitationEmail, subject: "Linen & Co invites you to its creator program" },
    { render: renderCreatorApprovalEmail, subject: "You're in: welcome to the Linen & Co creator program" },
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
