import { describe, expect, it } from "vitest";
import { validatePain001 } from "../../../../tests/support/validate-pain001";
import { BankFileError } from "./bank-file-error";
import { buildSepaCreditTransfer, type SepaCreditTransferInput, type SepaCreditTransferTransaction } from "./build-sepa-credit-transfer";

const transfer = (overrides: Partial<SepaCreditTransferTransaction> = {}): SepaCreditTransferTransaction => ({
  endToEndId: "AFF-item1",
  amountMinor: 12345n,
  currency: "EUR",
  creditorName: "Zoë Müller & Co",
  creditorIban: "DE89 3704 0044 0532 0130 00",
  creditorBic: null,
  remittanceInformation: "Affable payout: commissions to 2026-12-07",
  ...overrides,
});

const input = (overrides: Partial<SepaCreditTransferInput> = {}): SepaCreditTransferInput => ({
  messageId: "AFF-run1-S1",
  paymentInformationId: "AFF-run1-S1",
  createdAt: new Date("2026-12-07T19:30:12.345Z"),
  requestedExecutionDate: "2026-12-08",
  initiatingPartyName: "Amelia's Shop",
  debtor: { name: "Amelia Shop GmbH", iban: "NL91ABNA0417164300", bic: null },
  transactions: [transfer()],
  ...overrides,
});

describe("buildSepaCreditTransfer (pain.001.001.09)", () => {
  it("writes the group header, one payment information block and the transfer, in the scheme's order", () => {
    expect(buildSepaCreditTransfer(input())).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
  <CstmrCdtTrfInitn>
    <GrpHdr>
      <MsgId>AFF-run1-S1</MsgId>
      <CreDtTm>2026-12-07T19:30:12Z</CreDtTm>
      <NbOfTxs>1</NbOfTxs>
      <CtrlSum>123.45</CtrlSum>
      <InitgPty>
        <Nm>Amelia's Shop</Nm>
      </InitgPty>
    </GrpHdr>
    <PmtInf>
      <PmtInfId>AFF-run1-S1</PmtInfId>
      <PmtMtd>TRF</PmtMtd>
      <NbOfTxs>1</NbOfTxs>
      <CtrlSum>123.45</CtrlSum>
      <PmtTpInf>
        <SvcLvl>
          <Cd>SEPA</Cd>
        </SvcLvl>
      </PmtTpInf>
      <ReqdExctnDt>
        <Dt>2026-12-08</Dt>
      </ReqdExctnDt>
      <Dbtr>
        <Nm>Amelia Shop GmbH</Nm>
      </Dbtr>
      <DbtrAcct>
        <Id>
          <IBAN>NL91ABNA0417164300</IBAN>
        </Id>
      </DbtrAcct>
      <DbtrAgt>
        <FinInstnId>
          <Othr>
            <Id>NOTPROVIDED</Id>
          </Othr>
        </FinInstnId>
      </DbtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      <CdtTrfTxInf>
        <PmtId>
          <EndToEndId>AFF-item1</EndToEndId>
        </PmtId>
        <Amt>
          <InstdAmt Ccy="EUR">123.45</InstdAmt>
        </Amt>
        <Cdtr>
          <Nm>Zoe Muller + Co</Nm>
        </Cdtr>
        <CdtrAcct>
          <Id>
            <IBAN>DE89370400440532013000</IBAN>
          </Id>
        </CdtrAcct>
        <RmtInf>
          <Ustrd>Affable payout: commissions to 2026-12-07</Ustrd>
        </RmtInf>
      </CdtTrfTxInf>
    </PmtInf>
  </CstmrCdtTrfInitn>
</Document>`);
  });

  it.each([
    ["one transfer, no BICs", input()],
    ["BICs on both sides", input({ debtor: { name: "Shop", iban: "NL91ABNA0417164300", bic: "abnanl2a" }, transactions: [transfer({ creditorBic: "COBADEFFXXX" })] })],
    [
      "many transfers with sums that floats would get wrong",
      input({ transactions: Array.from({ length: 30 }, (_, index) => transfer({ endToEndId: `AFF-item${index}`, amountMinor: 10n + BigInt(index) * 1_000_000_01n })) }),
    ],
    ["the largest SEPA amount", input({ transactions: [transfer({ amountMinor: 99_999_999_999n })] })],
    ["names and remittance outside the SEPA set, too long", input({ transactions: [transfer({ creditorName: "Ł".repeat(90), remittanceInformation: "Ünïcødé €".repeat(40) })] })],
    ["no remittance text", input({ transactions: [transfer({ remittanceInformation: "  " })] })],
  ])("%s: valid against the schema and the count/sum rules", async (_label, fileInput) => {
    expect(await validatePain001(buildSepaCreditTransfer(fileInput))).toEqual([]);
  });

  it.each([
    ["a charge bearer other than SLEV", (xml: string) => xml.replace("<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>SHAR</ChrgBr>"), /ChrgBr/],
    ["a currency other than EUR", (xml: string) => xml.replace('Ccy="EUR"', 'Ccy="USD"'), /Ccy/],
    ["elements out of order", (xml: string) => xml.replace(/(<Dbtr>[\s\S]*?<\/Dbtr>)(\s*)(<DbtrAcct>[\s\S]*?<\/DbtrAcct>)/, "$3$2$1"), /DbtrAcct|Dbtr/],
    ["a missing EndToEndId", (xml: string) => xml.replace(/<EndToEndId>.*<\/EndToEndId>/, ""), /PmtId|EndToEndId/],
    ["three decimals", (xml: string) => xml.replace(">123.45</InstdAmt>", ">123.456</InstdAmt>"), /InstdAmt/],
    ["a remittance over 140 characters", (xml: string) => xml.replace(/<Ustrd>.*<\/Ustrd>/, `<Ustrd>${"x".repeat(141)}</Ustrd>`), /Ustrd/],
    ["a wrong NbOfTxs", (xml: string) => xml.replace("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>"), /GrpHdr NbOfTxs 2/],
    ["a wrong CtrlSum", (xml: string) => xml.replace(/<CtrlSum>123.45<\/CtrlSum>(?![\s\S]*<CtrlSum>)/, "<CtrlSum>123.44</CtrlSum>"), /PmtInf CtrlSum 123.44/],
  ])("the check catches %s (so a passing file means something)", async (_label, tamper, problem) => {
    const problems = await validatePain001(tamper(buildSepaCreditTransfer(input())));
    expect(problems.join("\n")).toMatch(problem);
  });

  it("CtrlSum is the exact sum of the transfers", () => {
    const xml = buildSepaCreditTransfer(input({ transactions: [transfer({ amountMinor: 10n }), transfer({ endToEndId: "AFF-item2", amountMinor: 20n })] }));
    expect(xml.match(/<CtrlSum>(.*)<\/CtrlSum>/g)).toEqual(["<CtrlSum>0.30</CtrlSum>", "<CtrlSum>0.30</CtrlSum>"]);
    expect(xml).toContain("<NbOfTxs>2</NbOfTxs>");
  });

  it("is the same file when built again from the same input", () => {
    expect(buildSepaCreditTransfer(input())).toBe(buildSepaCreditTransfer(input()));
  });

  it.each([
    ["a currency other than EUR", input({ transactions: [transfer({ currency: "USD" })] }), /euros only; the transfer AFF-item1 is in USD/],
    ["a zero amount", input({ transactions: [transfer({ amountMinor: 0n })] }), /0.01 to 999999999.99/],
    ["an amount over the scheme limit", input({ transactions: [transfer({ amountMinor: 100_000_000_000n })] }), /0.01 to 999999999.99/],
    ["an invalid creditor IBAN", input({ transactions: [transfer({ creditorIban: "DE88370400440532013000" })] }), /AFF-item1: This IBAN is not valid/],
    ["a creditor IBAN outside SEPA", input({ transactions: [transfer({ creditorIban: "BR1800360305000010009795493C1" })] }), /outside SEPA/],
    ["an invalid debtor IBAN", input({ debtor: { name: "Shop", iban: "NL91ABNA0417164301", bic: null } }), /Settings › Bank/],
    ["an invalid BIC", input({ transactions: [transfer({ creditorBic: "NOPE" })] }), /BIC is not valid/],
    ["a MsgId over 35 characters", input({ messageId: "A".repeat(36) }), /MsgId/],
    ["an EndToEndId outside the SEPA set", input({ transactions: [transfer({ endToEndId: "AFF_1" })] }), /EndToEndId "AFF_1"/],
    ["a duplicate EndToEndId", input({ transactions: [transfer(), transfer()] }), /appears twice/],
    ["no transfers", input({ transactions: [] }), /at least one transfer/],
    ["a creditor name with no Latin letters", input({ transactions: [transfer({ creditorName: "王芳" })] }), /name for AFF-item1 is empty/],
    ["a bad execution date", input({ requestedExecutionDate: "08.12.2026" }), /YYYY-MM-DD/],
  ])("refuses %s with a clear error", (_label, fileInput, message) => {
    expect(() => buildSepaCreditTransfer(fileInput)).toThrow(BankFileError);
    expect(() => buildSepaCreditTransfer(fileInput)).toThrow(message);
  });
});
