"""Roles of workloads that are not "a Deployment behind a Service running our code", on fixtures written after
each tool's own documentation (tests/scan/fixtures/roles): edge proxies, static servers, load generators,
third-party services, workers and batch jobs — each with the clue that decided it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from readiness.models.scan import ClusterInventory
from readiness.scan.inventory import build_inventory
from readiness.scan.signatures import load_signatures
from readiness.scan.snapshot import load_snapshot
from tests.scan.scan_helpers import workload

FIXTURES = Path(__file__).parent / "fixtures" / "roles"

# file, workload, role, software, words every role evidence line must hold (the clue that decided it)
EXPECTED: list[tuple[str, str, str, str | None, tuple[str, ...]]] = [
    ("envoy.yaml", "front-proxy", "edge_proxy", "envoy", ("env ENVOY_UID", "mount /etc/envoy",
                                                          "mounts envoy.yaml at /etc/envoy")),
    ("envoy.yaml", "edge", "edge_proxy", "envoy", ("runs envoy", "argument file *envoy.yaml")),
    ("nginx.yaml", "brochure", "static", "nginx", ("mount /usr/share/nginx/html",)),
    ("nginx.yaml", "entry", "edge_proxy", "nginx", ("mount /etc/nginx/templates",)),
    ("nginx.yaml", "welcome", "static", "nginx", ("image nginx",)),
    ("nginx.yaml", "storefront", "business", None, ("selected by Service storefront",)),
    ("haproxy.yaml", "lb", "edge_proxy", "haproxy", ("mounts haproxy.cfg at /usr/local/etc/haproxy",)),
    ("traefik.yaml", "router", "edge_proxy", "traefik", ("env TRAEFIK_PROVIDERS_FILE_DIRECTORY",
                                                         "mount /etc/traefik/dynamic")),
    ("httpd.yaml", "docs-site", "static", "apache-httpd", ("mount /usr/local/apache2/htdocs",)),
    ("locust.yaml", "traffic-master", "loadgen", "locust", ("argument file *locustfile.py", "env LOCUST_USERS",
                                                             "mount /mnt/locust")),
    ("locust.yaml", "traffic-worker", "loadgen", "locust", ("runs locust",)),
    ("k6.yaml", "checkout-perf", "loadgen", "k6", ("env K6_VUS", "env K6_DURATION")),
    ("jmeter.yaml", "soak", "loadgen", "jmeter", ("runs jmeter", "argument file *.jmx")),
    ("otel-collector.yaml", "telemetry", "observability", "opentelemetry-collector",
     ("runs otelcol-contrib", "port 4317 named otlp")),
    ("otel-collector.yaml", "payments", "business", None, ("selected by Service payments",)),
    ("keycloak.yaml", "identity", "infra", "keycloak", ("env KC_BOOTSTRAP_ADMIN_USERNAME", "env KC_PROXY_HEADERS")),
    ("flagd.yaml", "flags", "infra", "flagd", ("argument file *.flagd.json", "mount /etc/flagd")),
    ("flagd.yaml", "checkout", "business", None, ("selected by Service checkout",)),
    ("unleash.yaml", "toggles", "infra", "unleash", ("env INIT_CLIENT_API_TOKENS",)),
    ("unleash.yaml", "catalogue", "business", None, ("selected by Service catalogue",)),
    ("vault-agent.yaml", "secrets-agent", "infra", "vault", ("runs vault", "mount /vault/config")),
    ("workers.yaml", "invoicing", "business", None, ("without a Service", "uses Kafka",
                                                      "env KAFKA_BOOTSTRAP_SERVERS")),
    ("workers.yaml", "ledger-sync", "business", None, ("uses Kafka", "env SPRING_KAFKA_BOOTSTRAP_SERVERS")),
    ("workers.yaml", "mailer", "business", None, ("uses RabbitMQ", "env RABBITMQ_URL")),
    ("workers.yaml", "thumbnails", "business", None, ("uses Amazon SQS", "env SQS_QUEUE_URL")),
    ("workers.yaml", "tracker", "business", None, ("uses NATS", "env NATS_URL")),
    ("workers.yaml", "fulfilment", "business", None, ("uses a message queue",
                                                       "envFrom ConfigMap fulfilment-settings key ORDER_QUEUE_URI")),
    ("workers.yaml", "tasks", "business", None, ("uses Celery", "runs celery")),
    ("workers.yaml", "mystery", "unknown", None, ("no Service selects it",)),
    ("batch.yaml", "hello", "unknown", None, ("no Service selects it",)),
    ("batch.yaml", "reconcile", "business", None, ("CronJob (a scheduled batch job) running code", "runs python")),
    ("batch.yaml", "export-2026-01", "business", None, ("Job (a batch job) running code", "runs node")),
]
# Clients of a product name it in their variables (FLAGD_HOST, UNLEASH_URL, OTEL_EXPORTER_OTLP_ENDPOINT): never a clue.
REFERENCES = {("flagd.yaml", "checkout"): "FLAGD", ("unleash.yaml", "catalogue"): "UNLEASH",
              ("otel-collector.yaml", "payments"): "OTEL", ("nginx.yaml", "entry"): "NGINX_HOST",
              ("locust.yaml", "traffic-master"): "LOCUST_HOST"}


@cache
def scanned(file: str) -> ClusterInventory:
    return build_inventory(load_snapshot(str(FIXTURES / file)))


@pytest.mark.parametrize(("file", "name", "role", "software", "clues"), EXPECTED,
                         ids=[f"{f.removesuffix('.yaml')}-{n}" for f, n, *_ in EXPECTED])
def test_each_class_gets_its_role_with_the_clue_as_evidence(file: str, name: str, role: str, software: str | None,
                                                           clues: tuple[str, ...]) -> None:
    found = workload(scanned(file), name)
    lines = [e.text for e in found.evidence if e.topic == "role"]
    assert (found.role, found.software) == (role, software), lines
    assert len(lines) == 1 and all(clue in lines[0] for clue in clues), lines


def test_every_fixture_workload_is_expected() -> None:
    files = sorted(p.name for p in FIXTURES.glob("*.yaml"))
    assert files == sorted({f for f, *_ in EXPECTED})
    for file in files:
        assert sorted(w.name for w in scanned(file).workloads) == sorted(n for f, n, *_ in EXPECTED if f == file)


@pytest.mark.parametrize(("file", "name"), sorted(REFERENCES))
def test_a_variable_naming_another_service_is_not_a_clue(file: str, name: str) -> None:
    found = workload(scanned(file), name)
    assert not any(REFERENCES[(file, name)] in e.text for e in found.evidence if e.topic == "role"), found.evidence


def test_only_the_organisations_code_counts_as_business_services() -> None:
    counts = {f: scanned(f).totals.business_services for f in sorted({f for f, *_ in EXPECTED})}
    expected = {f: len({n for g, n, r, *_ in EXPECTED if g == f and r == "business"}) for f in counts}
    assert counts == expected
    assert counts["workers.yaml"] == 7 and counts["envoy.yaml"] == counts["locust.yaml"] == 0


def test_edge_proxies_in_an_application_namespace_are_entry_points() -> None:
    assert scanned("envoy.yaml").edge.controllers == ["shop/edge (envoy)", "shop/front-proxy (envoy)"]
    assert scanned("nginx.yaml").edge.controllers == ["shop/entry (nginx)"]


def test_third_party_roles_get_no_language_and_workers_keep_theirs() -> None:
    assert workload(scanned("locust.yaml"), "traffic-master").language == "python"  # the locustfile is Python
    assert workload(scanned("envoy.yaml"), "front-proxy").language is None
    assert workload(scanned("workers.yaml"), "tasks").language == "python"
    assert workload(scanned("nginx.yaml"), "storefront").language == "php"  # the app behind the NGINX sidecar


def test_clues_naming_products_of_different_roles_claim_nothing(tmp_path: Path) -> None:
    """Envoy's variable next to a locustfile argument: no claim from either; the Service decides (business)."""
    (tmp_path / "mixed.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mixed, namespace: shop}\nspec:\n"
        "  selector: {matchLabels: {app: mixed}}\n  template:\n    metadata: {labels: {app: mixed}}\n    spec:\n"
        "      containers:\n      - name: mixed\n        image: registry.example.com/team/mixed:1\n"
        "        args: [-f, /app/locustfile.py]\n        env: [{name: ENVOY_UID}]\n"
        "        ports: [{containerPort: 8080}]\n")
    found = workload(build_inventory(load_snapshot(str(tmp_path / "mixed.yaml"))), "mixed")
    assert found.role == "business" and found.software is None


def test_every_software_entry_names_a_documented_clue() -> None:
    """Each entry of the software table has at least one clue, and its role is not business or unknown."""
    for entry in load_signatures().software:
        clues = (entry.images, entry.commands, entry.arg_files, entry.env_names, entry.env_prefixes,
                 entry.mount_paths, entry.mount_files, entry.port_names)
        assert any(clues), entry.name
        assert entry.role not in ("business", "unknown"), entry.name


def test_a_port_name_is_a_reference_only_next_to_an_address_of_the_same_stem() -> None:
    """A proxy's own ENVOY_PORT is a clue; LOCUST_WEB_PORT next to LOCUST_WEB_HOST is how it finds Locust."""
    from readiness.scan.clues import references

    names = ["ENVOY_PORT", "LOCUST_WEB_HOST", "LOCUST_WEB_PORT", "OTEL_COLLECTOR_HOST", "OTEL_COLLECTOR_PORT_GRPC",
             "KAFKA_BOOTSTRAP_SERVERS", "K6_VUS"]
    assert references(names, load_signatures()) == {"LOCUST_WEB_HOST", "LOCUST_WEB_PORT", "OTEL_COLLECTOR_HOST",
                                                     "OTEL_COLLECTOR_PORT_GRPC", "KAFKA_BOOTSTRAP_SERVERS"}
