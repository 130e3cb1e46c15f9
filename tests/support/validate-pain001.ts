/**
 * Checks a generated SEPA pain.001.001.09 file in tests: against XML Schema with xmllint (libxml2 in WebAssembly),
 * using Affable's SEPA-rules schema and, when someone has placed it there, the official ISO 20022 schema
 * (tests/fixtures/iso20022/pain.001.001.09.xsd; see the README there); then the rules a schema cannot state:
 * NbOfTxs equals the number of transfers and CtrlSum their sum (group header and payment information), and every
 * EndToEndId is unique. Returns the problems found (empty = valid).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { convert } from "xmlbuilder2";
import { validateXML } from "xmllint-wasm";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/iso20022");
const SCHEMAS = ["pain.001.001.09-affable-sepa-rules.xsd", "pain.001.001.09.xsd"]
  .map((name) => path.join(FIXTURES, name))
  .filter((file) => existsSync(file));

type Node = Record<string, unknown>;

function list(value: unknown): Node[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Node[];
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "#" in value) return String((value as Node)["#"]);
  return "";
}

/** "12.34" → 1234n: decimal text to cents without floats. */
function cents(value: string): bigint {
  const match = /^(\d+)\.(\d{2})$/.exec(value);
  if (!match) throw new Error(`"${value}" is not an amount with two decimals`);
  return BigInt(match[1] ?? "0") * 100n + BigInt(match[2] ?? "0");
}

export async function validatePain001(xml: string): Promise<string[]> {
  const problems: string[] = [];
  for (const schemaFile of SCHEMAS) {
    const result = await validateXML({
      xml: [{ fileName: "file.xml", contents: xml }],
      schema: [{ fileName: path.basename(schemaFile), contents: readFileSync(schemaFile, "utf8") }],
    });
    if (!result.valid) problems.push(...result.errors.map((error) => `${path.basename(schemaFile)}: ${error.rawMessage}`));
  }
  if (problems.length > 0) return problems;

  const document = (convert(xml, { format: "object" }) as Node).Document as Node;
  const initiation = document.CstmrCdtTrfInitn as Node;
  const header = initiation.GrpHdr as Node;
  let allTransactions = 0;
  let allSum = 0n;
  const endToEndIds = new Set<string>();
  for (const payment of list(initiation.PmtInf)) {
    const transactions = list(payment.CdtTrfTxInf);
    const sum = transactions.reduce((total, transaction) => total + cents(text(((transaction.Amt as Node).InstdAmt))), 0n);
    if (text(payment.NbOfTxs) !== String(transactions.length)) problems.push(`PmtInf NbOfTxs ${text(payment.NbOfTxs)} ≠ ${transactions.length} transfers`);
    if (cents(text(payment.CtrlSum)) !== sum) problems.push(`PmtInf CtrlSum ${text(payment.CtrlSum)} ≠ sum of transfers ${sum} cents`);
    for (const transaction of transactions) {
      const id = text((transaction.PmtId as Node).EndToEndId);
      if (endToEndIds.has(id)) problems.push(`EndToEndId ${id} appears twice`);
      endToEndIds.add(id);
    }
    allTransactions += transactions.length;
    allSum += sum;
  }
  if (text(header.NbOfTxs) !== String(allTransactions)) problems.push(`GrpHdr NbOfTxs ${text(header.NbOfTxs)} ≠ ${allTransactions} transfers`);
  if (cents(text(header.CtrlSum)) !== allSum) problems.push(`GrpHdr CtrlSum ${text(header.CtrlSum)} ≠ sum of transfers ${allSum} cents`);
  return problems;
}
