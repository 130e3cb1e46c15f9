/*
 * The local Shopify admin page's script: the parent side of the App Bridge stand-in
 * (devstore/app-bridge/app-bridge.js, which documents the message protocol).
 *
 * Shopify admin hosts an embedded app in an iframe and does, on the app's behalf, what the app cannot do from
 * inside it: mint session tokens, show toasts and the contextual save bar, render the app's navigation in the
 * sidebar and its title bar above the frame, keep the browser's address bar on the app's current page, and navigate
 * the whole window when the app asks. This script does the same for the devstore. Plain browser JavaScript, no
 * build step. It trusts messages only from the app iframe's window and only from the app's origin.
 */
(function () {
  "use strict";

  var SOURCE = "devstore-app-bridge";
  var configElement = document.getElementById("devstore-shell-config");
  var config = JSON.parse((configElement && configElement.textContent) || "{}");

  setUpNarrowNavigation();
  if (!config.appOrigin) return; // a placeholder page: nothing embedded

  var iframe = document.getElementById("app-iframe");
  var navList = document.getElementById("app-nav");
  var homeLink = document.getElementById("app-home-link");
  var titleHeading = document.getElementById("titlebar-heading");
  var titleElement = document.getElementById("app-title");
  var titleActions = document.getElementById("titlebar-actions");
  var loadingBar = document.getElementById("loading-bar");
  var toasts = document.getElementById("toasts");
  var saveBar = document.getElementById("savebar");
  var saveButton = document.getElementById("savebar-save");
  var discardButton = document.getElementById("savebar-discard");
  var dimTop = document.getElementById("dim-top");
  var dimSide = document.getElementById("dim-side");

  var navItems = [];
  var currentAppPath = null;
  var saveBarState = null;
  var toastTimers = {};
  var shellToastCount = 0;
  var pageTitle = "";

  // --- Session tokens ----------------------------------------------------------------------------------------------
  // Minted by the admin's server for the logged-in staff member; cached until ~10 s before expiry, as App Bridge does.
  var cachedToken = null;
  var tokenRequest = null;

  function rememberToken(minted) {
    // Compare durations, not clocks: the devstore's clock may differ from the browser's.
    cachedToken = {
      idToken: minted.idToken,
      validUntil: Date.now() + (minted.expiresAt - minted.issuedAt) * 1000,
    };
  }
  if (config.initialToken) rememberToken(config.initialToken);

  function sessionToken(force) {
    if (!force && cachedToken && cachedToken.validUntil - Date.now() > 10000) {
      return Promise.resolve(cachedToken.idToken);
    }
    if (tokenRequest) return tokenRequest;
    tokenRequest = fetch(config.tokenEndpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ apiKey: config.apiKey }),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            if (!response.ok) throw new Error(body.error || "The admin could not mint a session token (HTTP " + response.status + ")");
            rememberToken(body);
            return body.idToken;
          });
      })
      .finally(function () {
        tokenRequest = null;
      });
    return tokenRequest;
  }

  // --- Messages ----------------------------------------------------------------------------------------------------
  function post(message) {
    if (!iframe.contentWindow) return;
    message.source = SOURCE;
    // Only a document on the app's origin can receive it, wherever the frame has navigated.
    iframe.contentWindow.postMessage(message, config.appOrigin);
  }

  var handlers = {
    hello: function (message) {
      if (message.apiKey !== config.apiKey) {
        var problem =
          "App Bridge in the app was set up with API key " + JSON.stringify(message.apiKey) +
          ", but this admin hosts the app with API key " + JSON.stringify(config.apiKey) + ". Check SHOPIFY_API_KEY.";
        console.error(problem);
        showShellToast(problem);
        return;
      }
      // A new document in the frame: whatever the previous one showed is gone.
      setLoading(false);
      setModalOpen(false);
      renderSaveBar({ visible: false });
      post({
        type: "hello:ack",
        user: config.user,
        shop: config.shop,
        host: btoaUrl("admin.shopify.com/store/" + config.shopHandle),
        locale: config.user && config.user.locale,
      });
    },
    idToken: function (message) {
      sessionToken(Boolean(message.force)).then(
        function (idToken) {
          post({ type: "idToken:response", id: message.id, idToken: idToken });
        },
        function (error) {
          showShellToast(error.message);
          post({ type: "idToken:response", id: message.id, error: error.message });
        },
      );
    },
    location: function (message) {
      if (typeof message.path !== "string" || message.path.charAt(0) !== "/") return;
      currentAppPath = message.path;
      // Shopify keeps the admin URL on the app's current page (replaceState: the app's own history is the frame's),
      // so reloading the admin, or sharing its URL, opens the same page of the app.
      var adminPath = config.appBasePath + (message.path === "/" ? "" : message.path) + (message.search || "") + (message.hash || "");
      if (adminPath !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", adminPath);
      markActiveNavItem();
    },
    "toast:show": function (message) {
      showToast(message);
    },
    "toast:hide": function (message) {
      hideToast(message.id);
    },
    loading: function (message) {
      setLoading(Boolean(message.on));
    },
    navMenu: function (message) {
      renderNav(Array.isArray(message.items) ? message.items : []);
    },
    titleBar: function (message) {
      renderTitleBar(message);
    },
    saveBar: function (message) {
      renderSaveBar(message);
    },
    "saveBar:leaveConfirmation": function (message) {
      var confirmed = !isSaveBarVisible() || confirmLeave();
      post({ type: "saveBar:leaveConfirmation:response", id: message.id, confirmed: confirmed });
    },
    modal: function (message) {
      setModalOpen(Boolean(message.open));
    },
    redirect: function (message) {
      navigateTop(message.url);
    },
  };

  window.addEventListener("message", function (event) {
    if (event.source !== iframe.contentWindow || event.origin !== config.appOrigin) return;
    var message = event.data;
    if (!message || message.source !== SOURCE || typeof message.type !== "string") return;
    var handler = Object.prototype.hasOwnProperty.call(handlers, message.type) ? handlers[message.type] : null;
    if (handler) handler(message);
  });

  // The frame loads slowly the first time (Vite): show the loading bar until App Bridge in it says hello.
  setLoading(true);
  iframe.addEventListener("load", function () {
    setLoading(false);
  });

  // --- Navigation menu (ui-nav-menu) ----------------------------------------------------------------------------------
  function adminHrefFor(appHref) {
    try {
      var url = new URL(appHref, config.appOrigin + (currentAppPath || "/"));
      if (url.origin !== config.appOrigin) return null;
      return config.appBasePath + (url.pathname === "/" ? "" : url.pathname) + url.search;
    } catch {
      return null;
    }
  }

  function appPathOf(appHref) {
    try {
      return new URL(appHref, config.appOrigin + (currentAppPath || "/")).pathname;
    } catch {
      return null;
    }
  }

  function renderNav(items) {
    navItems = items;
    navList.textContent = "";
    var home = items.filter(function (item) {
      return item.home;
    })[0];
    if (home && adminHrefFor(home.href)) homeLink.href = adminHrefFor(home.href);
    items.forEach(function (item) {
      // The rel="home" item configures where the app's name leads; Shopify does not list it as a link.
      if (item.home) return;
      var href = adminHrefFor(item.href);
      if (!href) return;
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = href;
      link.textContent = item.label;
      link.dataset.index = String(item.index);
      link.addEventListener("click", function (event) {
        onNavClick(event, item);
      });
      li.appendChild(link);
      navList.appendChild(li);
    });
    markActiveNavItem();
  }

  homeLink.addEventListener("click", function (event) {
    var home = navItems.filter(function (item) {
      return item.home;
    })[0];
    if (home) onNavClick(event, home);
  });

  function onNavClick(event, item) {
    // Modified clicks open the deep link in a new tab, like any link.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (isSaveBarVisible()) {
      // Shopify refuses to leave a page with unsaved changes and shakes the save bar instead.
      shakeSaveBar();
      return;
    }
    document.body.classList.remove("nav-open");
    post({ type: "navMenu:click", index: item.index, href: item.href });
  }

  function markActiveNavItem() {
    var best = null;
    var bestLength = -1;
    navItems.forEach(function (item) {
      var path = appPathOf(item.href);
      if (!path || currentAppPath === null) return;
      var trimmed = path.replace(/\/+$/, "") || "/";
      var matches = currentAppPath === trimmed || currentAppPath.indexOf(trimmed === "/" ? "/" : trimmed + "/") === 0;
      if (matches && trimmed.length > bestLength) {
        best = item;
        bestLength = trimmed.length;
      }
    });
    Array.prototype.forEach.call(navList.querySelectorAll("a"), function (link) {
      if (best && !best.home && link.dataset.index === String(best.index)) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    if (!best || best.home) homeLink.setAttribute("aria-current", "page");
    else homeLink.removeAttribute("aria-current");
  }

  // --- Title bar (ui-title-bar) -------------------------------------------------------------------------------------
  function renderTitleBar(message) {
    pageTitle = typeof message.title === "string" ? message.title : "";
    titleElement.textContent = pageTitle || config.appName;
    document.title = (pageTitle ? pageTitle + " · " : "") + config.appName + " · devstore";
    var oldCrumb = titleHeading.querySelector(".crumb");
    if (oldCrumb) oldCrumb.remove();
    titleActions.textContent = "";
    var actions = Array.isArray(message.actions) ? message.actions : [];
    actions.forEach(function (action) {
      if (action.variant === "breadcrumb") {
        var crumb = document.createElement("button");
        crumb.type = "button";
        crumb.className = "crumb";
        crumb.textContent = action.label + " ›";
        crumb.addEventListener("click", function () {
          post({ type: "titleBar:click", index: action.index });
        });
        titleHeading.insertBefore(crumb, titleElement);
      }
    });
    // Secondary actions first, the primary action last (rightmost), as in the admin.
    actions
      .filter(function (action) {
        return action.variant !== "breadcrumb";
      })
      .sort(function (a, b) {
        return (a.variant === "primary" ? 1 : 0) - (b.variant === "primary" ? 1 : 0);
      })
      .forEach(function (action) {
        var button = document.createElement("button");
        button.type = "button";
        button.className =
          "btn" + (action.variant === "primary" ? " btn-primary" : "") + (action.tone === "critical" ? " btn-critical" : "");
        button.textContent = action.label;
        button.disabled = Boolean(action.disabled);
        if (action.loading) button.setAttribute("aria-busy", "true");
        button.addEventListener("click", function () {
          post({ type: "titleBar:click", index: action.index });
        });
        titleActions.appendChild(button);
      });
  }

  // --- Contextual save bar (ui-save-bar) ----------------------------------------------------------------------------
  function isSaveBarVisible() {
    return Boolean(saveBarState && saveBarState.visible);
  }

  function renderSaveBar(message) {
    saveBarState = message;
    saveBar.hidden = !message.visible;
    if (!message.visible) return;
    applyButton(saveButton, message.save, "Save");
    applyButton(discardButton, message.discard, "Discard");
  }

  function applyButton(button, state, fallbackLabel) {
    button.textContent = (state && state.label) || fallbackLabel;
    button.disabled = Boolean(state && state.disabled);
    if (state && state.loading) button.setAttribute("aria-busy", "true");
    else button.removeAttribute("aria-busy");
  }

  function shakeSaveBar() {
    saveBar.classList.remove("shake");
    void saveBar.offsetWidth; // restart the animation
    saveBar.classList.add("shake");
  }

  function confirmLeave() {
    shakeSaveBar();
    return window.confirm("Leave page? Your unsaved changes will be lost.");
  }

  saveButton.addEventListener("click", function () {
    if (saveBarState) post({ type: "saveBar:click", id: saveBarState.id, which: "save" });
  });
  discardButton.addEventListener("click", function () {
    if (!saveBarState) return;
    if (saveBarState.discardConfirmation && !window.confirm("Discard all unsaved changes?")) return;
    post({ type: "saveBar:click", id: saveBarState.id, which: "discard" });
  });

  // --- Toasts, loading, modal dimming --------------------------------------------------------------------------------
  function showToast(message) {
    var id = String(message.id);
    hideToast(id);
    var toast = document.createElement("div");
    toast.className = "toast" + (message.isError ? " error" : "");
    toast.dataset.id = id;
    toast.setAttribute("role", message.isError ? "alert" : "status");
    var text = document.createElement("span");
    text.textContent = String(message.message);
    toast.appendChild(text);
    if (message.action) {
      var action = document.createElement("button");
      action.type = "button";
      action.className = "toast-action";
      action.textContent = String(message.action);
      action.addEventListener("click", function () {
        post({ type: "toast:action", id: id });
        hideToast(id);
      });
      toast.appendChild(action);
    }
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.setAttribute("aria-label", "Dismiss notification");
    dismiss.textContent = "✕";
    dismiss.addEventListener("click", function () {
      post({ type: "toast:dismiss", id: id });
      hideToast(id);
    });
    toast.appendChild(dismiss);
    toasts.appendChild(toast);
    var duration = typeof message.duration === "number" && message.duration > 0 ? message.duration : 5000;
    toastTimers[id] = setTimeout(function () {
      hideToast(id);
    }, duration);
  }

  function hideToast(id) {
    clearTimeout(toastTimers[id]);
    delete toastTimers[id];
    Array.prototype.forEach.call(toasts.children, function (toast) {
      if (toast.dataset.id === String(id)) toast.remove();
    });
  }

  function showShellToast(text) {
    shellToastCount += 1;
    showToast({ id: "admin-" + shellToastCount, message: text, isError: true, duration: 10000 });
  }

  function setLoading(on) {
    loadingBar.hidden = !on;
  }

  function setModalOpen(open) {
    dimTop.hidden = !open;
    dimSide.hidden = !open;
  }

  // --- Redirects out of the frame (window.open(url, "_top"), exit-iframe, reauthorize) ---------------------------
  function navigateTop(rawUrl) {
    var url = toLocalUrl(String(rawUrl));
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      showShellToast("The app asked to open " + JSON.stringify(String(rawUrl)) + ", which is not an http(s) URL. Refused.");
      return;
    }
    window.location.assign(url.href);
  }

  /**
   * The app only knows Shopify's real addresses. admin.shopify.com is this page's origin here, and the shop's own
   * domain is served by the devstore on the same origin; `shopify://admin/…` is App Bridge's shorthand for an admin
   * page. Relative URLs are the app's.
   */
  function toLocalUrl(raw) {
    try {
      var adminShorthand = /^shopify:\/*admin(\/.*)?$/i.exec(raw);
      if (adminShorthand) return new URL("/store/" + config.shopHandle + (adminShorthand[1] || ""), config.adminOrigin);
      var url = new URL(raw, config.appOrigin + "/");
      if (url.hostname === "admin.shopify.com" || url.hostname === config.shop) {
        return new URL(url.pathname + url.search + url.hash, config.adminOrigin);
      }
      return url;
    } catch {
      return null;
    }
  }

  function btoaUrl(text) {
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // --- Narrow windows -----------------------------------------------------------------------------------------------
  function setUpNarrowNavigation() {
    var toggle = document.getElementById("menu-toggle");
    var scrim = document.getElementById("scrim");
    if (!toggle) return;
    function setOpen(open) {
      document.body.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    }
    toggle.addEventListener("click", function () {
      setOpen(!document.body.classList.contains("nav-open"));
    });
    if (scrim) {
      scrim.addEventListener("click", function () {
        setOpen(false);
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") setOpen(false);
    });
  }
})();
