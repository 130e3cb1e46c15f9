import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Affable — creator affiliate programs for Shopify" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Shopify admin opens the app URL with ?shop=…; send it to the embedded app with every parameter intact.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "4rem auto", padding: "0 1rem" }}>
      <h1>Affable</h1>
      <p>
        Creator and influencer affiliate programs for Shopify brands: unique discount codes and referral links for
        every creator, commissions exact to the cent, refunds handled line by line, payouts you can audit.
      </p>
      <p>Affable runs inside your Shopify admin. Open it from Apps › Affable in your store&apos;s admin.</p>
    </main>
  );
}
