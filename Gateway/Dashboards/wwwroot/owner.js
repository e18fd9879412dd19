"use strict";
(() => {
  const { el, fmt, time, fillTable, Session, FleetMap, renderMetrics } = Aitbc;
  let map = null;
  let chart = null;

  function gpuRow(gpu, miner) {
    const t = gpu.telemetry || {};
    const online = gpu.online ? "online" : "offline";
    const routable = gpu.routable ? "yes" : `no: ${gpu.notRoutableReason || (gpu.online ? "not routable" : "offline")}`;
    return el("tr", { "data-gpu-id": gpu.gpuId },
      el("td", {}, gpu.gpuId), el("td", {}, miner.name || miner.minerId), el("td", {}, gpu.profileName + (gpu.simulated ? " (simulated)" : "")),
      el("td", {}, gpu.region),
      el("td", {}, el("span", { class: `badge ${online}` }, online)),
      el("td", { class: "thermal" }, el("span", { class: `badge ${gpu.thermal}` }, gpu.thermal)),
      el("td", { class: "temp" }, t.temperatureC === null || t.temperatureC === undefined ? "–" : `${fmt(t.temperatureC, 1)} °C`),
      el("td", { class: "util" }, t.utilisationPercent === null || t.utilisationPercent === undefined ? "–" : `${fmt(t.utilisationPercent, 0)} %`),
      el("td", { class: "power" }, t.powerWatts === null || t.powerWatts === undefined ? "–" : `${fmt(t.powerWatts, 0)} W`),
      el("td", { class: "routable" }, routable),
      el("td", {}, gpu.activeJobs));
  }

  // Cumulative earnings, carried on to the server's "now" so the line ends at the current total.
  function drawEarnings(points, now, total) {
    const holder = document.getElementById("earnings-chart");
    const xs = points.map((p) => Date.parse(p.at) / 1000);
    const ys = points.map((p) => p.earned);
    xs.push(Math.max(Date.parse(now) / 1000, xs.length ? xs[xs.length - 1] : 0));
    ys.push(total);
    holder.dataset.points = String(points.length);
    const data = [xs, ys];
    if (chart) { chart.setData(data); return; }
    chart = new uPlot({
      width: Math.max(320, holder.clientWidth || 520), height: 220,
      series: [{}, { label: "earned (cumulative)", stroke: "#1f77b4", width: 2, fill: "rgba(31,119,180,.12)" }],
      axes: [{}, { size: 60 }],
    }, data, holder);
  }

  function render(data) {
    document.getElementById("account").textContent = data.accountId;
    document.getElementById("earned").textContent = fmt(data.earned, 6);
    document.getElementById("stake").textContent = fmt(data.stake, 2);
    const gpus = data.miners.flatMap((m) => m.gpus.map((g) => ({ g, m })));
    fillTable(document.getElementById("gpus"), gpus.map(({ g, m }) => gpuRow(g, m)), "No GPUs registered by your miners yet");
    drawEarnings(data.earnings, data.at, data.earned);
    fillTable(document.getElementById("slashes"), data.slashes.map((s) => el("tr", { "data-reason": s.reason },
      el("td", {}, time(s.at)), el("td", {}, s.minerId), el("td", {}, s.reason), el("td", {}, fmt(s.amount, 4)), el("td", { class: "evidence" }, s.evidence))),
      "No slashes");
    fillTable(document.getElementById("jobs"), data.recentJobs.map((j) => el("tr", { "data-job-id": j.jobId },
      el("td", {}, time(j.at)), el("td", {}, j.jobId), el("td", {}, j.gpuId), el("td", {}, j.outcome), el("td", {}, `${fmt(j.latencyMs, 1)} ms`),
      el("td", {}, fmt(j.price, 6)), el("td", {}, j.energyJoules === null ? "–" : `${fmt(j.energyJoules, 3)} J${j.powerModelled ? " (modelled)" : ""}`))),
      "No jobs since the GPUs' last activation");
    renderMetrics(document.getElementById("metrics"), data.metrics);
    map = map || new FleetMap("map");
    map.show(gpus.map(({ g }) => ({
      lat: g.location.lat, lon: g.location.lon, id: g.gpuId,
      color: !g.online ? "#d62728" : g.routable ? "#2ca02c" : "#ff7f0e",
      label: `${g.gpuId} · ${g.online ? "online" : "offline"} · ${g.thermal}`,
    })));
  }

  window.addEventListener("DOMContentLoaded", () => new Session("aitbc-owner-key", render, "/v1/owners/me"));
})();
