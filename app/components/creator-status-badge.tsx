import { Badge } from "@shopify/polaris";
import type { CreatorStatus } from "../domain/creators";

const TONES = {
  invited: "info",
  applied: "attention",
  approved: "success",
  paused: "warning",
  rejected: "critical",
} as const satisfies Record<CreatorStatus, string>;

export const STATUS_LABELS: Record<CreatorStatus, string> = {
  invited: "Invited",
  applied: "Applied",
  approved: "Approved",
  paused: "Paused",
  rejected: "Rejected",
};

export function CreatorStatusBadge({ status }: { status: CreatorStatus }) {
  return <Badge tone={TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
