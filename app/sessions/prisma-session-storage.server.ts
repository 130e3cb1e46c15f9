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

export class PrismaSessionStorage implements SessionStorage {
  constructor(private readonly db: Database) {}

  async storeSession(session: Session): Promise<boolean> {
    const columns = toSessionColumns(session);
    await this.db.session.upsert({ where: { id: session.id }, create: { id: session.id, ...columns }, update: columns });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.db.session.findUnique({ where: { id } });
    return row ? toSession(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.db.session.findMany({ where: { shop }, take: 25, orderBy: { expires: "desc" } });
    return rows.map(toSession);
  }
}
