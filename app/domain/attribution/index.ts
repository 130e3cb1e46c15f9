// Which creator (if any) earns on an order, and why.
export type * from "./attribution-types";
export { CAPTURE_CLOCK_SKEW_MS, decideAttribution, SIGNAL_PRECEDENCE } from "./decide-attribution";
export { findCodeStatusAt } from "./find-code-status-at";
export { parseCaptureTime } from "./parse-capture-time";
export { readLandingSiteRef, REFERRAL_QUERY_PARAMETER } from "./read-landing-site-ref";
export {
  readReferralAttributes,
  REFERRAL_ATTRIBUTE,
  REFERRAL_CAPTURED_AT_ATTRIBUTE,
  REFERRAL_CLICK_ID_ATTRIBUTE,
} from "./read-referral-attributes";
