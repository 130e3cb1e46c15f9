import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { markShopUninstalled } from "../repositories/shop-repository.server";
import { authenticate } from "../shopify.server";

// Handles the app/uninstalled subscription in shopify.app.toml. Sessions go (their tokens are dead);
// the shop's data stays until shop/redact, so a reinstall within 48 hours finds everything as it was.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticate.webhook(request);
  if (session) await db.session.deleteMany({ where: { shop } });
  await markShopUninstalled(db, shop, new Date());
  return new Response();
};
