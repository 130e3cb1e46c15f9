/**
 * Shopify sessions in our own database. `@shopify/shopify-app-session-storage-prisma` 11 pins Prisma 6 as a peer;
 * this implements the same SessionStorage interface against our Prisma 7 client (see README, architecture).
 */
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Database } from "../db.server";
import type { Session as SessionRow } from "../generated/prisma/client";

type SessionColumns = Omit<SessionRow, "id">;

export function toSessionColumns(session: Session): SessionColumns {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? "",
    userId: user?.id === undefined ? null : BigInt(user.id),
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? false,
    emailVerified: user?.email_verified ?? false,
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
  };
}

export function toSession(row: SessionRow): Session {
  const session = new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope ?? undefined,
    expires: row.expires ?? undefined,
    accessToken: row.accessToken,
    refreshToken: row.refreshToken ?? undefined,
    refreshTokenExpires: row.refreshTokenExpires ?? undefined,
  });
  if (row.userId !== null) {
    session.onlineAccessInfo = {
      associated_user: {
        id: Number(row.userId),
        first_name: row.firstName ?? undefined,
        last_name: row.lastName ?? undefined,
        email: row.email ?? undefined,
        account_owner: row.accountOwner,
        locale: row.locale ?? undefined,
        collaborator: row.collaborator ?? undefined,
        email_verified: row.emailVerified ?? undefined,
      },
    } as Session["onlineAccessInfo"];
  }
  return session;
}

/**
 * Every webhook delivery and admin request loads the shop's session; under a burst of webhooks that one lookup is
 * a large share of the work. Rows are kept for a few seconds in this process, and every write through this storage
 * (token exchange, token refresh) replaces or drops them at once. Changes made elsewhere (another app process, or
 * the uninstall and scope webhooks' own SQL) are seen within SESSION_CACHE_TTL_MS; both only narrow what a stale
 * session could do (after uninstall Shopify refuses its token, and the shop's webhooks are ignored).
 */
const SESSION_CACHE_TTL_MS = 5_000;
const SESSION_CACHE_MAX = 1_000;

export class PrismaSessionStorage implements SessionStorage {
  private readonly cache = new Map<string, { row: SessionRow | null; until: number }>();
  /**
   * One database read per id at a time: when the cached row expires in the middle of a burst, every delivery in
   * flight would otherwise read it at once (dozens of identical queries, a latency spike for all of them).
   */
  private readonly loading = new Map<string, Promise<SessionRow | null>>();
  /** Bumped by every write, so a read that started before a write never caches what the write replaced. */
  private writes = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  async storeSession(session: Session): Promise<boolean> {
    this.forget([session.id]);
    const columns = toSessionColumns(session);
    const row = await this.db.session.upsert({ where: { id: session.id }, create: { id: session.id, ...columns }, update: columns });
    this.forget([session.id]);
    this.remember(session.id, row);
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const cached = this.cache.get(id);
    const row = cached !== undefined && cached.until > this.clock() ? cached.row : await this.readShared(id);
    // A fresh Session every time: callers may change the object they get.
    return row ? toSession(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    this.forget([id]);
    await this.db.session.deleteMany({ where: { id } });
    this.forget([id]);
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    this.forget(ids);
    await this.db.session.deleteMany({ where: { id: { in: ids } } });
    this.forget(ids);
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.db.session.findMany({ where: { shop }, take: 25, orderBy: { expires: "desc" } });
    return rows.map(toSession);
  }

  private readShared(id: string): Promise<SessionRow | null> {
    const inFlight = this.loading.get(id);
    if (inFlight) return inFlight;
    const writesBefore = this.writes;
    const read = this.db.session.findUnique({ where: { id } }).then(
      (row) => {
        if (this.loading.get(id) === read) this.loading.delete(id);
        if (this.writes === writesBefore) this.remember(id, row);
        return row;
      },
      (error: unknown) => {
        if (this.loading.get(id) === read) this.loading.delete(id);
        throw error;
      },
    );
    this.loading.set(id, read);
    return read;
  }

  /** Before and after every write: no cached row, and no read already under way, outlives it. */
  private forget(ids: string[]): void {
    this.writes += 1;
    for (const id of ids) {
      this.cache.delete(id);
      this.loading.delete(id);
    }
  }

  private remember(id: string, row: SessionRow | null): void {
    if (this.cache.size >= SESSION_CACHE_MAX) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(id);
    this.cache.set(id, { row, until: this.clock() + SESSION_CACHE_TTL_MS });
  }
}
