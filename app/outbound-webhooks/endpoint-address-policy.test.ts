import { describe, expect, it } from "vitest";
import { checkEndpointAddress, checkEndpointUrl, DEVELOPMENT_ENDPOINT_POLICY, PRODUCTION_ENDPOINT_POLICY } from "./endpoint-address-policy";

describe("checkEndpointAddress (production policy)", () => {
  it.each([
    // [address, allowed]
    ["93.184.215.14", true],
    ["8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["::ffff:8.8.8.8", true], // IPv4-mapped public address: the same host as 8.8.8.8
    ["64:ff9b::808:808", true], // NAT64 (RFC 6052) of 8.8.8.8
    ["127.0.0.1", false],
    ["127.1.2.3", false],
    ["0.0.0.0", false],
    ["10.0.0.5", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["100.127.255.254", false],
    ["224.0.0.1", false],
    ["239.255.255.250", false],
    ["255.255.255.255", false],
    ["240.0.0.1", false],
    ["192.0.2.10", false],
    ["198.18.0.1", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fc00::1", false],
    ["fd12:3456::1", false],
    ["ff02::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::ffff:169.254.169.254", false],
    ["::ffff:10.0.0.1", false],
    ["::127.0.0.1", false], // IPv4-compatible (deprecated) loopback
    ["::a00:1", false], // IPv4-compatible 10.0.0.1
    ["64:ff9b::7f00:1", false], // NAT64 of 127.0.0.1
    ["64:ff9b::a9fe:a9fe", false], // NAT64 of 169.254.169.254
    ["64:ff9b:1::a00:1", false], // local-use NAT64 prefix
    ["2002:7f00:1::1", false], // 6to4 of 127.0.0.1
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", false], // Teredo
    ["2001:db8::1", false], // documentation
    ["fec0::1", false], // site-local
  ])("%s → allowed %s", (address, allowed) => {
    expect(checkEndpointAddress(address, PRODUCTION_ENDPOINT_POLICY).allowed).toBe(allowed);
  });

  it("says which kind of address was refused", () => {
    expect(checkEndpointAddress("169.254.169.254", PRODUCTION_ENDPOINT_POLICY)).toEqual({ allowed: false, reason: expect.stringContaining("link-local"), kind: expect.stringContaining("link-local") });
    expect(checkEndpointAddress("::ffff:127.0.0.1", PRODUCTION_ENDPOINT_POLICY)).toEqual({ allowed: false, reason: expect.stringContaining("loopback"), kind: expect.stringContaining("loopback") });
    expect(checkEndpointAddress("not an ip", PRODUCTION_ENDPOINT_POLICY).allowed).toBe(false);
  });
});

describe("checkEndpointAddress (development policy)", () => {
  it("admits loopback only, nothing else private", () => {
    expect(checkEndpointAddress("127.0.0.1", DEVELOPMENT_ENDPOINT_POLICY).allowed).toBe(true);
    expect(checkEndpointAddress("::1", DEVELOPMENT_ENDPOINT_POLICY).allowed).toBe(true);
    expect(checkEndpointAddress("10.0.0.1", DEVELOPMENT_ENDPOINT_POLICY).allowed).toBe(false);
    expect(checkEndpointAddress("169.254.169.254", DEVELOPMENT_ENDPOINT_POLICY).allowed).toBe(false);
  });
});

describe("checkEndpointUrl", () => {
  it.each([
    ["https://example.com/hook", "production", true],
    ["https://example.com:8443/hook", "production", true],
    ["http://example.com/hook", "production", false],
    ["http://127.0.0.1:6379/", "production", false],
    ["http://localhost:3000/hook", "production", false],
    ["https://127.0.0.1/", "production", false],
    ["https://2130706433:6379/", "production", false], // decimal 127.0.0.1
    ["https://0x7f.1/", "production", false],
    ["https://[::1]/", "production", false],
    ["https://[::ffff:127.0.0.1]/", "production", false],
    ["https://169.254.169.254/latest/meta-data", "production", false],
    ["https://100.64.1.1/", "production", false],
    ["https://user:pass@example.com/hook", "production", false],
    ["ftp://example.com/hook", "production", false],
    ["http://localhost:3000/hook", "development", true],
    ["http://127.0.0.1:3000/hook", "development", true],
    ["http://[::1]:3000/hook", "development", true],
    ["http://example.com/hook", "development", false],
    ["http://10.0.0.1/hook", "development", false],
  ] as const)("%s under the %s policy → allowed %s", (url, policyName, allowed) => {
    const policy = policyName === "production" ? PRODUCTION_ENDPOINT_POLICY : DEVELOPMENT_ENDPOINT_POLICY;
    expect(checkEndpointUrl(url, policy).allowed).toBe(allowed);
  });
});
