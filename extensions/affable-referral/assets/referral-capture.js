/* Affable referral capture. Deferred, dependency-free, within 2 KB gzipped. Reads a creator's ref from the URL,
   remembers it (a first-party cookie only with marketing consent, else sessionStorage), writes it to the cart as
   attributes the order carries, and sends one click beacon through the app proxy. Never throws at the shopper. */
(function (w, d) {
  var K = "_affable_ref", RE = /^[A-Za-z0-9_-]{1,64}$/;
  var c = (d.currentScript && d.currentScript.dataset) || {};
  var days = +c.days || 30, proxy = /^\/(apps|a|community|tools)\/[\w-]{1,64}$/.test(c.proxy) ? c.proxy : "/apps/affable";
  var q = new URLSearchParams(w.location.search), names = (c.params || "ref").split(","), ref = null, i, v;
  for (i = 0; i < names.length && !ref; i++) ref = q.get(names[i].trim());
  if (ref !== null && !RE.test(ref)) ref = null;

  function S() { return w.Shopify || {}; }
  function allowed() {
    var p = S().customerPrivacy;
    // Referral cookies are marketing cookies in Shopify's consent categories.
    try { return !!(p && p.marketingAllowed()); } catch { return false; }
  }
  function readCookie() {
    var m = d.cookie.match(/(?:^|;\s*)_affable_ref=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function session(value, key) {
    try { return value ? w.sessionStorage.setItem(key || K, value) : w.sessionStorage.getItem(key || K); } catch { return null; }
  }
  function keep(value) {
    if (allowed()) d.cookie = K + "=" + encodeURIComponent(value) + ";max-age=" + days * 86400 + ";path=/;samesite=lax" + (w.location.protocol == "https:" ? ";secure" : "");
    else session(value);
  }
  function writeCart(value) {
    var p = value.split("|");
    // Once per session and value: later page views need no cart write.
    if (session(0, K + "_cart") === value) return;
    // keepalive: the write survives the shopper leaving the page; marked done only once the cart has it.
    w.fetch(((S().routes || {}).root || "/") + "cart/update.js", {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: { _affable_ref: p[0], _affable_ref_at: p[1], _affable_click_id: p[2] } })
    }).then(function (r) { if (r.ok) session(value, K + "_cart"); }).catch(function () {});
  }
  function run() {
    if (ref) {
      var id = w.crypto && w.crypto.randomUUID ? w.crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2);
      v = ref + "|" + new Date().toISOString() + "|" + id;
      keep(v);
      writeCart(v);
      try {
        w.navigator.sendBeacon(proxy + "/click", JSON.stringify({ ref: ref, clickId: id, path: w.location.pathname, referrer: d.referrer }));
      } catch { /* no beacon support: the cart attributes still carry the referral */ }
    } else {
      v = readCookie() || session();
      if (v && RE.test(v.split("|")[0])) writeCart(v);
    }
  }
  // Consent given later (the banner): move the referral from the session into the cookie.
  d.addEventListener("visitorConsentCollected", function () { if (v && allowed()) keep(v); });
  if (S().customerPrivacy || !S().loadFeatures) run();
  else S().loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], run);
})(window, document);
