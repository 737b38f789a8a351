// Promo Detector reader mode: background (a service worker in Chromium, an event page in Firefox).
//
// It is the only part of the extension that talks to the network, and it talks only to the service URL the
// user configured in the options page. The content script (content.js) sends it the page's HTML; it answers
// with the service's verdict or with a classified error the content script can show.
//
// Entry points (all end in runInTab, the one code path):
//   - the toolbar button (chrome.action.onClicked) and the keyboard shortcut (chrome.commands, Alt+Shift+P),
//     which grant activeTab for the current page;
//   - automatic mode: a finished page load in a tab whose origin is on the user's allow-list (and for which
//     the user granted the optional host permission when adding it in the options page).
"use strict";

const DEFAULTS = Object.freeze({
  serviceUrl: "http://127.0.0.1:8000",
  apiKey: "",
  endpoint: "score",          // "score": POST /v1/score?blocks=promo; "clean": POST /v1/clean?mode=highlight
  display: "hide",            // "hide" the promo blocks, or only "outline" them
  timeoutMs: 20000,           // a slower answer is reported as a timeout and the page is left untouched
  autoSites: [],              // origins ("https://news.example") processed on load, without a click
});

const api = globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome;

async function getSettings() {
  const stored = await api.storage.local.get(Object.keys(DEFAULTS));
  return {...DEFAULTS, ...stored};
}

function serviceBase(url) {
  const parsed = new URL(String(url || "").trim());
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("the service URL must be http(s)");
  return parsed.origin + parsed.pathname.replace(/\/+$/, "");
}

function extensionOrigin() {
  return new URL(api.runtime.getURL("/")).origin;
}

// --- the call to the service -------------------------------------------------------------------------------

class ServiceError extends Error {
  constructor(kind, message, status) {
    super(message);
    this.kind = kind;
    this.status = status || 0;
  }
}

async function readError(response) {
  try {
    const body = await response.json();
    if (body && body.error) return `${body.error.code}: ${body.error.message}`;
  } catch (e) { /* not JSON */ }
  return `HTTP ${response.status}`;
}

async function reachable(base) {
  // After a network-level failure: is the service there at all (an opaque no-cors GET resolves), so the failure
  // was the CORS check (origin not on the service's allow-list)?
  try {
    await fetch(`${base}/healthz`, {mode: "no-cors", cache: "no-store", signal: AbortSignal.timeout(3000)});
    return true;
  } catch (e) {
    return false;
  }
}

async function callService(settings, html, pageUrl) {
  let base;
  try {
    base = serviceBase(settings.serviceUrl);
  } catch (e) {
    throw new ServiceError("config", `The service URL "${settings.serviceUrl}" is not valid: set it in the options.`);
  }
  const route = settings.endpoint === "clean" ? "/v1/clean?mode=highlight" : "/v1/score?blocks=promo";
  const query = pageUrl && /^https?:/.test(pageUrl) ? `&url=${encodeURIComponent(pageUrl)}` : "";
  const headers = {"Content-Type": "text/html; charset=utf-8"};
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
  const timeoutMs = Math.max(500, Number(settings.timeoutMs) || DEFAULTS.timeoutMs);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(base + route + query, {
      method: "POST", headers, body: html, signal: controller.signal,
      credentials: "omit", cache: "no-store", redirect: "error", referrerPolicy: "no-referrer",
    });
  } catch (e) {
    clearTimeout(timer);
    if (controller.signal.aborted) {
      throw new ServiceError("timeout", `The service at ${base} did not answer within ${timeoutMs / 1000} s.`);
    }
    if (await reachable(base)) {
      throw new ServiceError("origin", `The service at ${base} refused this extension's origin (CORS): add ` +
        `${extensionOrigin()} to PROMO_DETECTOR_CORS_ORIGINS on the server.`);
    }
    throw new ServiceError("unreachable", `The service at ${base} is unreachable (${e.message}).`);
  }
  try {
    if (response.status === 401) {
      throw new ServiceError("unauthorized", "The service refused the API key (401): check the key in the options.",
                             401);
    }
    if (response.status === 403) {
      throw new ServiceError("origin", `The service refused this extension's origin (403): add ${extensionOrigin()} ` +
        "to PROMO_DETECTOR_CORS_ORIGINS on the server.", 403);
    }
    if (!response.ok) {
      throw new ServiceError("service", `The service could not score this page: ${await readError(response)}.`,
                             response.status);
    }
    if (settings.endpoint === "clean") {
      return {endpoint: "clean", html: await response.text(),
              inserts: Number(response.headers.get("X-Promo-Inserts") || 0)};
    }
    const verdict = await response.json();
    return {endpoint: "score", verdict};
  } catch (e) {
    if (controller.signal.aborted) {
      throw new ServiceError("timeout", `The service at ${base} did not answer within ${timeoutMs / 1000} s.`);
    }
    if (e instanceof ServiceError) throw e;
    throw new ServiceError("service", `The service's answer could not be read (${e.message}).`);
  } finally {
    clearTimeout(timer);
  }
}

// --- tabs -------------------------------------------------------------------------------------------------

async function setBadge(tabId, text, color) {
  try {
    await api.action.setBadgeText({tabId, text});
    if (color) await api.action.setBadgeBackgroundColor({tabId, color});
  } catch (e) { /* the tab is gone */ }
}

// The one code path behind the toolbar button, the shortcut and the automatic mode. "run" scores the page the
// first time and toggles show/hide afterwards (the content script keeps its state).
async function runInTab(tabId, reason = "action") {
  await api.scripting.executeScript({target: {tabId}, files: ["content.js"]});
  return api.tabs.sendMessage(tabId, {type: "promo-detector:run", reason});
}

function originOf(url) {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin : null;
  } catch (e) {
    return null;
  }
}

async function isAutoSite(url) {
  const origin = originOf(url);
  if (!origin) return false;
  const {autoSites} = await getSettings();
  if (!Array.isArray(autoSites) || !autoSites.some((site) => originOf(site) === origin)) return false;
  return api.permissions.contains({origins: [`${origin}/*`]});
}

api.action.onClicked.addListener((tab) => {
  runInTab(tab.id, "action").catch((e) => console.warn("promo-detector:", e.message));
});

api.commands.onCommand.addListener((command, tab) => {
  if (command !== "run-promo-detector") return;
  const pick = tab ? Promise.resolve(tab) : api.tabs.query({active: true, currentWindow: true}).then((t) => t[0]);
  pick.then((t) => t && runInTab(t.id, "shortcut")).catch((e) => console.warn("promo-detector:", e.message));
});

api.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
  if (changeInfo.status !== "complete" || !tab.url) return;  // tab.url is only visible with the host permission
  isAutoSite(tab.url)
    .then((auto) => auto && runInTab(tabId, "auto"))
    .catch((e) => console.warn("promo-detector:", e.message));
});

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || typeof message.type !== "string") return false;
  if (message.type === "promo-detector:score" && sender.tab) {
    getSettings()
      .then((settings) => callService(settings, message.html, message.url)
        .then((result) => sendResponse({ok: true, display: settings.display, ...result})))
      .catch((e) => sendResponse({ok: false, error: {kind: e.kind || "internal", message: e.message,
                                                       status: e.status || 0}}));
    return true;  // answers asynchronously
  }
  if (message.type === "promo-detector:badge" && sender.tab) {
    const count = Number(message.count) || 0;
    setBadge(sender.tab.id, message.error ? "!" : (count ? String(count) : ""), message.error ? "#b3261e" : "#555");
    return false;
  }
  if (message.type === "promo-detector:test-connection") {  // from the options page
    const probe = "<html><body><p>Connection test from the browser extension.</p></body></html>";
    getSettings()
      .then((settings) => callService({...settings, endpoint: "score"}, probe, ""))
      .then((result) => sendResponse({ok: true, model: result.verdict && result.verdict.model}))
      .catch((e) => sendResponse({ok: false, error: {kind: e.kind || "internal", message: e.message}}));
    return true;
  }
  if (message.type === "promo-detector:origin") {
    sendResponse({origin: extensionOrigin()});
    return false;
  }
  return false;
});
