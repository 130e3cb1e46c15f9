/**
 * `GET /assets/placeholders/{group}/{handle}.svg`: the seeded products' and collections' images, drawn on the fly
 * (a coloured card with the name), so the devstore ships no binary assets and every image URL resolves.
 * Honours Shopify CDN-style `width`/`height` query parameters.
 */
import { createHash } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";

const querySchema = z.object({
  width: z.coerce.number().int().min(16).max(4096).optional(),
  height: z.coerce.number().int().min(16).max(4096).optional(),
});

export function placeholderImageRoute(): Hono {
  const route = new Hono();
  route.get("/assets/placeholders/:group/:file", (c) => {
    const match = /^([a-z0-9-]+)\.svg$/.exec(c.req.param("file"));
    const group = c.req.param("group");
    if (!match?.[1] || (group !== "products" && group !== "collections")) return c.text("Not Found", 404);
    const query = querySchema.safeParse(c.req.query());
    const size = query.success ? query.data : {};
    const width = size.width ?? (group === "products" ? 800 : 1200);
    const height = size.height ?? (group === "products" ? 800 : 600);
    c.header("Cache-Control", "public, max-age=86400");
    c.header("Content-Type", "image/svg+xml");
    return c.body(drawPlaceholder(match[1], width, height));
  });
  return route;
}

function drawPlaceholder(handle: string, width: number, height: number): string {
  const label = handle
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
  const hue = createHash("sha256").update(handle).digest()[0] ?? 0;
  const fontSize = Math.max(12, Math.round(Math.min(width, height) / 14));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">
<rect width="100%" height="100%" fill="hsl(${hue} 45% 88%)"/>
<rect x="6%" y="6%" width="88%" height="88%" rx="24" fill="hsl(${hue} 40% 76%)"/>
<text x="50%" y="50%" dominant-baseline="middle" text-anchor="middle" font-family="system-ui, sans-serif" font-size="${fontSize}" fill="hsl(${hue} 45% 22%)">${label}</text>
</svg>
`;
}
