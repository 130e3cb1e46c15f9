import { isbot } from "isbot";

/**
 * Crawlers, link previews (Slack, iMessage, social networks) and monitoring tools follow creators' links too; their
 * visits are not clicks. A missing user agent is treated as a bot: every browser sends one.
 */
export function isBotUserAgent(userAgent: string | null): boolean {
  if (userAgent === null || userAgent.trim() === "") return true;
  return isbot(userAgent);
}
