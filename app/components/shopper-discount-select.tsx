import { Select } from "@shopify/polaris";

export type ShopperDiscountType = "percentage" | "fixed_amount";

/** The shopper's discount kind on a creator's code: percentage off, or a fixed amount in the shop's currency. */
export function ShopperDiscountSelect({
  currency,
  value,
  onChange,
}: {
  currency: string;
  value: ShopperDiscountType;
  onChange: (value: ShopperDiscountType) => void;
}) {
  return (
    <Select
      label="Shopper discount"
      options={[
        { label: "Percentage off", value: "percentage" },
        { label: `Fixed amount off (${currency})`, value: "fixed_amount" },
      ]}
      value={value}
      onChange={(selected) => onChange(selected as ShopperDiscountType)}
    />
  );
}
