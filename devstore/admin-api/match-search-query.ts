/**
 * A small part of Shopify's search syntax for the `query` argument: space-separated terms that must all match;
 * `field:value` filters, free text, `-` to negate, `value*` for a prefix, quotes for spaces, and `>`, `>=`, `<`, `<=`
 * for numbers and dates (`inventory_total:>5`, `created_at:>=2026-01-01`). `AND` is accepted; `OR` and parentheses
 * are not supported yet. Shopify ignores filters it does not know on a resource; so do we.
 */

/** How to read one filterable field from an item: text values, a number, or an ISO date. */
export type SearchField<Item> =
  | { kind: "text"; read: (item: Item) => readonly string[] | string | null }
  | { kind: "number"; read: (item: Item) => number }
  | { kind: "date"; read: (item: Item) => string | null };

export interface SearchDefinition<Item> {
  fields: Record<string, SearchField<Item>>;
  /** Fields free text (a term without `field:`) is looked for in. */
  freeText: (item: Item) => readonly string[];
}

interface Term {
  negated: boolean;
  field: string | null;
  value: string;
}

export function matchesSearchQuery<Item>(query: string | null | undefined, item: Item, definition: SearchDefinition<Item>): boolean {
  if (!query?.trim()) return true;
  return parseTerms(query).every((term) => matchesTerm(term, item, definition) !== term.negated);
}

function parseTerms(query: string): Term[] {
  const terms: Term[] = [];
  const pattern = /(-)?(?:([A-Za-z_]+):)?("([^"]*)"|'([^']*)'|\S+)/g;
  for (const match of query.matchAll(pattern)) {
    const raw = match[4] ?? match[5] ?? match[3] ?? "";
    if (!match[2] && (raw === "AND" || raw.length === 0)) continue;
    terms.push({ negated: match[1] === "-", field: match[2]?.toLowerCase() ?? null, value: raw });
  }
  return terms;
}

function matchesTerm<Item>(term: Term, item: Item, definition: SearchDefinition<Item>): boolean {
  if (term.field === null) {
    const needle = term.value.replace(/\*$/, "").toLowerCase();
    return definition.freeText(item).some((text) => text.toLowerCase().includes(needle));
  }
  const field = definition.fields[term.field];
  if (!field) return true;
  switch (field.kind) {
    case "text": {
      const read = field.read(item);
      const values = read === null ? [] : typeof read === "string" ? [read] : read;
      return values.some((value) => matchesText(value, term.value));
    }
    case "number":
      return compare(field.read(item), term.value, Number);
    case "date": {
      const value = field.read(item);
      return value !== null && compare(Date.parse(value), term.value, Date.parse);
    }
  }
}

function matchesText(value: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  const actual = value.toLowerCase();
  return wanted.endsWith("*") ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
}

function compare(actual: number, expression: string, parse: (text: string) => number): boolean {
  const match = /^(>=|<=|>|<)?(.*)$/.exec(expression);
  const operator = match?.[1] ?? "";
  const expected = parse(match?.[2] ?? "");
  if (Number.isNaN(expected)) return false;
  switch (operator) {
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    default:
      return actual === expected;
  }
}
