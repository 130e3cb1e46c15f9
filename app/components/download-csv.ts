/**
 * Downloads a CSV from one of the app's resource routes. A plain link would load without the session token in
 * an embedded app, so fetch it (App Bridge adds the token) and hand the browser a blob.
 */
export async function downloadCsv(url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error((await response.text()) || `The download failed (${response.status}). Reload the page and try again.`);
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
