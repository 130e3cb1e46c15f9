/**
 * The browser tab's and screen readers' name for an admin page: "<page> · Affable". Every admin route exports
 * `meta` with it, so the page title says where the merchant is (WCAG 2.4.2 "Page Titled").
 */
export function documentTitle(page: string): Array<{ title: string }> {
  return [{ title: `${page} · Affable` }];
}
