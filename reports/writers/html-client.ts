/**
 * The one inline script of the HTML report (static data, plain ES2020, no network). It
 * - decodes the scenario timelines the page embeds once, gzip-compressed and base64-encoded in
 *   `<script type="application/octet-stream" id="report-fragments">`, with the browser's
 *   `DecompressionStream`, and fills a scenario block's empty `[data-fragment]` slot when the block opens
 *   (a click on its summary, a toggle, or a link or URL hash into it);
 * - filters every `[data-f]` element (root causes, scenario blocks with their row in the scenario table) by
 *   IdP (`data-idp`), tag (`data-tags`), status (`data-status`) and the words of the search box (its text
 *   and, for a scenario, the text of its timeline), the rows of `tbody[data-rows]` (contract checks,
 *   properties: status from their `row-<status>` class, no IdP or tag, so an IdP or tag filter hides
 *   them) likewise, and counts what is shown.
 * `<html data-ready>` turns `true` once the timelines are decoded (`failed` when the browser cannot:
 * every slot then says so and points at report.json).
 */
export const HTML_REPORT_SCRIPT = `
(function () {
  "use strict";
  var root = document.documentElement;
  var fragments = null;
  var texts = null;
  var failure = null;
  var byId = function (id) { return document.getElementById(id); };

  function decode() {
    var binary = atob(byId("report-fragments").textContent.trim());
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).json();
  }

  function fill(details) {
    var slot = details && details.querySelector(":scope > [data-fragment]");
    if (!slot) return;
    if (failure !== null) {
      slot.textContent = "The timeline could not be shown (" + failure + "): it is in report.json.";
      return;
    }
    if (fragments === null) return;
    slot.innerHTML = fragments[slot.getAttribute("data-fragment")] || "";
    slot.removeAttribute("data-fragment");
  }

  function reveal(id) {
    var block = /^s-[0-9]+/.exec(id);
    var details = block ? byId(block[0]) : null;
    if (!details) return;
    details.open = true;
    fill(details);
    var target = byId(id);
    if (target && target.tagName === "DETAILS") target.open = true;
    return target;
  }

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    var summary = el && el.closest("details > summary");
    if (summary) fill(summary.parentElement);
    var link = el && el.closest('a[href^="#"]');
    if (link) reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  document.addEventListener("toggle", function (event) {
    if (event.target.open) fill(event.target);
  }, true);

  function words(el, name) {
    return (el.getAttribute(name) || "").split(" ");
  }

  function plain(html) {
    return html
      .replace(/<[^>]*>/g, " ")
      .replace(/&#([0-9]+);/g, function (_, code) { return String.fromCharCode(Number(code)); })
      .toLowerCase();
  }

  function searchText(el) {
    var key = el.getAttribute("data-s");
    if (key && texts === null && fragments !== null) {
      texts = {};
      Object.keys(fragments).forEach(function (k) { texts[k] = plain(fragments[k]); });
    }
    var extra = key && texts !== null ? texts[key] || "" : "";
    return el.textContent.toLowerCase() + " " + extra;
  }

  /** A scenario's row in the table of scenarios: it is shown exactly when its block is. */
  function rowOf(id) {
    var link = document.querySelector('#scenario-rows a[href="#' + id + '"]');
    return link ? link.closest("tr") : null;
  }

  /** A contract check's or property's row: its status is its row-<status> class; it has no IdP or tag. */
  function rowStatus(row) {
    var cls = Array.prototype.find.call(row.classList, function (c) { return c.indexOf("row-") === 0; });
    return cls ? cls.slice(4) : "";
  }

  var controls = ["f-idp", "f-tag", "f-status", "f-search"].map(byId);

  function apply() {
    if (controls.indexOf(null) >= 0) return;
    var idp = controls[0].value, tag = controls[1].value, status = controls[2].value;
    var query = controls[3].value.trim().toLowerCase().split(" ").filter(Boolean);
    var matches = function (idps, tags, statuses, el) {
      var text = query.length > 0 ? searchText(el) : "";
      return (!idp || idps.indexOf(idp) >= 0) && (!tag || tags.indexOf(tag) >= 0) &&
        (!status || statuses.indexOf(status) >= 0) &&
        query.every(function (w) { return text.indexOf(w) >= 0; });
    };
    var counts = { s: [0, 0], rc: [0, 0] };
    document.querySelectorAll("[data-f]").forEach(function (el) {
      var shown = matches(words(el, "data-idp"), words(el, "data-tags"), words(el, "data-status"), el);
      el.hidden = !shown;
      var row = el.hasAttribute("data-s") ? rowOf(el.getAttribute("data-s")) : null;
      if (row) row.hidden = !shown;
      var kind = el.classList.contains("root-cause") ? "rc" : el.hasAttribute("data-s") ? "s" : null;
      if (kind) { counts[kind][1]++; if (shown) counts[kind][0]++; }
    });
    document.querySelectorAll("tbody[data-rows] > tr").forEach(function (row) {
      row.hidden = !matches([], [], [rowStatus(row)], row);
    });
    byId("f-count").textContent = counts.s[0] + " of " + counts.s[1] + " scenario variant(s), " +
      counts.rc[0] + " of " + counts.rc[1] + " root cause(s) shown";
  }

  controls.forEach(function (control) {
    if (control) control.addEventListener("input", apply);
  });
  apply();

  Promise.resolve().then(decode).then(function (data) {
    fragments = data;
  }, function (error) {
    failure = String(error && error.message || error);
  }).then(function () {
    document.querySelectorAll("details[open]").forEach(fill);
    var target = location.hash ? reveal(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) target.scrollIntoView();
    apply();
    root.setAttribute("data-ready", failure === null ? "true" : "failed");
  });
})();
`;
