import { BlockStack, Card, FormLayout, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { suggestHandle } from "../domain/creators/suggest-handle";

export interface CreatorFormValues {
  name: string;
  email: string;
  handle: string;
  instagram: string;
  tiktok: string;
  youtube: string;
  x: string;
  website: string;
  payoutEmail: string;
  notes: string;
  status: string;
  commissionType: "none" | "percentage" | "flat";
  commissionPercent: string;
  commissionFlat: string;
  phone: string;
  addressLine1: string;
  addressLine2: string;
  addressCity: string;
  addressRegion: string;
  addressPostalCode: string;
  addressCountry: string;
}

export const EMPTY_CREATOR_FORM: CreatorFormValues = {
  name: "",
  email: "",
  handle: "",
  instagram: "",
  tiktok: "",
  youtube: "",
  x: "",
  website: "",
  payoutEmail: "",
  notes: "",
  status: "invited",
  commissionType: "none",
  commissionPercent: "",
  commissionFlat: "",
  phone: "",
  addressLine1: "",
  addressLine2: "",
  addressCity: "",
  addressRegion: "",
  addressPostalCode: "",
  addressCountry: "",
};

export type CreatorFormErrors = Partial<Record<keyof CreatorFormValues | "reason", string>>;

interface CreatorFormProps {
  initial: CreatorFormValues;
  errors: CreatorFormErrors;
  currency: string;
  statusOptions: Array<{ label: string; value: string }>;
  /** The handle is suggested from the name until the merchant types one (new creators only). */
  suggestHandleFromName: boolean;
  /** Shown when the status changes: why (required to reject). */
  currentStatus?: string;
}

/** The creator's fields as named inputs, so a plain Remix <Form> posts them. */
export function CreatorFormFields({ initial, errors, currency, statusOptions, suggestHandleFromName, currentStatus }: CreatorFormProps) {
  const [values, setValues] = useState(initial);
  const [handleTouched, setHandleTouched] = useState(!suggestHandleFromName);
  const [reason, setReason] = useState("");
  const set = (key: keyof CreatorFormValues) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const handle = handleTouched ? values.handle : suggestHandle(values.name);
  const statusChanged = currentStatus !== undefined && values.status !== currentStatus;

  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Profile
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField label="Name" name="name" value={values.name} onChange={set("name")} autoComplete="off" error={errors.name} requiredIndicator />
              <TextField label="Email" name="email" type="email" value={values.email} onChange={set("email")} autoComplete="off" error={errors.email} requiredIndicator />
            </FormLayout.Group>
            <TextField
              label="Handle"
              name="handle"
              value={handle}
              onChange={(value) => {
                setHandleTouched(true);
                set("handle")(value);
              }}
              autoComplete="off"
              error={errors.handle}
              helpText="Lower-case letters, digits and dashes; unique in your shop. Used in discount code patterns like {HANDLE}15."
            />
            <Select label="Status" name="status" options={statusOptions} value={values.status} onChange={set("status")} error={errors.status} />
            {statusChanged ? (
              <TextField
                label={values.status === "rejected" ? "Reason (required)" : "Reason (optional)"}
                name="reason"
                value={reason}
                onChange={setReason}
                autoComplete="off"
                error={errors.reason}
                helpText="Kept in the audit trail with the status change."
              />
            ) : null}
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Social profiles
          </Text>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField label="Instagram" name="instagram" prefix="@" value={values.instagram} onChange={set("instagram")} autoComplete="off" error={errors.instagram} />
            <TextField label="TikTok" name="tiktok" prefix="@" value={values.tiktok} onChange={set("tiktok")} autoComplete="off" error={errors.tiktok} />
            <TextField label="YouTube" name="youtube" value={values.youtube} onChange={set("youtube")} autoComplete="off" error={errors.youtube} />
            <TextField label="X" name="x" prefix="@" value={values.x} onChange={set("x")} autoComplete="off" error={errors.x} />
          </InlineGrid>
          <TextField label="Website" name="website" value={values.website} onChange={set("website")} autoComplete="off" error={errors.website} placeholder="https://" />
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Phone and shipping address
          </Text>
          <Text as="p" tone="subdued">
            Optional. Affable compares them with orders&apos; customers to spot a creator buying through their own link or code; creators never see them.
          </Text>
          <FormLayout>
            <TextField label="Phone" name="phone" type="tel" value={values.phone} onChange={set("phone")} autoComplete="off" error={errors.phone} helpText="With the country code, like +1 415 555 0100." />
            <TextField label="Street address" name="addressLine1" value={values.addressLine1} onChange={set("addressLine1")} autoComplete="off" error={errors.addressLine1} />
            <TextField label="Apartment, suite, etc." name="addressLine2" value={values.addressLine2} onChange={set("addressLine2")} autoComplete="off" error={errors.addressLine2} />
            <FormLayout.Group>
              <TextField label="City" name="addressCity" value={values.addressCity} onChange={set("addressCity")} autoComplete="off" error={errors.addressCity} />
              <TextField label="State or region" name="addressRegion" value={values.addressRegion} onChange={set("addressRegion")} autoComplete="off" error={errors.addressRegion} />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField label="Postal code" name="addressPostalCode" value={values.addressPostalCode} onChange={set("addressPostalCode")} autoComplete="off" error={errors.addressPostalCode} />
              <TextField label="Country code" name="addressCountry" value={values.addressCountry} onChange={set("addressCountry")} autoComplete="off" error={errors.addressCountry} helpText="Two letters, like US or DE." maxLength={2} />
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Commission and payouts
          </Text>
          <FormLayout>
            <Select
              label="Commission"
              name="commissionType"
              options={[
                { label: "Program default", value: "none" },
                { label: "Percentage of the order", value: "percentage" },
                { label: `Flat amount per order (${currency})`, value: "flat" },
              ]}
              value={values.commissionType}
              onChange={set("commissionType")}
              error={errors.commissionType}
            />
            {values.commissionType === "percentage" ? (
              <TextField label="Commission rate" name="commissionPercent" suffix="%" value={values.commissionPercent} onChange={set("commissionPercent")} autoComplete="off" error={errors.commissionPercent} helpText="Up to two decimals, e.g. 12.5" />
            ) : null}
            {values.commissionType === "flat" ? (
              <TextField label="Amount per order" name="commissionFlat" suffix={currency} value={values.commissionFlat} onChange={set("commissionFlat")} autoComplete="off" error={errors.commissionFlat} />
            ) : null}
            <TextField label="Payout email" name="payoutEmail" type="email" value={values.payoutEmail} onChange={set("payoutEmail")} autoComplete="off" error={errors.payoutEmail} helpText="Shown only when you record a payout by hand and the creator has no PayPal details confirmed in the creator portal. Payout runs pay only details the creator confirmed; leave empty to show their contact email." />
            <TextField label="Notes" name="notes" value={values.notes} onChange={set("notes")} multiline={3} autoComplete="off" error={errors.notes} helpText="Only your team sees these." />
          </FormLayout>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

export function toFormErrors(errors: ReadonlyArray<{ field: string; message: string }>): CreatorFormErrors {
  return Object.fromEntries(errors.map((error) => [error.field, error.message]));
}
