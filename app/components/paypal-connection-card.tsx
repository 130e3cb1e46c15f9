import { Badge, Banner, BlockStack, Button, Card, ChoiceList, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export type PaypalConnectionCardProps = {
  connection: {
    connected: boolean;
    environment: "sandbox" | "live";
    clientId: string | null;
    secretSaved: boolean;
    webhookSubscribed: boolean;
    /** Already formatted in the shop's time zone. */
    connectedAt: string | null;
  };
  errors: Partial<Record<"environment" | "clientId" | "clientSecret" | "form", string>>;
  saving: boolean;
  onConnect(values: { environment: "sandbox" | "live"; clientId: string; clientSecret: string }): void;
  onDisconnect(): void;
};

/**
 * Settings › PayPal: the merchant's PayPal REST app. The secret is typed once; afterwards only "saved" shows. The page
 * gives it a new `key` after each successful save, which empties the secret field (the secret is never sent back).
 */
export function PaypalConnectionCard({ connection, errors, saving, onConnect, onDisconnect }: PaypalConnectionCardProps) {
  const [environment, setEnvironment] = useState<"sandbox" | "live">(connection.environment);
  const [clientId, setClientId] = useState(connection.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            PayPal
          </Text>
          {connection.connected ? (
            <Badge tone="success">{`Connected (${connection.environment === "live" ? "Live" : "Sandbox"})`}</Badge>
          ) : (
            <Badge>Not connected</Badge>
          )}
        </InlineStack>
        <Text as="p" tone="subdued">
          Affable pays creators with PayPal Payouts from your PayPal business account. In the PayPal Developer Dashboard, open Apps &amp; Credentials,
          create (or open) a REST app with Payouts enabled, and copy its client ID and secret here. Use Sandbox to try it with test money first.
        </Text>
        {connection.connected ? (
          <Text as="p">
            {`Client ID ${connection.clientId ?? ""}; secret saved (encrypted, never shown again)${connection.connectedAt ? `; connected ${connection.connectedAt}` : ""}. `}
            {connection.webhookSubscribed ? "PayPal sends payout updates to Affable." : "PayPal is not sending payout updates yet: connect again."}
          </Text>
        ) : null}
        {errors.form ? (
          <Banner tone="critical" title="PayPal is not connected">
            <p>{errors.form}</p>
          </Banner>
        ) : null}
        <FormLayout>
          <ChoiceList
            title="PayPal environment"
            choices={[
              { label: "Sandbox (test money)", value: "sandbox" },
              { label: "Live (real money)", value: "live" },
            ]}
            selected={[environment]}
            onChange={(selected) => setEnvironment(selected[0] === "live" ? "live" : "sandbox")}
            error={errors.environment}
          />
          <TextField label="Client ID" value={clientId} onChange={setClientId} autoComplete="off" error={errors.clientId} />
          <TextField
            label="Secret"
            type="password"
            value={clientSecret}
            onChange={setClientSecret}
            autoComplete="off"
            error={errors.clientSecret}
            helpText={connection.secretSaved ? "A secret is saved. Enter it again to change the connection." : "Stored encrypted; it is never shown again."}
          />
        </FormLayout>
        <InlineStack gap="200">
          <Button variant="primary" loading={saving} onClick={() => onConnect({ environment, clientId, clientSecret })}>
            {connection.connected ? "Check and save" : "Connect PayPal"}
          </Button>
          {connection.connected ? (
            <Button tone="critical" variant="plain" disabled={saving} onClick={onDisconnect}>
              Disconnect
            </Button>
          ) : null}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
