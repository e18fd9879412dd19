// Shared by /owner and /ops: sign-in with a key kept in sessionStorage (never in a URL), API reads with X-Api-Key,
// a self-refreshing loop, the map (Leaflet over a local world outline) and the metrics panel. No build step.
"use strict";

const Aitbc = (() => {
  const refreshMs = 5000;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("data-")) node.setAttribute(name, String(value));
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function fmt(value, digits = 2) {
    if (value === null || value === undefined) return "–";
    if (typeof value === "number") return value.toLocaleString("en", { maximumFractionDigits: digits });
    return String(value);
  }

  function time(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
  }

  function fillTable(table, rows, emptyText) {
    const body = table.tBodies[0];
    body.replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: table.tHead.rows[0].cells.length }, emptyText))]));
  }

  class Session {
    constructor(storageKey, onData, fetchPath) {
      this.storageKey = storageKey;
      this.onData = onData;
      this.fetchPath = fetchPath;
      this.timer = null;
      this.busy = false;
      const form = document.getElementById("signin");
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const input = document.getElementById("key");
        sessionStorage.setItem(this.storageKey, input.value.trim());
        input.value = "";
        this.start();
      });
      document.getElementById("signout").addEventListener("click", () => this.signOut());
      if (this.key()) this.start();
    }

    key() { return sessionStorage.getItem(this.storageKey); }

    async api(path, options = {}) {
      const headers = Object.assign({ "X-Api-Key": this.key() || "" }, options.headers || {});
      const response = await fetch(path, Object.assign({}, options, { headers, cache: "no-store" }));
      const text = await response.text();
      const body = text ? JSON.parse(text) : null;
      if (!response.ok) {
        const problem = body && (body.detail || body.title) ? `${body.title || ""}: ${body.detail || ""}` : `HTTP ${response.status}`;
        const error = new Error(problem);
        error.status = response.status;
        error.body = body;
        throw error;
      }
      return body;
    }

    start() {
      document.body.classList.add("signed-in");
      document.getElementById("signin-error").textContent = "";
      this.tick();
    }

    signOut(message) {
      sessionStorage.removeItem(this.storageKey);
      clearTimeout(this.timer);
      this.timer = null;
      document.body.classList.remove("signed-in");
      document.getElementById("signin-error").textContent = message || "";
    }

    async tick() {
      clearTimeout(this.timer);
      if (!this.key() || this.busy) return;
      this.busy = true;
      const status = document.getElementById("status");
      try {
        const data = await this.api(this.fetchPath);
        this.onData(data, this);
        status.textContent = `Updated ${time(data.at)}; refreshes every ${refreshMs / 1000} s`;
        status.dataset.refreshedAt = data.at;
        status.classList.remove("error");
      } catch (error) {
        if (error.status === 401 || error.status === 403) {
          this.busy = false;
          this.signOut(error.status === 401 ? "That key was not accepted." : "That key may not see this page.");
          return;
        }
        status.textContent = `Refresh failed: ${error.message}`;
        status.classList.add("error");
      } finally {
        this.busy = false;
      }
      this.timer = setTimeout(() => this.tick(), refreshMs);
    }
  }

  // Rings that cross the antimeridian jump by ~360° of longitude; Leaflet would draw that jump as a line across the
  // map. Shifting the rest of such a ring by 360° keeps it continuous (it then extends past ±180°, which Leaflet draws).
  function unwrapRing(ring) {
    let shift = 0;
    return ring.map(([lon, lat], i) => {
      if (i > 0) {
        const previous = ring[i - 1][0];
        if (lon - previous > 180) shift -= 360;
        else if (previous - lon > 180) shift += 360;
      }
      return [lon + shift, lat];
    });
  }

  function unwrap(geojson) {
    for (const feature of geojson.features || [geojson]) {
      const g = feature.geometry;
      if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
      else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((polygon) => polygon.map(unwrapRing));
    }
    return geojson;
  }

  class FleetMap {
    constructor(elementId) {
      this.map = L.map(elementId, { worldCopyJump: true, attributionControl: true, zoomSnap: 0.25 }).setView([20, 10], 1.25);
      this.map.attributionControl.setPrefix("Leaflet");
      this.map.attributionControl.addAttribution("Land: Natural Earth");
      this.markers = L.layerGroup().addTo(this.map);
      this.fitted = false;
      fetch("/web/vendor/world-atlas/land-110m.json").then((r) => r.json()).then((topo) => {
        L.geoJSON(unwrap(topojson.feature(topo, topo.objects.land)), {
          style: { color: "#7a8b99", weight: 0.6, fillColor: "#dfe7ec", fillOpacity: 1 },
          interactive: false,
        }).addTo(this.map).bringToBack();
      });
    }

    // points: [{lat, lon, color, label, id, radius?}], drawn in order (later ones on top)
    show(points) {
      this.markers.clearLayers();
      for (const p of points) {
        L.circleMarker([p.lat, p.lon], { radius: p.radius || 6, color: "#222", weight: 1, fillColor: p.color, fillOpacity: 0.9 })
          .bindTooltip(p.label)
          .addTo(this.markers);
      }
      const container = this.map.getContainer();
      container.dataset.markers = String(points.length);
      if (!this.fitted && points.length) {
        this.map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.6), { maxZoom: 3 });
        this.fitted = true;
      }
    }
  }

  // Real rigs' readings and the simulator's model are never mixed: a simulated GPU's power is not a GPU's figure.
  function energyCard(m) {
    const reported = m.energyPerInferenceJoules, modelled = m.modelledEnergyPerInferenceJoules;
    const lines = [];
    if (reported !== null) {
      lines.push(el("p", { id: "metric-energy-reported" },
        `reported power × execution time over ${m.energyJobsMeasured} jobs (the rigs' own readings, NVML or the vendor's tool: a claim, not a meter; an upper bound)`));
    }
    if (modelled !== null) {
      lines.push(el("p", { id: "metric-energy-modelled" },
        `${reported === null ? "" : `simulated GPUs: ${fmt(modelled, 3)} J; `}modelled over ${m.modelledEnergyJobs} jobs on simulated GPUs: `
        + "profile TDP × simulated utilisation × execution time. Not a GPU's figure: simulated GPUs run on this machine's CPU"));
    }
    if (!lines.length) {
      lines.push(el("p", {}, "no job with a power reading yet (a rig without a power sensor reports none)"));
    }
    const big = reported !== null ? `${fmt(reported, 3)} J` : modelled !== null ? `${fmt(modelled, 3)} J (modelled)` : "–";
    return el("div", { class: "card", id: "metric-energy", "data-energy-joules": reported ?? modelled ?? "" },
      el("h3", {}, "Energy per inference"), el("p", { class: "big" }, big), ...lines);
  }

  function renderMetrics(container, m) {
    const ref = m.cloudReference;
    const costRows = m.cloudCosts.map((c) => el("tr", { "data-utilisation": c.utilisationPercent },
      el("td", {}, `${c.utilisationPercent} %`), el("td", {}, `$${fmt(c.cloudCostPer1kUsd, 6)}`),
      el("td", {}, c.fleetToCloudRatio === null ? "–" : `${fmt(c.fleetToCloudRatio, 3)}×`)));
    container.replaceChildren(
      el("div", { class: "cards" },
        el("div", { class: "card", id: "metric-cost" }, el("h3", {}, "Cost per 1k inferences"),
          el("p", { class: "big" }, m.fleetCostPer1kUsd === null ? "–" : `$${fmt(m.fleetCostPer1kUsd, 6)}`),
          el("p", {}, `${m.jobsMeasured} jobs measured; 1 credit = $${fmt(m.usdPerCredit)} (a set rate, not a market price)`)),
        el("div", { class: "card", id: "metric-uptime" }, el("h3", {}, "Uptime"),
          el("p", { class: "big" }, m.uptimePercent === null ? "–" : `${fmt(m.uptimePercent, 1)} %`),
          el("p", {}, `${fmt(m.onlineGpuHours)} of ${fmt(m.observedGpuHours)} GPU-hours online (last 24 h); ${m.gpusOnline} of ${m.gpus} GPUs online now`)),
        energyCard(m),
        el("div", { class: "card", id: "metric-latency" }, el("h3", {}, "Median execution time"),
          el("p", { class: "big" }, m.medianLatencyMs === null ? "–" : `${fmt(m.medianLatencyMs, 1)} ms`),
          el("p", { id: "metric-cloud-baseline" }, m.cloudMedianLatencyMs === null ? "no cloud-pool jobs measured yet for the cloud baseline"
            : `cloud pool baseline ${fmt(m.cloudMedianLatencyMs, 1)} ms (${m.cloudJobsMeasured} jobs)`
              + (m.medianLatencyMs === null || m.cloudMedianLatencyMs <= 0 ? "" : `; these GPUs ÷ cloud ${fmt(m.medianLatencyMs / m.cloudMedianLatencyMs, 2)}×`)
              + "; network time to the client not included"
              + (m.cloudBaselineSimulated ? ". The cloud GPU is simulated: its time is this machine's CPU, not a cloud GPU's" : "")))),
      el("table", { class: "grid", id: "cloud-costs" },
        el("thead", {}, el("tr", {}, el("th", {}, "Cloud utilisation"), el("th", {}, `${ref.provider} ${ref.instanceType} per 1k`), el("th", {}, "Fleet ÷ cloud"))),
        el("tbody", {}, costRows.length ? costRows : el("tr", { class: "empty" }, el("td", { colspan: 3 }, "No jobs measured yet")))),
      el("p", { class: "note" }, `Cloud price: ${ref.provider} ${ref.instanceType} (${ref.gpu}), ${ref.region}, $${fmt(ref.pricePerHourUsd, 3)}/h on-demand, `,
        `a dated public list price as of ${ref.asOf}, not live (source: ${ref.source}). Same work: the measured jobs' median time per inference.`));
  }

  return { el, fmt, time, fillTable, Session, FleetMap, renderMetrics };
})();
