// Promo Detector reader mode: content script. Injected on demand (toolbar button, shortcut, allow-listed site);
// it never talks to the network itself. On "run" it sends the page's HTML to the background, maps the promo
// blocks of the answer back to the live DOM (by XPath, checked against the text, else by text), and hides (or
// outlines) them all at once; a small badge counts the hidden inserts and toggles them. On any error it shows
// a message and changes nothing else in the page.
"use strict";

(() => {
  if (globalThis.__promoDetector) return;  // injected again by a second click: the listener is already there

  const api = globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome;

  // Mirrors detector/segment.py: which elements are inline (a text run continues through them) and which hold
  // no visible text.
  const INLINE = new Set(("a abbr b bdi bdo cite code data del dfn em font i img ins kbd mark q s samp small " +
    "span strong sub sup time tt u var wbr strike big nobr label output meter progress picture source ruby rt rp")
    .split(" "));
  const INVISIBLE = new Set(("script style template noscript head title meta link svg math iframe object embed " +
    "canvas audio video map select datalist input textarea frameset noframes param track").split(" "));
  const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
  const MARK = "data-promo-detector";
  const OUTLINE = "2px dashed #c62828";

  const norm = (s) => String(s || "").replace(/\s+/g, " ").trim();
  const tagOf = (el) => el.localName.toLowerCase();

  function skipped(el) {
    return INVISIBLE.has(tagOf(el)) || el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true" ||
      HIDDEN_STYLE.test(el.getAttribute("style") || "") || el === state.host;
  }

  function inlineText(el) {
    let text = "";
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.CDATA_SECTION_NODE) text += child.data;
      else if (child.nodeType === Node.ELEMENT_NODE && !skipped(child)) {
        text += tagOf(child) === "br" ? "\n" : inlineText(child);
      }
    }
    return text;
  }

  function hasBlockInside(el) {
    for (const child of el.children) {
      if (skipped(child)) continue;
      if (!INLINE.has(tagOf(child)) && tagOf(child) !== "br") return true;
      if (hasBlockInside(child)) return true;
    }
    return false;
  }

  // The live DOM cut into text runs the way the service cuts its parse of the page: every run has its owner
  // (nearest non-inline element), the owner's child nodes it spans, and its normalised text.
  function segment(root) {
    const runs = [];
    const walk = (owner) => {
      let nodes = [], text = "", lastBr = false;
      const flush = () => {
        const t = norm(text);
        if (t) runs.push({owner, nodes, text: t});
        nodes = []; text = ""; lastBr = false;
      };
      for (const child of owner.childNodes) {
        if (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.CDATA_SECTION_NODE) {
          nodes.push(child); text += child.data;
          if (child.data.trim()) lastBr = false;
        } else if (child.nodeType === Node.ELEMENT_NODE && !skipped(child)) {
          const tag = tagOf(child);
          if (tag === "br") {
            if (lastBr) flush();
            lastBr = true; nodes.push(child); text += "\n";
          } else if (INLINE.has(tag) && !hasBlockInside(child)) {
            nodes.push(child); text += inlineText(child);
            if (child.textContent.trim()) lastBr = false;
          } else {
            flush();
            walk(child);
          }
        }
      }
      flush();
    };
    if (root) walk(root);
    return runs;
  }

  function byPath(path) {
    if (!path || path[0] !== "/") return null;
    try {
      const node = document.evaluate(path, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
      return node && node.nodeType === Node.ELEMENT_NODE ? node : null;
    } catch (e) {
      return null;
    }
  }

  // How well a run's text stands for a block's text: 2 equal, 1 nearly equal (one contains the other and the
  // difference is a few characters: entity or whitespace differences between the two parses), 0 no match.
  function closeness(runText, blockText) {
    if (runText === blockText) return 2;
    const [a, b] = [runText.toLowerCase(), blockText.toLowerCase()];
    if (a === b) return 2;
    const longer = Math.max(a.length, b.length), shorter = Math.min(a.length, b.length);
    if ((a.includes(b) || b.includes(a)) && shorter >= 0.9 * longer) return 1;
    return 0;
  }

  // A promo run inside an owner that also shows other text -> the single inline element that makes up the run, or
  // the run's nodes (wrapped in a span when applied). Never the owner itself.
  function targetFor(run) {
    const meaningful = run.nodes.filter((n) => n.nodeType === Node.ELEMENT_NODE || n.data.trim());
    if (meaningful.length === 1 && meaningful[0].nodeType === Node.ELEMENT_NODE) {
      return {element: meaningful[0], text: run.text};
    }
    return {nodes: run.nodes, text: run.text};
  }

  function locate(blocks) {
    const runs = segment(document.body);
    const runsByOwner = new Map();
    for (const run of runs) {
      if (!runsByOwner.has(run.owner)) runsByOwner.set(run.owner, []);
      runsByOwner.get(run.owner).push(run);
    }
    const claimed = new Set();
    const found = [], missed = [];
    for (const block of blocks) {
      const text = norm(block.text);
      const pick = (candidates) => {
        let best = null, bestScore = 0;
        for (const run of candidates) {
          if (claimed.has(run)) continue;
          const score = closeness(run.text, text) * 2 + (tagOf(run.owner) === block.tag ? 1 : 0);
          if (closeness(run.text, text) && score > bestScore) { best = run; bestScore = score; }
        }
        return best;
      };
      // 1. the element at the block's path, if its text holds the block's text (its own run, or a run inside it:
      //    the browser's DOM may nest a little differently from lxml's, e.g. an added <tbody>)
      let run = null;
      const el = byPath(block.path);
      if (el && norm(el.textContent).toLowerCase().includes(text.toLowerCase().slice(0, 200))) {
        run = pick(runsByOwner.get(el) || []) || pick(runs.filter((r) => el.contains(r.owner)));
      }
      // 2. anywhere in the page, by text (the first unclaimed run that matches, same tag preferred)
      if (!run) run = pick(runs);
      if (!run) { missed.push(block); continue; }
      claimed.add(run);
      found.push({run, block});
    }
    // A container whose every text run is promo (an ad box, a product box, a table row) is hidden as a whole, so
    // its frame, background and images go too; climbing stops below the first ancestor that shows other text.
    const allClaimed = (el) => runs.every((r) => !el.contains(r.owner) || claimed.has(r));
    const top = (run) => {
      if (!allClaimed(run.owner)) return null;
      let el = run.owner;
      while (el.parentElement && el.parentElement !== document.body && el.parentElement !== document.documentElement &&
             allClaimed(el.parentElement)) el = el.parentElement;
      return el === document.body || el === document.documentElement ? null : el;
    };
    const targets = [];
    const byElement = new Map();
    for (const {run, block} of found) {
      const element = top(run);
      const target = element ? {element, text: run.text} : targetFor(run);
      if (target.element && byElement.has(target.element)) {
        byElement.get(target.element).blocks.push(block);
        continue;
      }
      const entry = {...target, block, blocks: [block]};
      if (target.element) byElement.set(target.element, entry);
      targets.push(entry);
    }
    // drop targets that lie inside another target's element
    const elements = targets.filter((t) => t.element).map((t) => t.element);
    const inside = (node) => elements.some((el) => el !== node && el.contains(node));
    return {targets: targets.filter((t) => t.element ? !inside(t.element) : !t.nodes.some(inside)), missed};
  }

  // --- applying, all or nothing -------------------------------------------------------------------------------

  const state = {status: "idle", targets: [], hidden: false, display: "hide", inserts: 0, host: null};

  function wrap(nodes) {
    const first = nodes[0];
    const wrapper = document.createElement("span");
    wrapper.setAttribute(MARK + "-wrap", "");
    first.parentNode.insertBefore(wrapper, first);
    for (const node of nodes) wrapper.appendChild(node);
    return wrapper;
  }

  function unwrap(wrapper) {
    const parent = wrapper.parentNode;
    if (!parent) return;
    while (wrapper.firstChild) parent.insertBefore(wrapper.firstChild, wrapper);
    wrapper.remove();
  }

  function setLook(entry, look) {  // look: "hidden", "outlined" or "original"
    const style = entry.element.style;
    const restore = (prop) => {
      if (entry.saved[prop][0]) style.setProperty(prop, entry.saved[prop][0], entry.saved[prop][1]);
      else style.removeProperty(prop);
    };
    restore("display"); restore("outline"); restore("outline-offset");
    if (look === "hidden") {
      style.setProperty("display", "none", "important");
    } else if (look === "outlined") {
      style.setProperty("outline", OUTLINE, "important");
      style.setProperty("outline-offset", "2px", "important");
      if (entry.wrapped) style.setProperty("display", "inline", "important");
    }
    if (look === "original") entry.element.removeAttribute(MARK);
    else entry.element.setAttribute(MARK, look);
  }

  function apply(targets, look) {
    const done = [];
    try {
      for (const target of targets) {
        if (!target.element && !target.nodes.every((n) => n.isConnected)) continue;
        const wrapped = !target.element;
        const element = target.element || wrap(target.nodes);
        if (done.some((e) => e.element === element)) continue;
        const saved = {};
        for (const prop of ["display", "outline", "outline-offset"]) {
          saved[prop] = [element.style.getPropertyValue(prop), element.style.getPropertyPriority(prop)];
        }
        const entry = {element, wrapped, saved, block: target.block};
        done.push(entry);
        element.setAttribute(MARK + "-score", String(target.block.score ?? ""));
        setLook(entry, look);
      }
      return done;
    } catch (e) {
      revert(done);
      throw e;
    }
  }

  function revert(entries) {
    for (const entry of entries.slice().reverse()) {
      try {
        setLook(entry, "original");
        entry.element.removeAttribute(MARK + "-score");
        if (entry.wrapped) unwrap(entry.element);
      } catch (e) { /* keep reverting the others */ }
    }
  }

  function lookFor(hidden) {
    return hidden ? (state.display === "outline" ? "outlined" : "hidden") : "outlined";
  }

  function toggle() {
    if (state.status !== "done") return;
    state.hidden = !state.hidden;
    for (const entry of state.targets) setLook(entry, lookFor(state.hidden));
    renderBadge();
  }

  // --- the badge (a closed-off corner of the page: shadow DOM, inline styles only) ----------------------------

  function ensureHost() {
    if (state.host && state.host.isConnected) return state.host;
    const host = document.createElement("promo-detector-badge");
    host.style.setProperty("all", "initial", "important");
    host.style.setProperty("position", "fixed", "important");
    host.style.setProperty("z-index", "2147483647", "important");
    host.style.setProperty("right", "12px", "important");
    host.style.setProperty("bottom", "12px", "important");
    host.attachShadow({mode: "open"});
    document.documentElement.appendChild(host);
    state.host = host;
    return host;
  }

  function renderBadge() {
    const host = ensureHost();
    const root = host.shadowRoot;
    root.replaceChildren();
    const box = document.createElement("div");
    box.setAttribute("part", "box");
    box.style.cssText = "font: 13px/1.35 system-ui, sans-serif; color: #fff; border-radius: 8px; " +
      "padding: 8px 10px; box-shadow: 0 2px 8px rgba(0,0,0,.3); max-width: 360px; display: flex; gap: 8px; " +
      "align-items: center;";
    const message = document.createElement("span");
    message.className = "message";
    box.appendChild(message);
    host.setAttribute("data-state", state.status);
    host.removeAttribute("data-error");
    if (state.status === "working") {
      box.style.background = "#455a64";
      message.textContent = "Promo detector: checking this page…";
    } else if (state.status === "error") {
      box.style.background = "#b3261e";
      host.setAttribute("data-error", state.error.kind);
      message.textContent = `Promo detector: ${state.error.message} The page was not changed.`;
    } else if (state.status === "done") {
      box.style.background = "#37474f";
      const n = state.inserts, blocks = state.targets.length;
      host.setAttribute("data-inserts", String(n));
      host.setAttribute("data-elements", String(blocks));
      host.setAttribute("data-blocks", String(state.located || 0));
      host.setAttribute("data-hidden", state.hidden ? "true" : "false");
      if (!blocks) {
        message.textContent = "Promo detector: no promo inserts found.";
      } else {
        const verb = state.display === "outline" ? "outlined" : "hidden";
        message.textContent = state.hidden
          ? `${n} promo insert${n === 1 ? "" : "s"} ${verb}`
          : `${n} promo insert${n === 1 ? "" : "s"} shown (outlined)`;
        if (state.missed) message.textContent += ` (${state.missed} block${state.missed === 1 ? "" : "s"} not found)`;
        const button = document.createElement("button");
        button.className = "toggle";
        button.type = "button";
        button.textContent = state.hidden ? (state.display === "outline" ? "Hide them" : "Show them") : "Hide them";
        if (state.display === "outline" && state.hidden) button.textContent = "Remove outline";
        button.style.cssText = "font: inherit; color: #fff; background: transparent; border: 1px solid #fff; " +
          "border-radius: 5px; padding: 2px 8px; cursor: pointer;";
        button.addEventListener("click", (event) => { event.stopPropagation(); toggle(); });
        box.appendChild(button);
      }
    }
    const close = document.createElement("button");
    close.className = "close";
    close.type = "button";
    close.title = "Close";
    close.textContent = "×";
    close.style.cssText = "font: inherit; font-size: 16px; color: #fff; background: transparent; border: 0; " +
      "cursor: pointer; padding: 0 2px;";
    close.addEventListener("click", (event) => {
      event.stopPropagation();
      box.style.display = "none";
    });
    box.appendChild(close);
    root.appendChild(box);
  }

  // --- one run -------------------------------------------------------------------------------------------------

  function pageHtml() {
    const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : "";
    const host = state.host;
    if (host && host.isConnected) host.remove();            // never send our own badge
    try {
      return doctype + document.documentElement.outerHTML;
    } finally {
      if (host) document.documentElement.appendChild(host);
    }
  }

  function xpathOf(el) {
    const steps = [];
    for (let node = el; node && node.nodeType === Node.ELEMENT_NODE; node = node.parentElement) {
      const tag = tagOf(node);
      let index = 0, count = 0;
      for (const sibling of node.parentElement ? node.parentElement.children : [node]) {
        if (tagOf(sibling) === tag) { count += 1; if (sibling === node) index = count; }
      }
      steps.unshift(count > 1 ? `${tag}[${index}]` : tag);
    }
    return "/" + steps.join("/");
  }

  // /v1/clean?mode=highlight answers the page with every promo block marked data-promo="<score>": read the
  // marked elements out of it (a parse with no script, never inserted into the page) as score-like blocks.
  function blocksFromCleanHtml(html) {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const blocks = [];
    for (const el of parsed.querySelectorAll("[data-promo]")) {
      if (el.parentElement && el.parentElement.closest("[data-promo]")) continue;
      const score = Number(el.getAttribute("data-promo"));
      for (const run of segment(el)) {   // a marked element is promo as a whole: each of its text runs is a block
        blocks.push({text: run.text, tag: tagOf(run.owner), path: xpathOf(run.owner), score});
      }
    }
    return blocks;
  }

  async function run(reason) {
    if (state.status === "working") return {status: "working"};
    if (state.status === "done") {
      toggle();
      return summary();
    }
    state.status = "working";
    renderBadge();
    let answer;
    try {
      answer = await api.runtime.sendMessage({type: "promo-detector:score", html: pageHtml(), url: location.href,
                                              reason});
      if (!answer) throw Object.assign(new Error("no answer from the extension's background."), {kind: "internal"});
    } catch (e) {
      answer = {ok: false, error: {kind: e.kind || "internal", message: e.message}};
    }
    if (!answer.ok) return fail(answer.error);
    try {
      state.display = answer.display === "outline" ? "outline" : "hide";
      let blocks, inserts;
      if (answer.endpoint === "clean") {
        blocks = blocksFromCleanHtml(answer.html);
        inserts = answer.inserts;
      } else {
        blocks = (answer.verdict.blocks || []).filter((b) => b.label === "promo");
        inserts = (answer.verdict.inserts || []).length;
      }
      const {targets, missed} = locate(blocks);
      state.hidden = true;
      state.targets = apply(targets, lookFor(true));    // all at once; apply() reverts itself if it fails
      state.located = targets.reduce((n, t) => n + t.blocks.length, 0);
      state.inserts = inserts;
      state.missed = missed.length;
      state.status = "done";
      renderBadge();
      api.runtime.sendMessage({type: "promo-detector:badge", count: inserts}).catch(() => {});
      return summary();
    } catch (e) {
      return fail({kind: "internal", message: `the answer could not be applied (${e.message}).`});
    }
  }

  function fail(error) {
    state.status = "error";
    state.error = {kind: error.kind || "internal", message: error.message || "unknown error."};
    renderBadge();
    api.runtime.sendMessage({type: "promo-detector:badge", error: true}).catch(() => {});
    state.status = "idle";                                   // a later click tries again
    state.host.setAttribute("data-state", "error");
    return {status: "error", error: state.error};
  }

  function summary() {
    return {status: state.status, inserts: state.inserts, blocks: state.located, elements: state.targets.length,
            missed: state.missed, hidden: state.hidden};
  }

  globalThis.__promoDetector = {run, toggle, segment};
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || message.type !== "promo-detector:run" || sender.id !== api.runtime.id) return false;
    run(message.reason).then(sendResponse, (e) => sendResponse({status: "error", error: {message: e.message}}));
    return true;
  });
})();
