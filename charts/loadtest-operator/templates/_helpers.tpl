{{/* The release's full name: the release name, unless it lacks the chart's name. */}}
{{- define "loadtest-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "loadtest-operator.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 }}
{{- end -}}

{{/* What the Deployment selects its pods by: stable across upgrades. */}}
{{- define "loadtest-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "loadtest-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "loadtest-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "loadtest-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "loadtest-operator.runnerImage" -}}
{{- printf "%s:%s" .Values.runner.image.repository (default .Chart.AppVersion .Values.runner.image.tag) -}}
{{- end -}}

{{/* The namespaces served in "namespaces" mode, checked: an empty list would serve nothing. */}}
{{- define "loadtest-operator.watchedNamespaces" -}}
{{- if eq .Values.watch.mode "namespaces" -}}
{{- if not .Values.watch.namespaces -}}
{{- fail "watch.namespaces: list at least one namespace when watch.mode is \"namespaces\" (or set watch.mode=cluster)" -}}
{{- end -}}
{{- join "," .Values.watch.namespaces -}}
{{- end -}}
{{- end -}}

{{/* Where runner pods run, as far as the chart knows: the watched namespaces, or networkPolicy.runnerNamespaces. */}}
{{- define "loadtest-operator.runnerNamespaces" -}}
{{- if eq .Values.watch.mode "namespaces" -}}
{{- toJson .Values.watch.namespaces -}}
{{- else -}}
{{- toJson .Values.networkPolicy.runnerNamespaces -}}
{{- end -}}
{{- end -}}

{{/* Runner pod defaults handed to the operator: podDefaults, with the top-level pull secrets unless set there. */}}
{{- define "loadtest-operator.runnerPodDefaults" -}}
{{- $defaults := deepCopy (default dict .Values.runner.podDefaults) -}}
{{- if and (not (hasKey $defaults "imagePullSecrets")) .Values.imagePullSecrets -}}
{{- $_ := set $defaults "imagePullSecrets" .Values.imagePullSecrets -}}
{{- end -}}
{{- toYaml $defaults -}}
{{- end -}}

{{/*
What the operator does with the API, per watched namespace (or cluster-wide). RbacCoverageTest checks that
these rules cover the ones Quarkus Operator SDK generates from the operator's code.
*/}}
{{- define "loadtest-operator.rules" -}}
# reconcile LoadTests, write their status, delete them after spec.cleanup.ttlSecondsAfterFinished
- apiGroups: ["loadtest.dev"]
  resources: ["loadtests", "loadtests/status", "loadtests/finalizers"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
# the runner Job of each run; parallelism 0 stops the runners of a failed run
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# runner pods: their IPs, readiness and termination messages
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# the run's token Secret and inline-loadfile ConfigMap (deleted one by one: no deletecollection)
- apiGroups: [""]
  resources: ["secrets", "configmaps"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Events on the LoadTest
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
