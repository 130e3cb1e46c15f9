import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { documentTitle } from "../components/document-title";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { recordStaffFromRequest } from "../services/staff/record-staff-from-request.server";
import { listStaffMembers, renameStaffMember, setCanApprovePayouts, transferOwnership, type StaffChangeResult } from "../services/staff/manage-staff-members.server";
import { readStaffUserId } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Staff");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const viewer = readStaffUserId(context);
  // Runs alongside the layout's loader: record a first-time visitor here too, so they see themselves (and own it).
  await recordStaffFromRequest(db, request, context);
  const [members, timeZone] = await Promise.all([listStaffMembers(db, shop), readShopTimeZone(db, shop)]);
  const viewerIsOwner = members.some((member) => member.isOwner && member.userId === viewer);
  return {
    viewerIsOwner,
    timeZone,
    members: members.map((member) => ({
      id: member.id,
      userId: member.userId,
      displayName: member.displayName ?? "",
      isOwner: member.isOwner,
      canApprovePayouts: member.isOwner || member.canApprovePayouts,
      isViewer: member.userId === viewer,
      lastSeen: formatShopDateTime(member.lastSeenAt, timeZone),
    })),
  };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approval"), memberId: z.string().min(1), allowed: z.enum(["true", "false"]), reason: z.string().default("") }),
  z.object({ intent: z.literal("rename"), memberId: z.string().min(1), displayName: z.string().default("") }),
  z.object({ intent: z.literal("transfer"), memberId: z.string().min(1), reason: z.string().default("") }),
]);

type ActionData = { ok: true; intent: string } | { ok: false; memberId: string | null; field: string; message: string };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData | ReturnType<typeof data<ActionData>>> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const actorUserId = readStaffUserId(context);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionData>({ ok: false, memberId: null, field: "form", message: "The form was incomplete. Reload the page and try again." }, { status: 400 });
  if (actorUserId === null) {
    return data<ActionData>({ ok: false, memberId: parsed.data.memberId, field: "form", message: "Affable could not tell which staff member you are. Open the app from the Shopify admin and try again." }, { status: 403 });
  }
  const base = { shop, actorUserId, memberId: parsed.data.memberId, now: new Date() };
  let result: StaffChangeResult;
  if (parsed.data.intent === "approval") result = await setCanApprovePayouts(db, { ...base, allowed: parsed.data.allowed === "true", reason: parsed.data.reason });
  else if (parsed.data.intent === "rename") result = await renameStaffMember(db, { ...base, displayName: parsed.data.displayName, reason: "" });
  else result = await transferOwnership(db, { ...base, reason: parsed.data.reason });
  if (result.ok) return { ok: true, intent: parsed.data.intent };
  return data<ActionData>({ ok: false, memberId: parsed.data.memberId, field: result.field ?? "form", message: result.message }, { status: result.status });
};

type Member = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];

function MemberCard({ member, viewerIsOwner }: { member: Member; viewerIsOwner: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [name, setName] = useState(member.displayName);
  const [reason, setReason] = useState("");
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const busy = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      shopify.toast.show(fetcher.data.intent === "transfer" ? "Ownership transferred" : fetcher.data.intent === "rename" ? "Name saved" : "Permission saved");
    }
  }, [fetcher.state, fetcher.data, shopify]);
  const title = member.displayName || `Staff member ${member.userId}`;
  const submit = (fields: Record<string, string>) => fetcher.submit({ memberId: member.id, ...fields }, { method: "post" });

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {member.isOwner ? <Badge tone="info">Owner</Badge> : null}
          {member.isViewer ? <Badge>You</Badge> : null}
          {member.canApprovePayouts ? <Badge tone="success">Can approve payouts</Badge> : null}
        </InlineStack>
        <Text as="p" tone="subdued">
          Shopify user ID {member.userId} · last seen {member.lastSeen}
        </Text>
        {error ? (
          <Banner tone="critical" title="Not saved">
            <p>{error.message}</p>
          </Banner>
        ) : null}
        {viewerIsOwner ? (
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="end">
              <div style={{ minWidth: "16rem" }}>
                <TextField label="Display name" autoComplete="off" value={name} onChange={setName} error={error?.field === "displayName" ? error.message : undefined} helpText="Filled in from Shopify the first time they open Affable; change it to what your team calls them." />
              </div>
              <Button onClick={() => submit({ intent: "rename", displayName: name })} disabled={busy || name === member.displayName}>
                Save name
              </Button>
            </InlineStack>
            {member.isOwner ? null : (
              <BlockStack gap="200">
                <TextField
                  label="Reason (for the audit log)"
                  autoComplete="off"
                  value={reason}
                  onChange={setReason}
                  error={error?.field === "reason" ? error.message : undefined}
                  helpText="Needed to change this member's payout permission or to make them the owner."
                />
                <InlineStack gap="300" blockAlign="center">
                  <Checkbox
                    label="Can approve payouts"
                    helpText="May approve and void payout runs and change auto-approval."
                    checked={member.canApprovePayouts}
                    disabled={busy}
                    onChange={(checked) => submit({ intent: "approval", allowed: String(checked), reason })}
                  />
                  <Button tone="critical" variant="plain" disabled={busy} onClick={() => submit({ intent: "transfer", reason })}>
                    Make owner
                  </Button>
                </InlineStack>
              </BlockStack>
            )}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function StaffSettingsPage() {
  const { members, viewerIsOwner, timeZone } = useLoaderData<typeof loader>();
  return (
    <Page title="Staff" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Banner tone="info" title="Who may approve payouts">
              <p>
                Staff appear here once they open Affable. The owner here is your store&apos;s Shopify account owner, as Shopify tells Affable the first
                time they open it; until then (or if Shopify could not be asked), the first staff member to open Affable after install is the owner.
                Once the owner has handed ownership to someone, that choice stands. Only the owner and the staff the owner marks &quot;Can approve
                payouts&quot; may approve or void payout runs and change auto-approval. Every change is recorded with who made it and why. Times are in{" "}
                {timeZone}.
              </p>
            </Banner>
            {viewerIsOwner ? null : (
              <Banner tone="warning" title="You can view this list but not change it">
                <p>Only the owner can change staff permissions. Ask them to grant you &quot;Can approve payouts&quot; or to transfer ownership to you.</p>
              </Banner>
            )}
            {members.length === 0 ? (
              <Card>
                <Text as="p">No staff members recorded yet. Reload the page after opening Affable from the Shopify admin.</Text>
              </Card>
            ) : (
              members.map((member) => <MemberCard key={member.id} member={member} viewerIsOwner={viewerIsOwner} />)
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Staff" />;
}
