{{/* Name of every object the chart creates: the release name, with "kinfer" added unless it is already in it. */}}
{{- define "kinfer.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kinfer.selectorLabels" -}}
app.kubernetes.io/name: kinfer-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kinfer.labels" -}}
{{ include "kinfer.selectorLabels" . }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: kinfer
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "kinfer.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kinfer.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kinfer.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "kinfer.runtimeImage" -}}
{{- printf "%s:%s" .Values.runtime.image.repository (default .Chart.AppVersion .Values.runtime.image.tag) -}}
{{- end -}}

{{/* Leader election is needed, and granted, only when more than one operator replica runs. */}}
{{- define "kinfer.leaderElection" -}}
{{- if gt (int .Values.replicaCount) 1 -}}true{{- end -}}
{{- end -}}

{{/*
The operator's own rules on namespaced resources, the same in the ClusterRole and in each per-namespace Role.
RbacLeastPrivilegeTest compares them with the API requests the operator makes (recorded by the operator's
OperatorApiCallsTest) and fails when these grant less or more. No "get": the operator reads through its
informers' caches (list + watch) only. create + patch: dependents are applied server-side, and applying an
object that does not exist yet needs both.
*/}}
{{- define "kinfer.namespacedRules" -}}
- apiGroups: ["serving.kinfer.dev"]
  resources: ["inferenceservices"]
  verbs: ["list", "watch"]
- apiGroups: ["serving.kinfer.dev"]
  resources: ["inferenceservices/status"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
