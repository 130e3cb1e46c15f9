/**
 * A creator's referral links: each URL with a copy button, the shareable discount link when the creator has an
 * active code, a QR code preview and PNG/SVG download, and a form to add a link to any storefront path with UTM
 * parameters. Actions post to /app/creators/:creatorId/links; QR codes come from /app/qr (session-token
 * authenticated, so they are fetched and shown as data, not linked from an <img src>).
 */
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, ButtonGroup, Card, FormLayout, InlineStack, Modal, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { LinkActionData } from "../routes/app.creators.$creatorId.links";
import type { CreatorLinkView } from "../services/codes-links/load-creator-codes-and-links.server";

export interface CreatorLinksCardProps {
  creatorId: string;
  creatorName: string;
  /** The home page with the creator's ref, always available even before any link is added. */
  homeUrl: string;
  links: CreatorLinkView[];
}

const EMPTY_FORM = { path: "", label: "", utmSource: "", utmMedium: "", utmCampaign: "" };

function qrUrl(url: string, format: "svg" | "png", download = false): string {
  const params = new URLSearchParams({ url, format, ...(download ? { download: "1" } : {}) });
  return `/app/qr?${params.toString()}`;
}

export function CreatorLinksCard({ creatorId, creatorName, homeUrl, links }: CreatorLinksCardProps) {
  const fetcher = useFetcher<LinkActionData>();
  const shopify = useAppBridge();
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState(EMPTY_FORM);
  const [qrFor, setQrFor] = useState<string | null>(null);
  const [qrSvg, setQrSvg] = useState<string | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);
  const busy = fetcher.state !== "idle";
  // Errors stay until the merchant dismisses them, cancels, or tries something else.
  const [dismissed, setDismissed] = useState<LinkActionData | undefined>(undefined);
  const errors = fetcher.data && !fetcher.data.ok && fetcher.data !== dismissed ? fetcher.data.errors : [];
  const fieldError = (field: string) => errors.find((error) => error.field === field)?.message;

  // A finished, successful action closes the form once (React's "adjust state while rendering"), and says so.
  const [handled, setHandled] = useState<LinkActionData | undefined>(undefined);
  if (fetcher.state === "idle" && fetcher.data?.ok && handled !== fetcher.data) {
    setHandled(fetcher.data);
    setAdding(false);
    setForm(EMPTY_FORM);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(fetcher.data.message);
  }, [fetcher.state, fetcher.data, shopify]);

  const openQr = (url: string) => {
    setQrSvg(null);
    setQrError(null);
    setQrFor(url);
  };

  useEffect(() => {
    if (qrFor === null) return;
    let cancelled = false;
    fetch(qrUrl(qrFor, "svg"))
      .then(async (response) => {
        if (!response.ok) throw new Error(await response.text());
        return response.text();
      })
      .then((svg) => !cancelled && setQrSvg(svg))
      .catch((error: unknown) => !cancelled && setQrError(error instanceof Error ? error.message : String(error)));
    return () => {
      cancelled = true;
    };
  }, [qrFor]);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      shopify.toast.show("Link copied");
    } catch {
      shopify.toast.show("Could not copy: select the link and copy it by hand", { isError: true });
    }
  };

  const download = async (url: string, format: "svg" | "png") => {
    const response = await fetch(qrUrl(url, format, true));
    if (!response.ok) {
      shopify.toast.show("Could not make the QR code", { isError: true });
      return;
    }
    const objectUrl = URL.createObjectURL(await response.blob());
    const anchor = document.createElement("a");
    anchor.href = objectUrl;
    anchor.download = `${creatorName.replace(/[^A-Za-z0-9_-]+/g, "-")}-qr.${format}`;
    anchor.click();
    URL.revokeObjectURL(objectUrl);
  };

  const set = (key: keyof typeof EMPTY_FORM) => (value: string) => setForm((previous) => ({ ...previous, [key]: value }));

  const row = (key: string, title: string, url: string, extra?: React.ReactNode) => (
    <Box key={key} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="span" variant="headingSm">
            {title}
          </Text>
          <ButtonGroup>
            <Button onClick={() => void copy(url)}>Copy</Button>
            <Button onClick={() => openQr(url)}>QR code</Button>
            {extra}
          </ButtonGroup>
        </InlineStack>
        <Text as="p" breakWord>
          {url}
        </Text>
      </BlockStack>
    </Box>
  );

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Referral links
          </Text>
          <Button variant="primary" onClick={() => setAdding(true)} disabled={busy}>
            Add link
          </Button>
        </InlineStack>

        {errors.length > 0 && !adding ? (
          <Banner tone="critical" title="The link was not changed" onDismiss={() => setDismissed(fetcher.data)}>
            {errors.map((error, index) => (
              <Text as="p" key={index}>
                {error.message}
              </Text>
            ))}
          </Banner>
        ) : null}

        <BlockStack gap="300">
          {row("home", "Home page", homeUrl)}
          {links.map((link) => (
            <BlockStack gap="100" key={link.id}>
              {row(
                link.id,
                link.label || link.path,
                link.url,
                <Button tone="critical" disabled={busy} onClick={() => fetcher.submit({ intent: "delete", linkId: link.id }, { method: "post", action: `/app/creators/${creatorId}/links` })}>
                  Delete
                </Button>,
              )}
              {link.discountUrl ? row(`${link.id}-discount`, `${link.label || link.path} with the discount applied`, link.discountUrl) : null}
            </BlockStack>
          ))}
        </BlockStack>

        {adding ? (
          <BlockStack gap="300">
            {errors.length > 0 && !fieldError("path") ? (
              <Banner tone="critical">
                {errors.map((error, index) => (
                  <Text as="p" key={index}>
                    {error.message}
                  </Text>
                ))}
              </Banner>
            ) : null}
            <FormLayout>
              <TextField label="Page" autoComplete="off" placeholder="/products/linen-shirt" value={form.path} onChange={set("path")} error={fieldError("path")} helpText="/ for the home page, or a path starting with /products/, /collections/, /pages/ or /blogs/." />
              <TextField label="Label" autoComplete="off" value={form.label} onChange={set("label")} helpText="Optional, for you: e.g. Instagram bio." />
              <FormLayout.Group>
                <TextField label="UTM source" autoComplete="off" placeholder="instagram" value={form.utmSource} onChange={set("utmSource")} error={fieldError("utmSource")} />
                <TextField label="UTM medium" autoComplete="off" placeholder="social" value={form.utmMedium} onChange={set("utmMedium")} error={fieldError("utmMedium")} />
                <TextField label="UTM campaign" autoComplete="off" placeholder="summer" value={form.utmCampaign} onChange={set("utmCampaign")} error={fieldError("utmCampaign")} />
              </FormLayout.Group>
            </FormLayout>
            <InlineStack gap="200" align="end">
              <Button onClick={() => (setAdding(false), setDismissed(fetcher.data))}>Cancel</Button>
              <Button variant="primary" loading={busy} onClick={() => fetcher.submit({ intent: "create", ...form }, { method: "post", action: `/app/creators/${creatorId}/links` })}>
                Add link
              </Button>
            </InlineStack>
          </BlockStack>
        ) : null}
      </BlockStack>

      <Modal
        open={qrFor !== null}
        onClose={() => setQrFor(null)}
        title="QR code"
        primaryAction={{ content: "Download PNG", onAction: () => qrFor && void download(qrFor, "png") }}
        secondaryActions={[{ content: "Download SVG", onAction: () => qrFor && void download(qrFor, "svg") }]}
      >
        <Modal.Section>
          <BlockStack gap="200" inlineAlign="center">
            {qrError ? <Banner tone="critical">{qrError}</Banner> : null}
            {qrSvg ? <img alt={`QR code for ${qrFor ?? ""}`} width={240} height={240} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`} /> : null}
            <Text as="p" tone="subdued" breakWord>
              {qrFor}
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
