import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PaypalConnectionCard, type PaypalConnectionCardProps } from "./paypal-connection-card";

function render(props: Partial<PaypalConnectionCardProps>): string {
  const all: PaypalConnectionCardProps = {
    connection: { connected: false, environment: "sandbox", clientId: null, secretSaved: false, webhookSubscribed: false, connectedAt: null },
    errors: {},
    saving: false,
    onConnect: () => undefined,
    onDisconnect: () => undefined,
    ...props,
  };
  return renderToStaticMarkup(
    <AppProvider i18n={en}>
      <PaypalConnectionCard {...all} />
    </AppProvider>,
  );
}

describe("PaypalConnectionCard", () => {
  it("shows a saved connection without any part of the secret, and an empty password field", () => {
    const html = render({ connection: { connected: true, environment: "live", clientId: "AbC-123", secretSaved: true, webhookSubscribed: true, connectedAt: "Dec 7, 2026, 2:05 PM EST" } });
    expect(html).toContain("Connected (Live)");
    expect(html).toContain("Client ID AbC-123; secret saved (encrypted, never shown again); connected Dec 7, 2026, 2:05 PM EST.");
    expect(html).toMatch(/<input[^>]*type="password"[^>]*value=""/);
    expect(html).toContain("Disconnect");
  });

  it("shows each field's error beside its field", () => {
    const html = render({ errors: { clientSecret: "PayPal refused this client ID and secret for Sandbox (invalid_client).", clientId: "Enter your PayPal app's client ID." } });
    expect(html).toContain("Not connected");
    expect(html).toContain("PayPal refused this client ID and secret for Sandbox (invalid_client).");
    expect(html).toContain("Enter your PayPal app&#x27;s client ID.");
    expect(html).not.toContain("Disconnect");
  });
});
