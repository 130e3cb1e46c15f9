import { Checkbox } from "@shopify/polaris";
import { useState } from "react";

/** Form field names read by the creator page's action (see readCodeSyncChoice there). */
export const CODE_SYNC_FIELD = "syncCodes";
export const CODE_SYNC_SHOWN_FIELD = "syncCodesShown";

/**
 * Beside the status select: whether a status change also switches the creator's discount codes in Shopify (off on
 * pause or rejection, back on at re-approval). On by default: a paused creator's live code keeps giving shoppers a
 * discount that pays nobody.
 */
export function CreatorCodeSyncCheckbox({ codeCount }: { codeCount: number }) {
  const [checked, setChecked] = useState(true);
  if (codeCount === 0) return null;
  return (
    <>
      <input type="hidden" name={CODE_SYNC_SHOWN_FIELD} value="1" />
      <Checkbox
        label="When the status changes, switch this creator's discount codes in Shopify too"
        helpText="Pausing or rejecting deactivates their codes so shoppers can no longer use them; approving again reactivates the codes that were switched off this way."
        name={CODE_SYNC_FIELD}
        value="on"
        checked={checked}
        onChange={setChecked}
      />
    </>
  );
}

/** true/false when the form showed the checkbox; undefined (the service default: on) when it did not. */
export function readCodeSyncChoice(form: FormData): boolean | undefined {
  if (!form.has(CODE_SYNC_SHOWN_FIELD)) return undefined;
  return form.get(CODE_SYNC_FIELD) === "on";
}
