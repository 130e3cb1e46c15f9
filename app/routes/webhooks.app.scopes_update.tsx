import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { authenticate } from "../shopify.server";

const scopesUpdatePayload = z.object({ current: z.array(z.string()) });

// Handles the app/scopes_update subscription in shopify.app.toml: keeps the stored session's scopes current.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session, shop } = await authenticate.webhook(request);
  const parsed = scopesUpdatePayload.safeParse(payload);
  if (!parsed.success) return new Response("app/scopes_update payload lacks `current` scopes", { status: 400 });
  if (session) {
    await db.session.updateMany({ where: { id: session.id, shop }, data: { scope: parsed.data.current.join(",") } });
  }
  return new Response();
};
