import { Banner, BlockStack, Button, InlineStack, Spinner, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { CatalogSearchResult } from "../routes/app.settings.catalog";

export interface CatalogRateRow {
  id: string;
  title: string;
  percent: string;
}

const SEARCH_DELAY_MS = 300;

/**
 * Commission rates for chosen products or collections: search the shop's catalog (Admin GraphQL, through
 * app.settings.catalog), add a match, type its rate. Errors are keyed "<list>.<row>.percent" by the form parser.
 */
export function CatalogRatePicker({
  kind,
  rows,
  onChange,
  errors,
  errorPrefix,
}: {
  kind: "products" | "collections";
  rows: CatalogRateRow[];
  onChange: (rows: CatalogRateRow[]) => void;
  errors: Record<string, string>;
  errorPrefix: string;
}) {
  const fetcher = useFetcher<CatalogSearchResult>();
  const [search, setSearch] = useState("");
  const [searched, setSearched] = useState<string | null>(null);
  const noun = kind === "products" ? "product" : "collection";

  useEffect(() => {
    if (searched === null) return;
    const timer = setTimeout(() => fetcher.load(`/app/settings/catalog?kind=${kind}&q=${encodeURIComponent(searched)}`), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // fetcher.load is stable in practice but not referentially; the search text is what should trigger a load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searched, kind]);

  const chosen = new Set(rows.map((row) => row.id));
  const results = fetcher.data?.ok ? fetcher.data.items : [];
  const update = (index: number, percent: string) => onChange(rows.map((row, at) => (at === index ? { ...row, percent } : row)));

  return (
    <BlockStack gap="300">
      {rows.length === 0 ? (
        <Text as="p" tone="subdued">
          No {noun} rates yet: every {noun} earns the default commission.
        </Text>
      ) : (
        rows.map((row, index) => (
          <InlineStack key={row.id} gap="300" blockAlign="end" wrap={false}>
            <div style={{ flex: 1 }}>
              <TextField
                label={`Commission rate for ${row.title}`}
                suffix="%"
                autoComplete="off"
                value={row.percent}
                onChange={(value) => update(index, value)}
                error={errors[`${errorPrefix}.${index}.percent`]}
              />
            </div>
            <Button accessibilityLabel={`Remove ${row.title}`} onClick={() => onChange(rows.filter((_, at) => at !== index))}>
              Remove
            </Button>
          </InlineStack>
        ))
      )}
      <TextField
        label={`Find a ${noun}`}
        autoComplete="off"
        value={search}
        placeholder={`Search ${kind} by title`}
        onChange={(value) => {
          setSearch(value);
          setSearched(value);
        }}
        onFocus={() => setSearched((previous) => previous ?? search)}
        suffix={fetcher.state === "loading" ? <Spinner size="small" accessibilityLabel={`Searching ${kind}`} /> : undefined}
      />
      {fetcher.data && !fetcher.data.ok ? (
        <Banner tone="warning" title={`Could not search ${kind}`}>
          <p>{fetcher.data.message}</p>
        </Banner>
      ) : null}
      {searched !== null && fetcher.data?.ok && results.length === 0 ? (
        <Text as="p" tone="subdued">
          No {kind} match “{searched}”.
        </Text>
      ) : null}
      {results.length > 0 ? (
        <BlockStack gap="100">
          {results.map((item) => (
            <InlineStack key={item.id} align="space-between" blockAlign="center">
              <Text as="span">{item.title}</Text>
              <Button
                size="slim"
                accessibilityLabel={`Add ${item.title}`}
                disabled={chosen.has(item.id)}
                onClick={() => onChange([...rows, { id: item.id, title: item.title, percent: "" }])}
              >
                {chosen.has(item.id) ? "Added" : "Add"}
              </Button>
            </InlineStack>
          ))}
        </BlockStack>
      ) : null}
    </BlockStack>
  );
}
