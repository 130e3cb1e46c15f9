/**
 * `npm run devstore:reset`: back to the seeded shop. Drops installed apps and their tokens too, so the app's
 * stored sessions stop working and it runs token exchange again (as after a reinstall).
 * If a devstore is running, it is asked to reset itself (so its in-memory state does not overwrite the file);
 * otherwise the state file is deleted and re-seeded here.
 */
import { existsSync, rmSync } from "node:fs";
import { readPorts, SHOP_DOMAIN, stateFile } from "./config.ts";
import { openStateStore } from "./state/state-store.ts";

async function resetRunningDevstore(port: number): Promise<string | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/__devstore/reset`, { method: "POST", signal: AbortSignal.timeout(1500) });
    if (!response.ok) return null;
    return await response.text();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const file = stateFile();
  const port = readPorts().admin;
  const answer = await resetRunningDevstore(port);
  if (answer) {
    console.log(`[devstore] The devstore running on port ${port} reset itself: ${answer.trim()}`);
    return;
  }
  const dropped = describeExistingState(file);
  rmSync(file, { force: true });
  const state = openStateStore({ file, shopDomain: SHOP_DOMAIN }).read();
  console.log(
    [
      `[devstore] Reset ${file}.`,
      `  dropped:  ${dropped}`,
      `  seeded:   ${state.shop.name} (${state.shop.myshopifyDomain}), ${state.products.length} products, ${state.collections.length} collections, ${state.customers.length} customers, ${state.staffMembers.length} staff`,
      "  next:     open the app in the devstore admin; it will run token exchange again.",
    ].join("\n"),
  );
}

/** What the reset throws away, read without failing on a corrupt file (a reset is how one gets rid of it). */
function describeExistingState(file: string): string {
  if (!existsSync(file)) return "nothing (there was no state file)";
  try {
    const state = openStateStore({ file, shopDomain: SHOP_DOMAIN }).read();
    return `${state.installations.length} installed app(s), ${state.accessTokens.length} access token(s), ${state.products.length} products`;
  } catch (error) {
    return `an unreadable state file (${error instanceof Error ? error.message : String(error)})`;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
