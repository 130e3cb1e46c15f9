/** `customerCreate` (`write_customers`): a customer with an email unique in the shop, as Shopify requires. */
import { z } from "zod";
import { allocateId } from "../state/allocate-id.ts";
import type { CustomerRecord } from "../state/state-schema.ts";
import { presentCustomer } from "./present/present-customer.ts";
import type { RootResolver } from "./query-root.ts";
import { requireScope } from "./require-scope.ts";

const createArgs = z.object({
  input: z.object({
    email: z.string().nullish(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    phone: z.string().nullish(),
    note: z.string().nullish(),
    tags: z.array(z.string()).nullish(),
    locale: z.string().nullish(),
  }),
});

const emailSchema = z.email();

export const customerMutationResolvers: Record<string, RootResolver> = {
  customerCreate: (_source, args, context, info) => {
    requireScope(context, "write_customers", info.fieldName);
    const input = createArgs.parse(args).input;
    const email = input.email?.trim() ?? "";
    const fail = (field: string[], message: string) => ({ customer: null, userErrors: [{ field, message }] });
    if (!email && !input.phone && !input.lastName && !input.firstName) return fail(["email"], "A name, phone number, or email address must be present");
    if (email && !emailSchema.safeParse(email).success) return fail(["email"], "Email is invalid");
    if (email && context.state.customers.some((customer) => customer.email.toLowerCase() === email.toLowerCase())) {
      return fail(["email"], "Email has already been taken");
    }
    const created = context.updateState((draft) => {
      const timestamp = context.now.toISOString();
      const customer: CustomerRecord = {
        id: allocateId(draft),
        firstName: input.firstName ?? "",
        lastName: input.lastName ?? "",
        email,
        phone: input.phone ?? null,
        state: "DISABLED",
        verifiedEmail: false,
        tags: input.tags ?? [],
        note: input.note ?? null,
        locale: input.locale ?? "en",
        numberOfOrders: 0,
        amountSpent: "0.00",
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      draft.customers.push(customer);
      return customer;
    });
    return { customer: presentCustomer(created, context), userErrors: [] };
  },
};
