import { useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * A filtered list's state lives in its URL: `update` sets or clears query parameters (back to page 1 unless the
 * change is the page), and the search box updates `q` once the merchant pauses typing.
 */
export function useListSearchParams(debounceMs = 300) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [queryValue, setQueryValue] = useState(searchParams.get("q") ?? "");

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setSearchParams(next, { preventScrollReset: true });
  }

  useEffect(() => {
    if ((searchParams.get("q") ?? "") === queryValue) return;
    const timer = setTimeout(() => update({ q: queryValue.trim() || undefined }), debounceMs);
    return () => clearTimeout(timer);
    // Only the typed text starts the timer; the URL it writes must not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryValue]);

  return { searchParams, update, queryValue, setQueryValue };
}
