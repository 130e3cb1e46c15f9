import { ApiProblem } from "./problem.server";

/** Bodies above this are refused with 413 before anything is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the request body as JSON, never more than MAX_BODY_BYTES: a Content-Length above the limit is refused
 * at once, and a body that streams past it (chunked, or a lying header) is cut off as soon as it does.
 */
export async function readJsonBody(request: Request): Promise<{ json: unknown; text: string }> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const mediaType = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== "application/json" && !mediaType.endsWith("+json")) {
    throw new ApiProblem("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  const text = await readLimitedText(request);
  if (text.trim() === "") throw new ApiProblem("bad_request", "The request has no body. Send a JSON object.");
  try {
    return { json: JSON.parse(text) as unknown, text };
  } catch {
    throw new ApiProblem("bad_request", "The body is not valid JSON. Check quotes and commas, then send it again.");
  }
}

async function readLimitedText(request: Request): Promise<string> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

function tooLarge(): ApiProblem {
  return new ApiProblem("payload_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KB. Send fewer line items per request.`);
}
