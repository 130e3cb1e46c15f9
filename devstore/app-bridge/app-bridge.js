/*
 * App Bridge stand-in for the devstore (the local Shopify).
 *
 * Shopify's App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js) runs inside an embedded app's iframe and
 * lets the app use the admin around it. The CDN is unreachable here, so the devstore's admin serves this file at the
 * same path (/cdn/shopifycloud/app-bridge.js) and the app loads it through APP_BRIDGE_URL. It implements what an app
 * built with @shopify/shopify-app-remix and @shopify/app-bridge-react uses:
 *
 *   window.shopify   config, origin, ready, idToken(), user(), environment, toast.show/hide, loading(),
 *                    modal.show/hide/toggle, saveBar.show/hide/toggle/leaveConfirmation
 *   window.fetch     same-origin requests get `Authorization: Bearer <session token>`; a response with
 *                    `X-Shopify-Retry-Invalid-Session-Request: 1` is retried once with a fresh token; a response with
 *                    `X-Shopify-API-Request-Failure-Reauthorize-Url` sends the whole admin window there
 *   bounce page      `/auth/session-token?…&shopify-reload=<url>` reloads `<url>&id_token=<token>`
 *   window.open      `_top`/`_parent` targets (the library's exit-iframe and redirect pages) navigate the admin
 *                    window; `shopify://admin/…` opens an admin page
 *   elements         <ui-nav-menu>, <ui-title-bar>, <ui-modal>, <ui-save-bar>
 *   history          the admin's address bar follows the app's current path
 *
 * Plain, dependency-free browser JavaScript. It talks to the admin page only with postMessage, to and from exactly
 * the origin it was served from (the admin), and ignores every other message.
 *
 * Protocol (every message carries `source: "devstore-app-bridge"`; requests carry an `id`, answered by
 * `<type>:response` with the same id):
 *   app → admin   hello {apiKey, href} · idToken {id, force} · location {path, search, hash} ·
 *                 toast:show {id, message, duration, isError, action} · toast:hide {id} · loading {on} ·
 *                 navMenu {items: [{index, href, label, home}]} · titleBar {title, actions: [{index, label, variant,
 *                 tone, disabled, loading}]} · saveBar {id, visible, discardConfirmation, save, discard} ·
 *                 saveBar:leaveConfirmation {id} · modal {open} · redirect {url, target}
 *   admin → app   hello:ack {user, shop, host, locale} · idToken:response {id, idToken | error} ·
 *                 toast:action {id} · toast:dismiss {id} · navMenu:click {index, href} · titleBar:click {index} ·
 *                 saveBar:click {id, which: "save" | "discard"} · saveBar:leaveConfirmation:response {id, confirmed}
 */
(function () {
  "use strict";

  if (window.shopify && window.shopify.__devstoreStandIn) return;

  var SOURCE = "devstore-app-bridge";
  /** Parameters Shopify adds to an app launch; they are not part of the app's own page address. */
  var LAUNCH_PARAMS = ["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp", "appLoadId", "protocol"];
  var RETRY_HEADER = "X-Shopify-Retry-Invalid-Session-Request";
  var REAUTHORIZE_HEADER = "X-Shopify-API-Request-Failure-Reauthorize-Url";

  var script = document.currentScript || document.querySelector('script[src*="/app-bridge.js"]');
  /** The admin: whoever served this script. Only it may answer us, and only it hears us. */
  var ADMIN_ORIGIN = script && script.src ? new URL(script.src, location.href).origin : null;
  var embedded = window.top !== window.self;
  var launch = new URLSearchParams(location.search);
  var stored = readStoredLaunch();

  var config = {
    apiKey: (script && script.getAttribute("data-api-key")) || metaContent("shopify-api-key") || "",
    shop: launch.get("shop") || stored.shop || undefined,
    host: launch.get("host") || stored.host || undefined,
    locale: launch.get("locale") || stored.locale || "en",
    appOrigins: listFromMeta("shopify-app-origins"),
    disabledFeatures: listFromMeta("shopify-disabled-features"),
  };
  storeLaunch(config);
  if (!config.apiKey) {
    console.error(
      "App Bridge (devstore stand-in): no API key. Load the script with data-api-key=\"<client id>\" or add " +
        '<meta name="shopify-api-key" content="<client id>">.',
    );
  }

  // --- Messages to and from the admin ------------------------------------------------------------------------------
  var pending = {};
  var nextRequestId = 1;
  var handlers = {};

  function post(message) {
    if (!embedded || !ADMIN_ORIGIN) return false;
    message.source = SOURCE;
    window.parent.postMessage(message, ADMIN_ORIGIN);
    return true;
  }

  function request(type, payload, timeoutMs) {
    return new Promise(function (resolve, reject) {
      if (!embedded || !ADMIN_ORIGIN) {
        reject(new Error("App Bridge (devstore stand-in): " + type + " needs the app to be open inside the Shopify admin."));
        return;
      }
      var id = nextRequestId++;
      var timer = timeoutMs
        ? setTimeout(function () {
            delete pending[id];
            reject(new Error("App Bridge (devstore stand-in): the admin did not answer " + type + " within " + timeoutMs + " ms."));
          }, timeoutMs)
        : null;
      pending[id] = { resolve: resolve, timer: timer };
      var message = { type: type, id: id };
      for (var key in payload) message[key] = payload[key];
      // Only once the admin has answered hello: before that, nobody may be listening.
      ready.then(function () {
        if (pending[id]) post(message);
      });
    });
  }

  window.addEventListener("message", function (event) {
    if (!embedded || event.source !== window.parent || event.origin !== ADMIN_ORIGIN) return;
    var message = event.data;
    if (!message || message.source !== SOURCE || typeof message.type !== "string") return;
    if (/:response$/.test(message.type)) {
      var waiting = pending[message.id];
      if (!waiting) return;
      delete pending[message.id];
      clearTimeout(waiting.timer);
      waiting.resolve(message);
      return;
    }
    var handler = Object.prototype.hasOwnProperty.call(handlers, message.type) ? handlers[message.type] : null;
    if (handler) handler(message);
  });

  // --- Handshake: `shopify.ready` ----------------------------------------------------------------------------------
  var user = null;
  var resolveReady;
  var ready = new Promise(function (resolve) {
    resolveReady = resolve;
  });
  var acknowledged = false;
  if (!embedded) resolveReady();

  handlers["hello:ack"] = function (message) {
    var first = !acknowledged;
    acknowledged = true;
    user = message.user || null;
    if (!config.shop && message.shop) config.shop = message.shop;
    if (!config.host && message.host) config.host = message.host;
    storeLaunch(config);
    if (first) {
      // Anything sent before the admin was listening is sent again.
      reportLocation(true);
      sendNavMenu(true);
      sendTitleBar(true);
      if (activeSaveBar) sendSaveBar(activeSaveBar);
      sendModalState();
    }
    resolveReady();
  };

  if (embedded && ADMIN_ORIGIN) {
    // The admin page's script may start listening a moment after this frame loads: say hello until it answers.
    var helloAttempts = 0;
    (function sayHello() {
      if (acknowledged || helloAttempts++ > 40) return;
      post({ type: "hello", apiKey: config.apiKey, href: location.href });
      setTimeout(sayHello, 250);
    })();
  }

  // --- Session tokens ----------------------------------------------------------------------------------------------
  function sessionToken(force) {
    return request("idToken", { force: Boolean(force) }, 15000).then(function (message) {
      if (message.error) throw new Error(message.error);
      return message.idToken;
    });
  }

  function idToken() {
    return sessionToken(false);
  }

  // --- Bounce page and leaving the frame --------------------------------------------------------------------------
  // The library's bounce page (`${authPathPrefix}/session-token`, rendered by renderAppBridge) holds nothing but this
  // script. Shopify's App Bridge gets a session token and reloads the page it was bounced from with the token added.
  function isBouncePage() {
    return /\/session-token\/?$/.test(location.pathname) && launch.has("shopify-reload");
  }

  function isExitIframePage() {
    return /\/exitiframe\/?$/i.test(location.pathname);
  }

  function bounce() {
    var reload = launch.get("shopify-reload") || "";
    var target;
    try {
      target = new URL(reload, location.href);
    } catch {
      console.error("App Bridge (devstore stand-in): shopify-reload is not a URL: " + reload);
      return;
    }
    // The library always bounces back to the app's own URL (config.appUrl); anything else is not ours to load
    // with a session token in its address.
    if (target.origin !== location.origin) {
      console.error(
        "App Bridge (devstore stand-in): refusing to reload " + target.href + " with a session token: it is not on the app's origin " +
          location.origin + ". Is SHOPIFY_APP_URL the tunnel URL?",
      );
      return;
    }
    sessionToken(true).then(
      function (token) {
        var absolute = /^https?:/i.test(reload) ? reload : target.href;
        location.replace(absolute + (absolute.indexOf("?") === -1 ? "?" : "&") + "id_token=" + encodeURIComponent(token));
      },
      function (error) {
        console.error("App Bridge (devstore stand-in): could not get a session token for the bounce page: " + error.message);
      },
    );
  }

  function redirectTop(url) {
    if (!embedded) {
      location.assign(toAdminUrl(url));
      return;
    }
    post({ type: "redirect", url: String(url), target: "_top" });
  }

  /** `shopify://admin/products` → the admin's own URL for that page (used when no admin window can do it for us). */
  function toAdminUrl(url) {
    var shorthand = /^shopify:\/*admin(\/.*)?$/i.exec(String(url));
    if (!shorthand || !ADMIN_ORIGIN || !config.shop) return String(url);
    return ADMIN_ORIGIN + "/store/" + config.shop.replace(/\.myshopify\.com$/i, "") + (shorthand[1] || "");
  }

  var nativeOpen = window.open;
  window.open = function (url, target, features) {
    var href = url === undefined || url === null ? "" : String(url);
    var name = target === undefined || target === null || target === "" ? "_blank" : String(target);
    if (/^shopify:/i.test(href)) {
      if (name === "_blank") return nativeOpen.call(window, toAdminUrl(href), name, features);
      redirectTop(href);
      return null;
    }
    // The library's exit-iframe page and `redirect(url, {target: "_top" | "_parent"})` call window.open; a frame
    // cannot navigate the admin window itself (browsers block it without a click), so the admin does it.
    if (embedded && (name === "_top" || name === "_parent")) {
      redirectTop(new URL(href, location.href).href);
      return null;
    }
    return nativeOpen.apply(window, arguments);
  };

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var anchor = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!anchor) return;
    var href = anchor.getAttribute("href") || "";
    var target = anchor.getAttribute("target") || "";
    var adminLink = /^shopify:/i.test(href) || /^https:\/\/admin\.shopify\.com\//i.test(href);
    if (adminLink) {
      event.preventDefault();
      window.open(href, target === "_blank" ? "_blank" : "_top");
    } else if (embedded && (target === "_top" || target === "_parent")) {
      event.preventDefault();
      redirectTop(anchor.href);
    }
  });

  // --- Authenticated fetch ---------------------------------------------------------------------------------------
  var nativeFetch = window.fetch;

  function isAppRequest(url) {
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    if (url.origin === location.origin) return true;
    if (config.appOrigins.indexOf(url.origin) !== -1) return true;
    // Subdomains of the app's own host are the app's too.
    return url.protocol === location.protocol && url.hostname.slice(-(location.hostname.length + 1)) === "." + location.hostname;
  }

  function withToken(requestObject, token) {
    var headers = new Headers(requestObject.headers);
    headers.set("Authorization", "Bearer " + token);
    return new Request(requestObject, { headers: headers });
  }

  window.fetch = function (input, init) {
    if (config.disabledFeatures.indexOf("fetch") !== -1 || !embedded) return nativeFetch.apply(window, arguments);
    var requestObject;
    try {
      requestObject = new Request(input, init);
    } catch {
      return nativeFetch.apply(window, arguments);
    }
    if (!isAppRequest(new URL(requestObject.url)) || requestObject.headers.has("Authorization")) {
      return nativeFetch.call(window, requestObject);
    }
    var retry = requestObject.clone();
    return sessionToken(false)
      .then(function (token) {
        return nativeFetch.call(window, withToken(requestObject, token));
      })
      .then(function (response) {
        // The library answers an expired or invalid token with 401 and this header: get a fresh token, try once more.
        if (response.headers.get(RETRY_HEADER) !== "1") return response;
        return sessionToken(true).then(function (token) {
          return nativeFetch.call(window, withToken(retry, token));
        });
      })
      .then(function (response) {
        // `redirect(url, {target: "_top"})` in a fetcher/action answers 401 with where to go (redirect.mjs in the
        // library); App Bridge takes the whole admin there.
        var reauthorize = response.headers.get(REAUTHORIZE_HEADER);
        if (reauthorize) redirectTop(reauthorize);
        return response;
      });
  };

  // --- The admin's address bar follows the app ---------------------------------------------------------------------
  var lastLocation = null;

  function reportLocation(force) {
    if (!embedded || isBouncePage() || isExitIframePage()) return;
    var search = new URLSearchParams(location.search);
    LAUNCH_PARAMS.forEach(function (name) {
      search.delete(name);
    });
    var query = search.toString();
    var message = { type: "location", path: location.pathname, search: query ? "?" + query : "", hash: location.hash };
    var key = message.path + message.search + message.hash;
    if (!force && key === lastLocation) return;
    lastLocation = key;
    post(message);
  }

  ["pushState", "replaceState"].forEach(function (method) {
    var original = history[method];
    history[method] = function () {
      var result = original.apply(this, arguments);
      reportLocation(false);
      return result;
    };
  });
  window.addEventListener("popstate", function () {
    reportLocation(false);
  });
  window.addEventListener("hashchange", function () {
    reportLocation(false);
  });

  // --- Elements ---------------------------------------------------------------------------------------------------
  // Each element renders nothing in the app: an empty shadow root hides its children without touching the light DOM,
  // which React hydrates (a style attribute or injected stylesheet would be a hydration mismatch).
  function hideChildren(element) {
    if (!element.shadowRoot) element.attachShadow({ mode: "open" });
  }

  function define(name, constructor) {
    if (!customElements.get(name)) customElements.define(name, constructor);
  }

  function scheduler(send) {
    var queued = false;
    return function () {
      if (queued) return;
      queued = true;
      Promise.resolve().then(function () {
        queued = false;
        send(false);
      });
    };
  }

  function watch(element, schedule) {
    var observer = new MutationObserver(schedule);
    observer.observe(element, { childList: true, subtree: true, characterData: true, attributes: true });
    return observer;
  }

  function label(element) {
    return (element.textContent || "").replace(/\s+/g, " ").trim();
  }

  // ui-nav-menu: its <a> children become the app's items in the admin sidebar. The first, rel="home", says where the
  // app's name leads. A click in the sidebar dispatches a bubbling `shopify:navigate` on the matching <a>;
  // @shopify/shopify-app-remix's AppProvider listens for it on window and calls Remix's navigate(href).
  function navMenuAnchors() {
    var menu = document.querySelector("ui-nav-menu");
    return menu ? Array.prototype.slice.call(menu.querySelectorAll("a")) : [];
  }

  var lastNavMenu = null;
  function sendNavMenu(force) {
    // The bounce and exit-iframe pages pass through in a blink; the admin keeps the real page's menu meanwhile.
    if (isBouncePage() || isExitIframePage()) return;
    var items = navMenuAnchors().map(function (anchor, index) {
      return {
        index: index,
        href: anchor.getAttribute("href") || "",
        label: label(anchor),
        home: (anchor.getAttribute("rel") || "").split(/\s+/).indexOf("home") !== -1,
      };
    });
    var key = JSON.stringify(items);
    if (!force && key === lastNavMenu) return;
    lastNavMenu = key;
    post({ type: "navMenu", items: items });
  }
  var scheduleNavMenu = scheduler(sendNavMenu);

  define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        hideChildren(this);
        this._observer = watch(this, scheduleNavMenu);
        scheduleNavMenu();
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        scheduleNavMenu();
      }
    },
  );

  // Apps without a client-side router have nobody listening for `shopify:navigate`; like App Bridge, they get a
  // full navigation of the frame instead. Listeners on window and document are counted to tell the two apart.
  var navigateListeners = 0;
  [window, document].forEach(function (target) {
    var add = target.addEventListener;
    var remove = target.removeEventListener;
    target.addEventListener = function (type, listener) {
      if (type === "shopify:navigate" && listener) navigateListeners += 1;
      return add.apply(this, arguments);
    };
    target.removeEventListener = function (type, listener) {
      if (type === "shopify:navigate" && listener && navigateListeners > 0) navigateListeners -= 1;
      return remove.apply(this, arguments);
    };
  });

  handlers["navMenu:click"] = function (message) {
    var anchors = navMenuAnchors();
    var anchor = anchors[message.index];
    if (!anchor || anchor.getAttribute("href") !== message.href) {
      anchor = anchors.filter(function (candidate) {
        return candidate.getAttribute("href") === message.href;
      })[0];
    }
    if (!anchor) return;
    var navigate = new CustomEvent("shopify:navigate", { bubbles: true, cancelable: true, composed: true });
    anchor.dispatchEvent(navigate);
    if (!navigate.defaultPrevented && navigateListeners === 0) location.assign(anchor.href);
  };

  // ui-title-bar: the title and the buttons/links of the page's title bar (not one inside a ui-modal) are shown in
  // the admin above the frame; a click there clicks the app's own element, so its handlers run as usual.
  function pageTitleBar() {
    var bars = document.querySelectorAll("ui-title-bar");
    for (var i = 0; i < bars.length; i += 1) if (!bars[i].closest("ui-modal")) return bars[i];
    return null;
  }

  function controlsOf(element) {
    return element ? Array.prototype.slice.call(element.querySelectorAll("button, a")) : [];
  }

  function describeControl(control, index) {
    return {
      index: index,
      label: label(control),
      variant: control.getAttribute("variant") || null,
      tone: control.getAttribute("tone") || null,
      disabled: control.hasAttribute("disabled"),
      loading: control.hasAttribute("loading") && control.getAttribute("loading") !== "false",
    };
  }

  var lastTitleBar = null;
  function sendTitleBar(force) {
    if (isBouncePage() || isExitIframePage()) return;
    var bar = pageTitleBar();
    var message = {
      type: "titleBar",
      title: bar ? bar.getAttribute("title") || "" : "",
      actions: controlsOf(bar).map(describeControl),
    };
    var key = JSON.stringify(message);
    if (!force && key === lastTitleBar) return;
    lastTitleBar = key;
    post(message);
  }
  var scheduleTitleBar = scheduler(sendTitleBar);

  define(
    "ui-title-bar",
    class extends HTMLElement {
      static get observedAttributes() {
        return ["title"];
      }
      connectedCallback() {
        hideChildren(this);
        this._observer = watch(this, scheduleTitleBar);
        scheduleTitleBar();
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        scheduleTitleBar();
      }
      attributeChangedCallback() {
        scheduleTitleBar();
      }
    },
  );

  handlers["titleBar:click"] = function (message) {
    var control = controlsOf(pageTitleBar())[message.index];
    if (control && !control.hasAttribute("disabled")) control.click();
  };

  // ui-save-bar: the contextual save bar. Shown in the admin's top bar; its Save (variant="primary") and Discard
  // buttons click the app's own buttons. Only one is shown at a time.
  var activeSaveBar = null;
  var saveBarIds = 0;
  var leaveWaiters = [];

  function saveBarButtons(bar) {
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
    var save = buttons.filter(function (button) {
      return button.getAttribute("variant") === "primary";
    })[0];
    var discard = buttons.filter(function (button) {
      return button !== save;
    })[0];
    return { save: save || null, discard: discard || null };
  }

  function sendSaveBar(bar) {
    var buttons = saveBarButtons(bar);
    post({
      type: "saveBar",
      id: bar._saveBarId,
      visible: bar._showing,
      discardConfirmation: bar.discardConfirmation,
      save: buttons.save ? describeControl(buttons.save, 0) : null,
      discard: buttons.discard ? describeControl(buttons.discard, 1) : null,
    });
  }

  class UiSaveBar extends HTMLElement {
    constructor() {
      super();
      this._showing = false;
      saveBarIds += 1;
      this._saveBarId = "save-bar-" + saveBarIds;
    }
    connectedCallback() {
      hideChildren(this);
      this._observer = watch(this, () => {
        if (this._showing) sendSaveBar(this);
      });
    }
    disconnectedCallback() {
      if (this._observer) this._observer.disconnect();
      this.hide();
    }
    get showing() {
      return this._showing;
    }
    get discardConfirmation() {
      return this.hasAttribute("discardconfirmation") && this.getAttribute("discardconfirmation") !== "false";
    }
    set discardConfirmation(value) {
      if (value) this.setAttribute("discardconfirmation", "");
      else this.removeAttribute("discardconfirmation");
    }
    show() {
      if (!this._showing) {
        if (activeSaveBar && activeSaveBar !== this) activeSaveBar.hide();
        this._showing = true;
        // Not an alias for convenience: the page's one visible save bar is state shared with the message handlers.
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        activeSaveBar = this;
        sendSaveBar(this);
        this.dispatchEvent(new Event("show"));
      }
      return Promise.resolve();
    }
    hide() {
      if (this._showing) {
        this._showing = false;
        if (activeSaveBar === this) activeSaveBar = null;
        sendSaveBar(this);
        this.dispatchEvent(new Event("hide"));
        if (!activeSaveBar) {
          leaveWaiters.splice(0).forEach(function (resolve) {
            resolve();
          });
        }
      }
      return Promise.resolve();
    }
    toggle() {
      return this._showing ? this.hide() : this.show();
    }
  }
  define("ui-save-bar", UiSaveBar);

  handlers["saveBar:click"] = function (message) {
    if (!activeSaveBar || activeSaveBar._saveBarId !== message.id) return;
    var button = saveBarButtons(activeSaveBar)[message.which === "save" ? "save" : "discard"];
    if (button && !button.hasAttribute("disabled")) button.click();
  };

  function leaveConfirmation() {
    if (!activeSaveBar) return Promise.resolve();
    return new Promise(function (resolve) {
      leaveWaiters.push(resolve);
      request("saveBar:leaveConfirmation", {}, 0).then(function (message) {
        if (message.confirmed) resolve();
      });
    });
  }

  // ui-modal: an overlay inside the app's frame (the admin dims itself around it). With React, `modal.content` is
  // where @shopify/app-bridge-react portals the modal's children; with plain HTML, the element's own children are
  // shown. A child <ui-title-bar> gives the heading and the footer buttons; `src` shows a page of the app instead.
  var openModals = 0;
  function sendModalState() {
    post({ type: "modal", open: openModals > 0 });
  }

  var MODAL_WIDTHS = { small: "380px", base: "620px", large: "980px", max: "calc(100vw - 32px)" };
  var MODAL_STYLE =
    ":host{all:initial}" +
    ".backdrop{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:center;justify-content:center;padding:16px;background:rgba(0,0,0,.5);font-family:-apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,'Helvetica Neue',sans-serif;font-size:13px;line-height:20px;color:#303030}" +
    ".dialog{display:flex;flex-direction:column;width:100%;max-height:calc(100vh - 32px);background:#fff;border-radius:16px;box-shadow:0 20px 40px -8px rgba(0,0,0,.3);overflow:hidden}" +
    ".dialog.max{height:calc(100vh - 32px)}" +
    "header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:12px 12px 12px 16px;background:#f3f3f3;border-bottom:1px solid #e3e3e3}" +
    "h2{margin:0;font-size:14px;font-weight:650}" +
    ".body{flex:1;overflow:auto;min-height:0}" +
    ".body iframe{display:block;width:100%;height:100%;min-height:400px;border:0}" +
    "footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3}" +
    "footer:empty{display:none}" +
    "button{font:inherit;font-size:12px;font-weight:550;min-height:28px;padding:4px 12px;border-radius:8px;border:0;cursor:pointer;background:#fff;color:#303030;box-shadow:inset 0 -1px 0 #b5b5b5,inset 0 0 0 1px rgba(0,0,0,.1)}" +
    "button.primary{background:#303030;color:#fff;box-shadow:inset 0 -1px 0 #000}" +
    "button.critical{background:#c70a24;color:#fff;box-shadow:none}" +
    "button:disabled{opacity:.5;cursor:default}" +
    "button.close{background:none;box-shadow:none;font-size:16px;padding:2px 8px}";

  class UiModal extends HTMLElement {
    constructor() {
      super();
      this._open = false;
      this._content = document.createElement("div");
      this._host = null;
      this._frame = null;
      this._moved = false;
    }
    connectedCallback() {
      hideChildren(this);
      this._observer = watch(this, () => {
        if (this._open) this._render();
      });
    }
    disconnectedCallback() {
      if (this._observer) this._observer.disconnect();
      this.hide();
    }
    get content() {
      return this._content;
    }
    set content(element) {
      if (this._host && this._content.parentNode === this._host) this._host.replaceChild(element, this._content);
      this._content = element;
    }
    get variant() {
      return this.getAttribute("variant") || "base";
    }
    set variant(value) {
      this.setAttribute("variant", value);
    }
    get src() {
      return this.getAttribute("src") || "";
    }
    set src(value) {
      if (value) this.setAttribute("src", value);
      else this.removeAttribute("src");
    }
    get contentWindow() {
      return this._open && this._frame ? this._frame.contentWindow : null;
    }
    show() {
      if (this._open) return Promise.resolve();
      this._open = true;
      openModals += 1;
      this._host = document.createElement("div");
      this._host.setAttribute("data-devstore-modal", this.id || "");
      var root = this._host.attachShadow({ mode: "open" });
      root.innerHTML =
        "<style>" + MODAL_STYLE + "</style>" +
        '<div class="backdrop"><div class="dialog" role="dialog" aria-modal="true">' +
        '<header><h2></h2><button class="close" type="button" aria-label="Close">✕</button></header>' +
        '<div class="body"><slot></slot></div><footer></footer></div></div>';
      root.querySelector(".close").addEventListener("click", () => {
        this.hide();
      });
      root.querySelector(".backdrop").addEventListener("click", (event) => {
        if (event.target === event.currentTarget) this.hide();
      });
      if (this.src) {
        this._frame = document.createElement("iframe");
        this._frame.src = new URL(this.src, location.href).href;
        root.querySelector(".body").appendChild(this._frame);
      } else {
        this._host.appendChild(this._content);
      }
      this._onKey = (event) => {
        if (event.key === "Escape") this.hide();
      };
      document.addEventListener("keydown", this._onKey);
      // After hydration (modals open from effects or handlers), so adding to <body> disturbs nothing React owns.
      (document.body || document.documentElement).appendChild(this._host);
      this._render();
      sendModalState();
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      if (!this._open) return Promise.resolve();
      this._open = false;
      openModals -= 1;
      document.removeEventListener("keydown", this._onKey);
      if (this._content.parentNode === this._host) this._host.removeChild(this._content);
      if (this._host) this._host.remove();
      this._host = null;
      this._frame = null;
      sendModalState();
      this.dispatchEvent(new Event("hide"));
      return Promise.resolve();
    }
    toggle() {
      return this._open ? this.hide() : this.show();
    }
    _titleBar() {
      for (var i = 0; i < this.children.length; i += 1) {
        if (this.children[i].localName === "ui-title-bar") return this.children[i];
      }
      return null;
    }
    /** Heading, size and footer buttons: redone whenever the element's children change while open. */
    _render() {
      if (!this._host) return;
      var root = this._host.shadowRoot;
      var titleBar = this._titleBar();
      // Plain HTML modals: their own content children are the body (React portals into `content` instead).
      if (!this._moved && !this._content.hasChildNodes()) {
        Array.prototype.slice.call(this.childNodes).forEach((node) => {
          var isChrome = node.localName === "ui-title-bar" || node.localName === "ui-save-bar";
          var isEmpty = !(node.textContent || "").trim() && !(node.querySelector && node.querySelector("*"));
          if (!isChrome && !isEmpty) {
            this._content.appendChild(node);
            this._moved = true;
          }
        });
      }
      var size = Object.prototype.hasOwnProperty.call(MODAL_WIDTHS, this.variant) ? this.variant : "base";
      var dialog = root.querySelector(".dialog");
      dialog.style.maxWidth = MODAL_WIDTHS[size];
      dialog.classList.toggle("max", size === "max");
      var heading = root.querySelector("h2");
      heading.textContent = titleBar ? titleBar.getAttribute("title") || "" : "";
      dialog.setAttribute("aria-label", heading.textContent || "Dialog");
      var footer = root.querySelector("footer");
      footer.textContent = "";
      controlsOf(titleBar)
        .filter(function (control) {
          return control.getAttribute("variant") !== "breadcrumb";
        })
        .forEach(function (control) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = label(control);
          if (control.getAttribute("variant") === "primary") button.className = "primary";
          if (control.getAttribute("tone") === "critical") button.className = "critical";
          button.disabled = control.hasAttribute("disabled");
          button.addEventListener("click", function () {
            control.click();
          });
          footer.appendChild(button);
        });
    }
  }
  define("ui-modal", UiModal);

  function elementById(tag, id) {
    var element = document.getElementById(id);
    if (!element || element.localName !== tag) {
      return Promise.reject(new Error("App Bridge (devstore stand-in): no <" + tag + ' id="' + id + '"> on this page.'));
    }
    return Promise.resolve(element);
  }

  // --- Toasts ------------------------------------------------------------------------------------------------------
  var toastCallbacks = {};
  var toastIds = 0;
  /** Toast ids stay unique across documents loaded in the frame, so a new page never hides an old page's toast. */
  var DOCUMENT_ID = Math.random().toString(36).slice(2, 10);
  handlers["toast:action"] = function (message) {
    var callbacks = toastCallbacks[message.id];
    if (callbacks && typeof callbacks.onAction === "function") callbacks.onAction();
  };
  handlers["toast:dismiss"] = function (message) {
    var callbacks = toastCallbacks[message.id];
    delete toastCallbacks[message.id];
    if (callbacks && typeof callbacks.onDismiss === "function") callbacks.onDismiss();
  };

  // --- window.shopify -------------------------------------------------------------------------------------------
  function unavailable(name) {
    return function () {
      return Promise.reject(new Error("App Bridge (devstore stand-in): shopify." + name + " is not available in the local Shopify."));
    };
  }

  window.shopify = {
    __devstoreStandIn: true,
    config: config,
    origin: ADMIN_ORIGIN,
    ready: ready,
    environment: { embedded: embedded, mobile: false, pos: false, intent: false },
    idToken: idToken,
    user: function () {
      if (!embedded) return Promise.reject(new Error("App Bridge (devstore stand-in): no admin user outside the admin."));
      return ready.then(function () {
        return user ? { id: user.id, name: user.name, email: user.email, accountAccess: user.accountAccess } : {};
      });
    },
    loading: function (isLoading) {
      post({ type: "loading", on: isLoading === undefined ? true : Boolean(isLoading) });
    },
    toast: {
      show: function (message, options) {
        var opts = options || {};
        toastIds += 1;
        var id = "toast-" + DOCUMENT_ID + "-" + toastIds;
        toastCallbacks[id] = { onAction: opts.onAction, onDismiss: opts.onDismiss };
        post({
          type: "toast:show",
          id: id,
          message: String(message),
          duration: typeof opts.duration === "number" ? opts.duration : 5000,
          isError: Boolean(opts.isError),
          action: opts.action ? String(opts.action) : null,
        });
        return id;
      },
      hide: function (id) {
        delete toastCallbacks[id];
        post({ type: "toast:hide", id: String(id) });
      },
    },
    modal: {
      show: function (id) {
        return elementById("ui-modal", id).then(function (element) {
          return element.show();
        });
      },
      hide: function (id) {
        return elementById("ui-modal", id).then(function (element) {
          return element.hide();
        });
      },
      toggle: function (id) {
        return elementById("ui-modal", id).then(function (element) {
          return element.toggle();
        });
      },
    },
    saveBar: {
      show: function (id) {
        return elementById("ui-save-bar", id).then(function (element) {
          return element.show();
        });
      },
      hide: function (id) {
        return elementById("ui-save-bar", id).then(function (element) {
          return element.hide();
        });
      },
      toggle: function (id) {
        return elementById("ui-save-bar", id).then(function (element) {
          return element.toggle();
        });
      },
      leaveConfirmation: leaveConfirmation,
    },
    resourcePicker: unavailable("resourcePicker"),
    scopes: { query: unavailable("scopes.query"), request: unavailable("scopes.request"), revoke: unavailable("scopes.revoke") },
  };

  // --- Start -----------------------------------------------------------------------------------------------------
  if (embedded) {
    if (isBouncePage()) bounce();
    reportLocation(false);
  } else if (config.disabledFeatures.indexOf("auto-redirect") === -1 && !isExitIframePage()) {
    redirectIntoAdmin();
  }

  /**
   * Opened outside the admin (the app's URL typed into the address bar), App Bridge sends the browser to the app's
   * page inside the admin, which loads it again in its iframe with a fresh launch.
   */
  function redirectIntoAdmin() {
    if (!ADMIN_ORIGIN || !config.shop || !/\.myshopify\.com$/i.test(config.shop) || !config.apiKey) return;
    var page = location;
    if (isBouncePage()) {
      try {
        page = new URL(launch.get("shopify-reload") || "", location.href);
      } catch {
        page = location;
      }
    }
    var search = new URLSearchParams(page.search);
    LAUNCH_PARAMS.concat(["shopify-reload"]).forEach(function (name) {
      search.delete(name);
    });
    var query = search.toString();
    var handle = config.shop.replace(/\.myshopify\.com$/i, "");
    location.replace(
      ADMIN_ORIGIN + "/store/" + handle + "/apps/" + encodeURIComponent(config.apiKey) + (page.pathname === "/" ? "" : page.pathname) + (query ? "?" + query : ""),
    );
  }

  // --- Helpers --------------------------------------------------------------------------------------------------
  function metaContent(name) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function listFromMeta(name) {
    return (metaContent(name) || "")
      .split(",")
      .map(function (item) {
        return item.trim();
      })
      .filter(Boolean);
  }

  // The launch parameters are only on the first URL; client-side navigation drops them. Keep them for this tab.
  function readStoredLaunch() {
    try {
      return JSON.parse(sessionStorage.getItem("devstore-app-bridge:launch") || "{}") || {};
    } catch {
      return {};
    }
  }

  function storeLaunch(current) {
    try {
      sessionStorage.setItem(
        "devstore-app-bridge:launch",
        JSON.stringify({ shop: current.shop, host: current.host, locale: current.locale }),
      );
    } catch {
      // Storage can be blocked for third-party frames; the URL parameters still work.
    }
  }
})();
