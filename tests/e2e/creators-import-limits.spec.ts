import { expect, test, type APIRequestContext } from "@playwright/test";
import { mintSessionToken } from "../../devstore/session-token";
import { SHOP, stackValue } from "./support";

const HOST_PARAM = Buffer.from("admin.shopify.com/store/affable-demo").toString("base64url");

/** Posts a file to the import action as App Bridge would: a fresh session token, single-fetch data URL. */
async function postImport(request: APIRequestContext, file: { name: string; mimeType: string; buffer: Buffer }) {
  const token = await mintSessionToken({
    apiKey: stackValue("E2E_API_KEY"),
    apiSecret: stackValue("E2E_API_SECRET"),
    shop: SHOP,
    userId: "1",
    sessionId: "import-limits",
  });
  const url = `${stackValue("E2E_TUNNEL_ORIGIN")}/app/creators/import.data?shop=${SHOP}&host=${HOST_PARAM}&embedded=1`;
  return request.post(url, { headers: { Authorization: `Bearer ${token}` }, multipart: { file } });
}

test("a 50 MB file is refused with 413 and what to do", async ({ request }) => {
  const big = Buffer.alloc(50 * 1024 * 1024, "a,b@example.com\n");
  const response = await postImport(request, { name: "creators.csv", mimeType: "text/csv", buffer: big });
  expect(response.status()).toBe(413);
  expect(await response.text()).toContain("Split it into smaller files of up to 10 MB");
});

test("a file with the wrong headers is refused with 422 naming the columns", async ({ request }) => {
  const csv = Buffer.from("full_name,mail\nAda,ada@example.com\n");
  const response = await postImport(request, { name: "creators.csv", mimeType: "text/csv", buffer: csv });
  expect(response.status()).toBe(422);
  const body = await response.text();
  expect(body).toContain("missing required columns name, email");
});

test("a file that is not CSV is refused with 415", async ({ request }) => {
  const response = await postImport(request, { name: "creators.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from("PK\u0003\u0004") });
  expect(response.status()).toBe(415);
  expect(await response.text()).toContain("is not a CSV file");
});
