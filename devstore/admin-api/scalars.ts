/**
 * Shopify's custom scalars. All travel as JSON strings: dates as ISO-8601, money and decimals as decimal strings
 * (never floats), and 64-bit ids as strings because JSON numbers lose precision past 2^53.
 */
import { GraphQLError, GraphQLScalarType, Kind } from "./graphql-runtime.ts";

function stringScalar(name: string, description: string, accepts: (value: string) => boolean): GraphQLScalarType {
  const coerce = (value: unknown): string => {
    const text = typeof value === "number" || typeof value === "bigint" ? String(value) : value;
    if (typeof text !== "string" || !accepts(text)) {
      throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}: ${description}`);
    }
    return text;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: coerce,
    parseValue: coerce,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) {
        throw new GraphQLError(`${name} must be a string literal.`);
      }
      return coerce(ast.value);
    },
  });
}

const isDecimal = (value: string): boolean => /^-?\d+(\.\d+)?$/.test(value);

export const shopifyScalars = {
  Date: stringScalar("Date", "a date such as 2027-01-31", (value) => /^\d{4}-\d{2}-\d{2}$/.test(value)),
  DateTime: stringScalar("DateTime", "an ISO-8601 date and time", (value) => !Number.isNaN(Date.parse(value))),
  Decimal: stringScalar("Decimal", "a decimal string such as 24.0", isDecimal),
  Money: stringScalar("Money", "a decimal string such as 24.00", isDecimal),
  URL: stringScalar("URL", "an absolute URL", (value) => URL.canParse(value)),
  HTML: stringScalar("HTML", "an HTML string", () => true),
  UnsignedInt64: stringScalar("UnsignedInt64", "an unsigned 64-bit integer as a string", (value) => /^\d+$/.test(value)),
};
