{{/* The objects' name: the release's, unless fullnameOverride is set. */}}
{{- define "gptship.fullname" -}}
{{- .Values.fullnameOverride | default .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gptship.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "gptship.labels" -}}
{{ include "gptship.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "gptship.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "gptship.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "gptship.apiKeysSecret" -}}
{{- .Values.apiKeys.existingSecret | default (printf "%s-api-keys" (include "gptship.fullname" .)) -}}
{{- end -}}

{{- define "gptship.trustKeySecret" -}}
{{- .Values.trustKey.existingSecret | default (printf "%s-trust-key" (include "gptship.fullname" .)) -}}
{{- end -}}

{{- define "gptship.trustKey" -}}
{{- or .Values.trustKey.existingSecret .Values.trustKey.pem -}}
{{- end -}}

{{/* registry/repository:tag[@digest] */}}
{{- define "gptship.image" -}}
{{- $image := .Values.image -}}
{{- $name := $image.repository -}}
{{- with $image.registry }}{{ $name = printf "%s/%s" (trimSuffix "/" .) $name }}{{ end -}}
{{- $name = printf "%s:%s" $name ($image.tag | default .Chart.AppVersion) -}}
{{- with $image.digest }}{{ $name = printf "%s@%s" $name . }}{{ end -}}
{{- $name -}}
{{- end -}}

{{/* The pod's grace period: the preStop sleep, the server's drain, and a margin to exit. */}}
{{- define "gptship.gracePeriod" -}}
{{- add (int .Values.drain.preStopSleep) (int .Values.server.shutdownTimeout) (int .Values.drain.margin) -}}
{{- end -}}

{{/* Values that cannot work together fail the render, naming the value to change. */}}
{{- define "gptship.validate" -}}
{{- if not (has .Values.device (list "cpu" "cuda")) -}}
{{- fail (printf "device: %q is not cpu or cuda" .Values.device) -}}
{{- end -}}
{{- if not (has .Values.autoscaling.mode (list "hpa" "keda" "none")) -}}
{{- fail (printf "autoscaling.mode: %q is not hpa, keda or none" .Values.autoscaling.mode) -}}
{{- end -}}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) -}}
{{- fail "autoscaling.minReplicas is above autoscaling.maxReplicas" -}}
{{- end -}}
{{- if and (include "gptship.trustKey" .) (not .Values.model.volume) -}}
{{- fail "trustKey checks a signed bundle served from model.volume; the image's own model was checked when the image was built: set model.volume (and model.path) or unset trustKey" -}}
{{- end -}}
{{- if and .Values.trustKey.existingSecret .Values.trustKey.pem -}}
{{- fail "trustKey: set existingSecret or pem, not both" -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.public) (not .Values.metrics.serviceMonitor.bearerTokenSecret) -}}
{{- fail "metrics.public is false: set metrics.serviceMonitor.bearerTokenSecret {name, key} to a Secret holding an API key, or disable the ServiceMonitor" -}}
{{- end -}}
{{- end -}}
