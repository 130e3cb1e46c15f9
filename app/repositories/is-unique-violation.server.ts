import { Prisma } from "../generated/prisma/client";

/** True when Prisma refused a write because a unique constraint already holds the value (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
