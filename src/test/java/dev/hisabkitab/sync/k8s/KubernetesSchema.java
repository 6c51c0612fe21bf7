package dev.hisabkitab.sync.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Checks a rendered object against the Kubernetes API's object model (fabric8's kubernetes-model, generated from the
 * API's OpenAPI schema): its apiVersion must be the kind's, every field must be one the API defines (the model keeps
 * unknown fields aside as "additional properties": any there is an error) and of the right type. KEDA's
 * ScaledObject and TriggerAuthentication, not part of the Kubernetes API, are checked against
 * k8s/keda-scaledobject.schema.json and k8s/keda-triggerauthentication.schema.json (test resources), written from
 * KEDA's references: the fields this project uses, none unknown.
 */
final class KubernetesSchema {

    private static final Map<String, Class<?>> KINDS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class,
            "Secret", Secret.class, "ServiceAccount", ServiceAccount.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "NetworkPolicy", NetworkPolicy.class);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    /** KEDA's kinds, not part of the Kubernetes API: each against its schema (test resources k8s/). */
    private static final Map<String, JsonSchema> KEDA = Map.of(
            "ScaledObject", schema("/k8s/keda-scaledobject.schema.json"),
            "TriggerAuthentication", schema("/k8s/keda-triggerauthentication.schema.json"));

    private static JsonSchema schema(String resource) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(KubernetesSchema.class.getResourceAsStream(resource));
    }

    private KubernetesSchema() {
    }

    /** The problems of one object (empty: valid). */
    static List<String> problems(JsonNode object) {
        String kind = object.path("kind").asText();
        String name = kind + " " + object.path("metadata").path("name").asText();
        if (KEDA.containsKey(kind)) {
            Set<ValidationMessage> messages = KEDA.get(kind).validate(object);
            return messages.stream().map(m -> name + ": " + m.getMessage()).toList();
        }
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            return List.of(name + ": a kind this project does not expect");
        }
        List<String> problems = new ArrayList<>();
        String group = type.getAnnotation(Group.class).value();
        String apiVersion = (group.isEmpty() ? "" : group + "/") + type.getAnnotation(Version.class).value();
        if (!apiVersion.equals(object.path("apiVersion").asText())) {
            problems.add(name + ": apiVersion " + object.path("apiVersion").asText() + ", the API has " + apiVersion);
        }
        try {
            unknownFields(STRICT.treeToValue(object, type), kind, problems);
        } catch (Exception e) {
            problems.add(name + ": " + e.getMessage());
        }
        return problems;
    }

    /** Walks the model: every "additional property" is a field the API does not define. */
    private static void unknownFields(Object node, String path, List<String> problems) throws Exception {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": fields the Kubernetes API does not define: " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + getter.getName().substring(3), problems);
            }
        }
    }
}
