/**
 * metafieldsSet for app-data metafields (the owner is the calling app's installation), which is what theme app
 * extensions read as app.metafields. Other owners answer a userError: the devstore does not keep them.
 */
import { z } from "zod";
import type { AdminApiContext, FieldArgs } from "./admin-api-context.ts";

const argsSchema = z.object({
  metafields: z.array(z.object({ ownerId: z.string(), namespace: z.string().nullish(), key: z.string(), type: z.string().nullish(), value: z.string() })).max(25),
});

export const metafieldMutationResolvers = {
  metafieldsSet: (_source: unknown, args: FieldArgs, context: AdminApiContext) => {
    const { metafields } = argsSchema.parse(args);
    const installationId = `gid://shopify/AppInstallation/${context.installation.id}`;
    const userErrors = metafields.flatMap((field, index) =>
      field.ownerId === installationId ? [] : [{ field: ["metafields", String(index), "ownerId"], message: "The devstore keeps app-data metafields only: use currentAppInstallation.id.", code: "INVALID" }],
    );
    if (userErrors.length > 0) return { metafields: null, userErrors };
    const saved = context.updateState((draft) =>
      metafields.map((field) => {
        const record = { namespace: field.namespace ?? "$app", key: field.key, type: field.type ?? "single_line_text_field", value: field.value };
        draft.appMetafields = [...draft.appMetafields.filter((kept) => kept.namespace !== record.namespace || kept.key !== record.key), record];
        return record;
      }),
    );
    return { metafields: saved.map((field) => ({ id: `gid://shopify/Metafield/${field.namespace}.${field.key}`, ...field })), userErrors: [] };
  },
};
