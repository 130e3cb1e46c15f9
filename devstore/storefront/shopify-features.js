/* The devstore's stand-in for Shopify's storefront features (served at /cdn/shopifycloud/storefront/features.js):
   Shopify.loadFeatures([{name: "consent-tracking-api", version: "0.1"}], callback) installs Shopify.customerPrivacy,
   the Customer Privacy API, and the consent banner uses it. Decisions live in the _tracking_consent cookie
   ({"con":{"CMP":{"a","m","p","s"}}}: "1" yes, "0" no, "" not decided). The devstore's visitor is treated as in a
   region that requires consent: an undecided purpose is NOT allowed. */
(function (w, d) {
  "use strict";
  var S = (w.Shopify = w.Shopify || {});
  var COOKIE = "_tracking_consent";
  var PURPOSES = { analytics: "a", marketing: "m", preferences: "p", sale_of_data: "s" };

  function read() {
    var match = d.cookie.match(/(?:^|;\s*)_tracking_consent=([^;]*)/);
    if (!match) return null;
    try { return JSON.parse(decodeURIComponent(match[1])).con.CMP || null; } catch { return null; }
  }
  function allowed(purpose) { var c = read(); return !!c && c[PURPOSES[purpose]] === "1"; }
  function answer(purpose) { var c = read(); var v = c ? c[PURPOSES[purpose]] : ""; return v === "1" ? "yes" : v === "0" ? "no" : ""; }

  var privacy = {
    analyticsProcessingAllowed: function () { return allowed("analytics"); },
    marketingAllowed: function () { return allowed("marketing"); },
    preferencesProcessingAllowed: function () { return allowed("preferences"); },
    saleOfDataAllowed: function () { return allowed("sale_of_data"); },
    userCanBeTracked: function () { return allowed("analytics") && allowed("marketing"); },
    shouldShowBanner: function () { return read() === null; },
    getRegion: function () { return "FR"; },
    currentVisitorConsent: function () {
      return { analytics: answer("analytics"), marketing: answer("marketing"), preferences: answer("preferences"), sale_of_data: answer("sale_of_data") };
    },
    /** consent: {analytics?, marketing?, preferences?, sale_of_data?} booleans; callback(error) like Shopify's. */
    setTrackingConsent: function (consent, callback) {
      var current = read() || { a: "", m: "", p: "", s: "" };
      for (var purpose in PURPOSES) {
        if (typeof consent[purpose] === "boolean") current[PURPOSES[purpose]] = consent[purpose] ? "1" : "0";
      }
      var value = JSON.stringify({ v: "2.1", con: { CMP: current }, reg: "FR" });
      d.cookie = COOKIE + "=" + encodeURIComponent(value) + ";path=/;max-age=31536000;samesite=lax";
      var detail = {
        analyticsAllowed: allowed("analytics"),
        marketingAllowed: allowed("marketing"),
        preferencesAllowed: allowed("preferences"),
        saleOfDataAllowed: allowed("sale_of_data"),
      };
      d.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: detail }));
      if (typeof callback === "function") setTimeout(function () { callback(); }, 0);
    },
  };

  S.loadFeatures = function (features, callback) {
    var unknown = (features || []).filter(function (f) { return f.name !== "consent-tracking-api"; });
    S.customerPrivacy = privacy;
    setTimeout(function () {
      if (typeof callback === "function") callback(unknown.length ? new Error("Unknown feature: " + unknown[0].name) : undefined);
    }, 0);
  };

  function wireBanner() {
    var banner = d.getElementById("shopify-pc__banner");
    if (!banner) return;
    S.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], function () {
      banner.hidden = !privacy.shouldShowBanner();
      function decide(yes) {
        privacy.setTrackingConsent({ analytics: yes, marketing: yes, preferences: yes, sale_of_data: yes }, function () { banner.hidden = true; });
      }
      d.getElementById("shopify-pc__banner__btn-accept").addEventListener("click", function () { decide(true); });
      d.getElementById("shopify-pc__banner__btn-decline").addEventListener("click", function () { decide(false); });
    });
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", wireBanner);
  else wireBanner();
})(window, document);
