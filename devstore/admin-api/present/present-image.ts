/** Shopify's `Image`: placeholders served by the devstore itself, so URLs are absolute on the admin origin. */
import { z } from "zod";
import { toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, FieldArgs, ImageView } from "../admin-api-context.ts";

const urlArgsSchema = z.object({
  transform: z
    .object({ maxWidth: z.number().int().nullish(), maxHeight: z.number().int().nullish(), scale: z.number().int().nullish() })
    .nullish(),
});

export function presentImage(image: ImageView, gidType: "ProductImage" | "CollectionImage", context: AdminApiContext) {
  return {
    __typename: "Image" as const,
    id: toGid(gidType, image.id),
    altText: image.altText,
    width: image.width,
    height: image.height,
    url: (args: FieldArgs): string => {
      const url = new URL(image.path, context.adminOrigin);
      // Shopify's CDN resizes through query parameters; the placeholder route reads the same ones.
      const transform = urlArgsSchema.parse(args).transform;
      const scale = transform?.scale ?? 1;
      if (transform?.maxWidth) url.searchParams.set("width", String(transform.maxWidth * scale));
      if (transform?.maxHeight) url.searchParams.set("height", String(transform.maxHeight * scale));
      return url.toString();
    },
  };
}
