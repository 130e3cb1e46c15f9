/**
 * /api/v1/docs: a readable reference generated from the same OpenAPI document, as one self-contained HTML page
 * (no scripts, no CDN): every operation with its parameters, body schema, responses and a curl command to copy.
 */
import { escapeHtml } from "../html/escape-html";
import { API_OPERATIONS, listErrorStatuses, type ApiOperation } from "./api-operations";

type JsonSchema = Record<string, unknown>;


function buildCurl(operation: ApiOperation, baseUrl: string): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => `$${name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`);
  const lines = [`curl -sS -X ${operation.method.toUpperCase()} "${baseUrl}${path}${operation.example?.query ?? ""}"`, `  -H "Authorization: Bearer $AFFABLE_API_KEY"`];
  if (operation.idempotency) lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
  if (operation.body) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d '${JSON.stringify(operation.example?.body ?? {})}'`);
  }
  return lines.join(" \\\n");
}

function renderOperation(operation: ApiOperation, openApiOperation: JsonSchema, baseUrl: string): string {
  const anchor = operation.operationId;
  const parameters = (openApiOperation.parameters as JsonSchema[] | undefined) ?? [];
  const requestSchema = (openApiOperation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.["application/json"]?.schema;
  const responses = openApiOperation.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
  const success = responses[String(operation.success.status)]?.content?.["application/json"]?.schema;
  return `
<section id="${anchor}">
  <h3><span class="method ${operation.method}">${operation.method.toUpperCase()}</span> <code>/api/v1${escapeHtml(operation.path)}</code></h3>
  <p><strong>${escapeHtml(operation.summary)}</strong>${operation.description ? ` ${escapeHtml(operation.description)}` : ""}</p>
  <p>Scope: <code>${operation.scope}</code>${operation.idempotency ? ` · Idempotency-Key ${operation.idempotency}` : ""} · Errors: ${listErrorStatuses(operation).map((status) => `<code>${status}</code>`).join(" ")}</p>
  ${parameters.length > 0 ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th></tr>${parameters
    .map((parameter) => `<tr><td><code>${escapeHtml(String(parameter.name))}</code></td><td>${escapeHtml(String(parameter.in))}</td><td>${parameter.required ? "yes" : "no"}</td><td>${escapeHtml(String(parameter.description ?? ""))}</td></tr>`)
    .join("")}</table>` : ""}
  <h4>Example</h4>
  <pre><code>${escapeHtml(buildCurl(operation, baseUrl))}</code></pre>
  ${requestSchema ? `<details><summary>Request body schema</summary><pre><code>${escapeHtml(JSON.stringify(requestSchema, null, 2))}</code></pre></details>` : ""}
  <details><summary>${operation.success.status} response schema</summary><pre><code>${escapeHtml(JSON.stringify(success, null, 2))}</code></pre></details>
</section>`;
}

export function renderApiReference(document: JsonSchema, baseUrl: string): string {
  const paths = document.paths as Record<string, Record<string, JsonSchema>>;
  const tags = [...new Set(API_OPERATIONS.map((operation) => operation.tag))];
  const info = document.info as { description: string };
  const body = tags
    .map((tag) => {
      const operations = API_OPERATIONS.filter((operation) => operation.tag === tag);
      return `<h2 id="${escapeHtml(tag.toLowerCase())}">${escapeHtml(tag)}</h2>${operations
        .map((operation) => renderOperation(operation, paths[operation.path]?.[operation.method] ?? {}, baseUrl))
        .join("")}`;
    })
    .join("");
  const toc = API_OPERATIONS.map((operation) => `<li><a href="#${operation.operationId}">${operation.method.toUpperCase()} ${escapeHtml(operation.path)}</a></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Affable API v1 reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1a1a1a}
nav{width:280px;padding:16px;border-right:1px solid #ddd;height:100vh;position:sticky;top:0;overflow:auto;font-size:13px}
main{padding:24px 32px;max-width:900px}
pre{background:#f4f4f4;padding:12px;overflow:auto;border-radius:6px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:13px}
.method{font:bold 12px monospace;padding:2px 6px;border-radius:4px;color:#fff}.get{background:#2e7d32}.post{background:#1565c0}.patch{background:#ef6c00}
section{border-top:1px solid #eee;padding-top:8px}
</style></head>
<body><nav><strong>Affable API v1</strong><ul>${toc}</ul><p><a href="/api/v1/openapi.json">openapi.json</a></p></nav>
<main><h1>Affable API v1</h1><p>${escapeHtml(info.description)}</p>
<p>Errors are <code>application/problem+json</code> (RFC 9457): <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, and for 422 an <code>errors</code> array naming each field. Set <code>AFFABLE_API_KEY</code> in your shell to try the examples.</p>
${body}</main></body></html>`;
}
