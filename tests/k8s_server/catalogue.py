"""The API resources a real Kubernetes API server (1.31) serves, written out independently of the scanner.

This table is what discovery (``/api/v1``, ``/apis/<group>/<version>``) returns. It is deliberately NOT
derived from ``readiness.scan.objects.SCANNED_KINDS``: tests compare the two, so a wrong plural, group,
version or scope in the scanner shows up as a failure instead of being mirrored by the test server.
"""

from __future__ import annotations

from dataclasses import dataclass

FULL_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
CLUSTER_VERBS = FULL_VERBS
REVIEW_VERBS = ("create",)


@dataclass(frozen=True)
class ApiResource:
    """One resource of one group/version, as discovery describes it."""

    group: str
    version: str
    plural: str
    kind: str
    namespaced: bool
    verbs: tuple[str, ...] = FULL_VERBS
    short_names: tuple[str, ...] = ()

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    def discovery(self) -> dict[str, object]:
        """The entry of an ``APIResourceList``."""
        entry: dict[str, object] = {
            "name": self.plural,
            "singularName": self.singular,
            "namespaced": self.namespaced,
            "kind": self.kind,
            "verbs": list(self.verbs),
        }
        if self.short_names:
            entry["shortNames"] = list(self.short_names)
        return entry


def _r(group: str, version: str, plural: str, kind: str, namespaced: bool, *,
       verbs: tuple[str, ...] = FULL_VERBS, short: tuple[str, ...] = ()) -> ApiResource:
    return ApiResource(group, version, plural, kind, namespaced, verbs, short)


BUILTIN: tuple[ApiResource, ...] = (
    # core/v1
    _r("", "v1", "bindings", "Binding", True, verbs=("create",)),
    _r("", "v1", "componentstatuses", "ComponentStatus", False, verbs=("get", "list"), short=("cs",)),
    _r("", "v1", "configmaps", "ConfigMap", True, short=("cm",)),
    _r("", "v1", "endpoints", "Endpoints", True, short=("ep",)),
    _r("", "v1", "events", "Event", True, short=("ev",)),
    _r("", "v1", "limitranges", "LimitRange", True, short=("limits",)),
    _r("", "v1", "namespaces", "Namespace", False, verbs=("create", "delete", "get", "list", "patch", "update",
                                                          "watch"), short=("ns",)),
    _r("", "v1", "nodes", "Node", False, short=("no",)),
    _r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", True, short=("pvc",)),
    _r("", "v1", "persistentvolumes", "PersistentVolume", False, short=("pv",)),
    _r("", "v1", "pods", "Pod", True, short=("po",)),
    _r("", "v1", "podtemplates", "PodTemplate", True),
    _r("", "v1", "replicationcontrollers", "ReplicationController", True, short=("rc",)),
    _r("", "v1", "resourcequotas", "ResourceQuota", True, short=("quota",)),
    _r("", "v1", "secrets", "Secret", True),
    _r("", "v1", "serviceaccounts", "ServiceAccount", True, short=("sa",)),
    _r("", "v1", "services", "Service", True, short=("svc",)),
    # apps/v1
    _r("apps", "v1", "controllerrevisions", "ControllerRevision", True),
    _r("apps", "v1", "daemonsets", "DaemonSet", True, short=("ds",)),
    _r("apps", "v1", "deployments", "Deployment", True, short=("deploy",)),
    _r("apps", "v1", "replicasets", "ReplicaSet", True, short=("rs",)),
    _r("apps", "v1", "statefulsets", "StatefulSet", True, short=("sts",)),
    # batch/v1
    _r("batch", "v1", "cronjobs", "CronJob", True, short=("cj",)),
    _r("batch", "v1", "jobs", "Job", True),
    # networking.k8s.io/v1
    _r("networking.k8s.io", "v1", "ingressclasses", "IngressClass", False),
    _r("networking.k8s.io", "v1", "ingresses", "Ingress", True, short=("ing",)),
    _r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", True, short=("netpol",)),
    # policy/v1
    _r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", True, short=("pdb",)),
    # autoscaling v2 (preferred) and v1
    _r("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", True, short=("hpa",)),
    _r("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", True, short=("hpa",)),
    # apiextensions.k8s.io/v1
    _r("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", False,
       short=("crd", "crds")),
    # admissionregistration.k8s.io/v1
    _r("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", False),
    _r("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
       False),
    # authorization.k8s.io/v1
    _r("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", True,
       verbs=REVIEW_VERBS),
    _r("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", False,
       verbs=REVIEW_VERBS),
    _r("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", False,
       verbs=REVIEW_VERBS),
    _r("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", False, verbs=REVIEW_VERBS),
    # rbac.authorization.k8s.io/v1
    _r("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", False),
    _r("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", False),
    _r("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", True),
    _r("rbac.authorization.k8s.io", "v1", "roles", "Role", True),
)
"""Groups every conformant cluster serves."""

GATEWAY_API: tuple[ApiResource, ...] = (
    _r("gateway.networking.k8s.io", "v1", "gatewayclasses", "GatewayClass", False, short=("gc",)),
    _r("gateway.networking.k8s.io", "v1", "gateways", "Gateway", True, short=("gtw",)),
    _r("gateway.networking.k8s.io", "v1", "grpcroutes", "GRPCRoute", True),
    _r("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", True),
    _r("gateway.networking.k8s.io", "v1beta1", "gateways", "Gateway", True, short=("gtw",)),
    _r("gateway.networking.k8s.io", "v1beta1", "httproutes", "HTTPRoute", True),
)
"""Installed only where the Gateway API CRDs are (optional group ``gateway``)."""

OPENSHIFT_ROUTES: tuple[ApiResource, ...] = (
    _r("route.openshift.io", "v1", "routes", "Route", True),
)
"""Served only by OpenShift (optional group ``openshift``)."""

ISTIO_NETWORKING: tuple[ApiResource, ...] = (
    _r("networking.istio.io", "v1", "gateways", "Gateway", True, short=("gw",)),
    _r("networking.istio.io", "v1beta1", "gateways", "Gateway", True, short=("gw",)),
)
"""Installed with Istio's CRDs (optional group ``istio``)."""

LINKERD_MULTICLUSTER: tuple[ApiResource, ...] = (
    _r("multicluster.linkerd.io", "v1alpha1", "links", "Link", True),
)
"""Installed with Linkerd's multicluster extension (optional group ``linkerd-multicluster``)."""

OPTIONAL_GROUPS: dict[str, tuple[ApiResource, ...]] = {
    "gateway": GATEWAY_API,
    "openshift": OPENSHIFT_ROUTES,
    "istio": ISTIO_NETWORKING,
    "linkerd-multicluster": LINKERD_MULTICLUSTER,
}

PREFERRED_VERSION: dict[str, str] = {"autoscaling": "v2", "gateway.networking.k8s.io": "v1",
                                     "networking.istio.io": "v1"}


def catalogue(optional: tuple[str, ...] | list[str] | set[str] = ()) -> tuple[ApiResource, ...]:
    """Built-in resources plus the named optional groups."""
    unknown = set(optional) - set(OPTIONAL_GROUPS)
    if unknown:
        raise ValueError(f"unknown optional API groups {sorted(unknown)}; known: {sorted(OPTIONAL_GROUPS)}")
    resources = list(BUILTIN)
    for name in sorted(optional):
        resources.extend(OPTIONAL_GROUPS[name])
    return tuple(resources)
