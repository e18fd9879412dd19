#!/usr/bin/env bash
# Offline checks of deploy/docker and deploy/kubernetes, in seconds, without a container engine or a Kubernetes API
# server: every YAML document parses; the Dockerfiles are multi-stage and end as the image's non-root user; the compose
# file has PostgreSQL, two silos, a gateway and a miner; the silo pods carry what Orleans' Kubernetes hosting needs
# (pod labels and environment, RBAC on pods), /health probes, a grace period and a PodDisruptionBudget. Where the tools
# are installed it also runs `docker compose config` (or docker-compose) and `kubectl kustomize`; it says which did not run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root/deploy"
fail() { echo "validate-deploy: $*" >&2; exit 1; }

for dockerfile in docker/Dockerfile.*; do
    [ "$(grep -c '^FROM ' "$dockerfile")" -ge 2 ] || fail "$dockerfile is not multi-stage"
    [ "$(grep '^USER ' "$dockerfile" | tail -n 1)" = 'USER $APP_UID' ] || fail "$dockerfile does not end as the non-root app user"
done

command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null || fail "python3 with PyYAML is needed"
python3 - <<'PY'
import glob, sys, yaml

def fail(message):
    sys.exit(f"validate-deploy: {message}")

compose = yaml.safe_load(open("docker/compose.yaml"))
services = compose["services"]
for name in ("postgres", "silo1", "silo2", "gateway", "miner"):
    if name not in services:
        fail(f"compose.yaml has no service {name}")
if not all(services[s]["environment"].get("Aitbc__Postgres") for s in ("silo1", "silo2")):
    fail("a compose silo has no PostgreSQL connection string")

docs = [d for f in sorted(glob.glob("kubernetes/*.yaml")) for d in yaml.safe_load_all(open(f)) if d]
kinds = {}
for d in docs:
    kinds.setdefault(d["kind"], []).append(d)
deployments = {d["metadata"]["name"]: d for d in kinds.get("Deployment", [])}
for name in ("aitbc-silo", "aitbc-gateway"):
    pod = deployments[name]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    for probe in ("livenessProbe", "readinessProbe"):
        if not container[probe]["httpGet"]["path"].startswith("/health/"):
            fail(f"{name} {probe} is not on /health")
    if pod.get("terminationGracePeriodSeconds", 30) < 30 or "preStop" not in container.get("lifecycle", {}):
        fail(f"{name} has no graceful shutdown")
    if not pod["securityContext"].get("runAsNonRoot"):
        fail(f"{name} may run as root")
silo = deployments["aitbc-silo"]["spec"]["template"]
env = {e["name"] for e in silo["spec"]["containers"][0]["env"]}
for required in ("POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "Aitbc__Kubernetes__Enabled"):
    if required not in env:
        fail(f"the silo pod lacks {required}")
if not {"orleans/serviceId", "orleans/clusterId"} <= set(silo["metadata"]["labels"]):
    fail("the silo pod lacks the orleans/serviceId and orleans/clusterId labels")
budgets = {tuple(sorted(p["spec"]["selector"]["matchLabels"].items())) for p in kinds.get("PodDisruptionBudget", [])}
for name in ("aitbc-silo", "aitbc-gateway"):
    if (("app.kubernetes.io/name", name),) not in budgets:
        fail(f"no PodDisruptionBudget selects {name}")
rules = [r for role in kinds.get("Role", []) for r in role["rules"]]
if not any("pods" in r["resources"] and {"list", "watch", "delete"} <= set(r["verbs"]) for r in rules):
    fail("the silos' Role does not let them list, watch and delete pods")
print(f"validate-deploy: {len(docs)} Kubernetes documents and the compose file check out")
PY

not_run=()
if docker compose version >/dev/null 2>&1; then
    docker compose -f docker/compose.yaml config -q
elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose -f docker/compose.yaml config -q
else
    not_run+=("docker compose config")
fi

if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize kubernetes >/dev/null
else
    not_run+=("kubectl kustomize")
fi

# --publish (what .ci/run passes; a minute or two): each Dockerfile's own `dotnet publish` line, run here into a
# scratch folder, so an image whose build step cannot publish is caught without a container engine. The silo's failed
# with NETSDK1152 (its referenced gateway's and miner's appsettings.json) until session 16.
if [ "${1:-}" = "--publish" ]; then
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    for dockerfile in docker/Dockerfile.*; do
        line="$(grep -m 1 '^RUN dotnet publish ' "$dockerfile")" || fail "$dockerfile has no 'RUN dotnet publish' line"
        command="${line#RUN }"
        out="$scratch/$(basename "$dockerfile")"
        (cd "$root" && eval "${command/-o \/app/-o $out}") >"$scratch/log" 2>&1 || { tail -n 20 "$scratch/log" >&2; fail "$dockerfile: '$command' failed"; }
        project_dir="$(dirname "$(echo "$command" | awk '{print $3}')")"
        if [ -f "$root/$project_dir/appsettings.json" ]; then
            cmp -s "$root/$project_dir/appsettings.json" "$out/appsettings.json" || fail "$dockerfile: the image would not carry $project_dir/appsettings.json"
        fi
        echo "validate-deploy: $dockerfile publishes ($command)"
    done
else
    echo "validate-deploy: not run (pass --publish): the Dockerfiles' dotnet publish"
fi

if [ ${#not_run[@]} -gt 0 ]; then
    echo "validate-deploy: not run (tool not installed): ${not_run[*]}"
fi
echo "validate-deploy: ok"
