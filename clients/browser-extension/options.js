// Options page: the service URL, the API key and the allow-list, kept in chrome.storage.local.
"use strict";

const api = globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome;
const DEFAULTS = {serviceUrl: "http://127.0.0.1:8000", apiKey: "", endpoint: "score", display: "hide",
                  timeoutMs: 20000, autoSites: []};
const $ = (id) => document.getElementById(id);

function show(kind, text) {
  const status = $("status");
  status.className = kind;
  status.textContent = text;
}

function origins(text) {
  const result = [];
  for (const line of text.split(/\s+/)) {
    if (!line) continue;
    const url = new URL(line);  // throws on a bad line
    if (!/^https?:$/.test(url.protocol)) throw new Error(`${line}: only http(s) sites`);
    if (!result.includes(url.origin)) result.push(url.origin);
  }
  return result;
}

async function load() {
  const settings = {...DEFAULTS, ...(await api.storage.local.get(Object.keys(DEFAULTS)))};
  $("serviceUrl").value = settings.serviceUrl;
  $("apiKey").value = settings.apiKey;
  $("endpoint").value = settings.endpoint;
  $("display").value = settings.display;
  $("timeoutMs").value = settings.timeoutMs;
  $("autoSites").value = (settings.autoSites || []).join("\n");
  $("origin").textContent = new URL(api.runtime.getURL("/")).origin;
}

async function save(event) {
  event.preventDefault();
  let autoSites, serviceUrl;
  try {
    serviceUrl = new URL($("serviceUrl").value.trim());
    if (!/^https?:$/.test(serviceUrl.protocol)) throw new Error("the service URL must be http(s)");
    autoSites = origins($("autoSites").value);
  } catch (e) {
    show("error", `Not saved: ${e.message}`);
    return;
  }
  // The allow-listed sites need a host permission (asked here, on the user's click), nothing else does.
  if (autoSites.length) {
    const granted = await api.permissions.request({origins: autoSites.map((o) => `${o}/*`)});
    if (!granted) {
      show("error", "Not saved: the browser did not allow the extension to run on those sites.");
      return;
    }
  }
  await api.storage.local.set({
    serviceUrl: serviceUrl.href.replace(/\/+$/, ""),
    apiKey: $("apiKey").value.trim(),
    endpoint: $("endpoint").value,
    display: $("display").value,
    timeoutMs: Math.max(500, Number($("timeoutMs").value) || DEFAULTS.timeoutMs),
    autoSites,
  });
  show("ok", "Saved.");
}

async function test() {
  show("ok", "Testing…");
  const answer = await api.runtime.sendMessage({type: "promo-detector:test-connection"});
  if (answer && answer.ok) show("ok", `The service answered (model ${answer.model ? answer.model.name || "?" : "?"}).`);
  else show("error", answer ? answer.error.message : "No answer from the extension.");
}

$("form").addEventListener("submit", save);
$("test").addEventListener("click", test);
load();
