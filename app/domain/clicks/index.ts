// Click tracking's pure rules: what a beacon and a ref look like, who is a bot, and how fast one visitor may click.
export { DEFAULT_CLICK_RATE_LIMIT } from "./default-click-rate-limit";
export { isBotUserAgent } from "./is-bot-user-agent";
export { MAX_BEACON_BYTES, parseClickBeacon, REF_TOKEN_PATTERN, type ClickBeacon, type ParseClickBeaconResult } from "./parse-click-beacon";
