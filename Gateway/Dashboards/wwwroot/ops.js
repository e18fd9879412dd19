"use strict";
(() => {
  const { el, fmt, time, fillTable, Session, FleetMap, renderMetrics } = Aitbc;
  const stateColor = { available: "#2ca02c", busy: "#ffbf00", "not routable": "#ff7f0e" };
  let map = null;
  let session = null;

  async function removeCloud(minerId) {
    if (!window.confirm(`Remove ${minerId} from the cloud pool? Its enrolment ends and its GPUs leave routing.`)) return;
    const result = document.getElementById("cloud-result");
    try {
      await session.api(`/v1/ops/cloud-pool/${encodeURIComponent(minerId)}`, { method: "DELETE" });
      result.className = "";
      result.dataset.removedMinerId = minerId;
      result.textContent = `Removed ${minerId} from the cloud pool.`;
      session.tick();
    } catch (error) {
      result.className = "error-text";
      result.textContent = error.message;
    }
  }

  function actionButton(text, onClick) {
    const button = el("button", { type: "button", class: "remove" }, text);
    button.addEventListener("click", onClick);
    return button;
  }

  function render(data) {
    map = map || new FleetMap("map");
    // Cloud GPUs larger and on top: they often sit beside edge GPUs in the same city.
    const ordered = [...data.gpus].sort((a, b) => (a.pool === "cloud") - (b.pool === "cloud"));
    map.show(ordered.map((g) => ({
      lat: g.location.lat, lon: g.location.lon, id: g.gpuId, radius: g.pool === "cloud" ? 9 : 6,
      color: g.pool === "cloud" ? "#1f77b4" : stateColor[g.state] || "#888",
      label: `${g.gpuId} · ${g.pool} · ${g.state}${g.reason ? `: ${g.reason}` : ""}`,
    })));
    document.getElementById("map-note").textContent =
      `${data.gpus.length} GPUs${data.truncated ? " (first ones only)" : ""}: green available, amber busy, orange not routable, blue cloud pool.`;
    fillTable(document.getElementById("regions"), data.regions.map((r) => el("tr", { "data-region": r.region },
      el("td", {}, `${r.name} (${r.region})`), el("td", {}, r.gpus), el("td", {}, r.available), el("td", {}, r.busy), el("td", {}, r.notRoutable), el("td", {}, r.cloud))),
      "No online GPUs");
    fillTable(document.getElementById("reasons"), Object.entries(data.notRoutableReasons).map(([reason, count]) =>
      el("tr", {}, el("td", {}, reason), el("td", {}, count))), "Every online GPU is routable");
    renderMetrics(document.getElementById("metrics"), data.metrics);
    fillTable(document.getElementById("cloud-pool"), data.cloudPool.map((c) => el("tr", { "data-miner-id": c.offer.minerId },
      el("td", {}, c.offer.minerId), el("td", {}, c.offer.provider), el("td", {}, c.offer.instanceType), el("td", {}, `${c.offer.gpuCount} × ${c.offer.gpuName}`),
      el("td", {}, c.offer.region), el("td", {}, fmt(c.offer.pricePerHourUsd, 3)), el("td", {}, c.gpus.map((g) => g.gpuId).join(", ") || "none yet"),
      el("td", {}, el("span", { class: `badge ${c.online ? "online" : "offline"}` }, c.online ? "online" : "offline")),
      el("td", {}, actionButton("Remove", () => removeCloud(c.offer.minerId))))),
      "No cloud GPUs registered");
    fillTable(document.getElementById("cloud-jobs"), data.cloudJobs.map((j) => el("tr", { "data-job-id": j.jobId },
      el("td", {}, time(j.at)), el("td", {}, j.jobId), el("td", {}, j.gpuId), el("td", {}, j.outcome), el("td", {}, `${fmt(j.latencyMs, 1)} ms`), el("td", {}, fmt(j.price, 6)))),
      "No job has fallen back to the cloud pool yet");
    fillTable(document.getElementById("slashes"), data.slashes.map((s) => el("tr", { "data-reason": s.reason },
      el("td", {}, time(s.at)), el("td", {}, s.minerId), el("td", {}, s.reason), el("td", {}, fmt(s.amount, 4)), el("td", {}, s.evidence))),
      "No slashes");
  }

  window.addEventListener("DOMContentLoaded", () => {
    session = new Session("aitbc-ops-key", render, "/v1/ops/fleet");
    const form = document.getElementById("cloud-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const f = new FormData(form);
      const result = document.getElementById("cloud-result");
      const body = {
        publicKey: f.get("publicKey").trim(), minerId: f.get("minerId").trim() || null, provider: f.get("provider"),
        instanceType: f.get("instanceType"), gpuName: f.get("gpuName"), gpuCount: Number(f.get("gpuCount")),
        location: { lat: Number(f.get("lat")), lon: Number(f.get("lon")) }, pricePerHourUsd: Number(f.get("pricePerHourUsd")),
      };
      try {
        const created = await session.api("/v1/ops/cloud-pool", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        result.className = "";
        result.dataset.minerId = created.offer.minerId;
        result.replaceChildren(`Registered ${created.offer.minerId} in ${created.offer.region}. Its daemon's credential (shown once): `,
          el("span", { class: "secret" }, created.enrollment.credential));
        session.tick();
      } catch (error) {
        result.className = "error-text";
        result.textContent = error.message;
      }
    });
  });
})();
