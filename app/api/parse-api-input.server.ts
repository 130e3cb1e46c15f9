import type { z } from "zod";
import { validationProblem } from "./problem.server";

/** Validates a body or query against its schema; a refusal is a 422 naming every field and what is wrong. */
export function parseApiInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
    message: issue.message,
  }));
  throw validationProblem(errors);
}

/** The URL's query string as a plain object (the last value wins for repeated names). */
export function readQuery(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
