package dev.touchflow.local.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rendered manifest read into its model class: fabric8's for Kubernetes' own kinds, Strimzi's for
 * Kafka's. The models keep a field they do not know aside instead of failing, so every object read is
 * walked and any field kept aside is named: a misspelt field is an error, not a silent no-op.
 */
final class ManifestModels {

    static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Namespace", Namespace.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1/KafkaUser", KafkaUser.class);

    /** Kinds of operators whose models are not on Maven Central for Java 17: checked for their shape only. */
    static final Set<String> SHAPE_ONLY = Set.of(
            "keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication",
            "postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/Database",
            "postgresql.cnpg.io/v1/ScheduledBackup");

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private ManifestModels() {}

    /** What is wrong with one manifest; empty when its model reads every field of it. */
    static List<String> problems(Map<String, Object> manifest) {
        String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
        Object metadata = manifest.get("metadata");
        String name = metadata instanceof Map<?, ?> meta ? String.valueOf(meta.get("name")) : null;
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank() || "null".equals(name)) {
            problems.add(type + " has no metadata.name");
        }
        if (SHAPE_ONLY.contains(type)) {
            if (!(manifest.get("spec") instanceof Map<?, ?>)) {
                problems.add(type + " " + name + " has no spec");
            }
            return problems;
        }
        Class<?> model = MODELS.get(type);
        if (model == null) {
            problems.add(type + " " + name + ": no model knows this kind");
            return problems;
        }
        try {
            unknownFields(JSON.convertValue(manifest, model), type + " " + name, new IdentityHashMap<>(), problems);
        } catch (IllegalArgumentException e) {
            problems.add(type + " " + name + ": " + e.getMessage());
        }
        return problems;
    }

    private static void unknownFields(Object value, String path, Map<Object, Boolean> seen, List<String> problems) {
        if (value == null || seen.put(value, true) != null || !isModel(value.getClass())) {
            if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    unknownFields(item, path + "[" + i++ + "]", seen, problems);
                }
            } else if (value instanceof Map<?, ?> map
                    && !map.isEmpty()
                    && isModel(map.values().iterator().next())) {
                map.forEach((key, item) -> unknownFields(item, path + "." + key, seen, problems));
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())) {
                continue;
            }
            String name = getter.getName();
            try {
                if (name.equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) getter.invoke(value);
                    if (extra != null && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else if (name.startsWith("get") && !name.equals("getClass")) {
                    unknownFields(getter.invoke(value), path + "." + decapitalize(name.substring(3)), seen, problems);
                }
            } catch (ReflectiveOperationException e) {
                problems.add(path + "." + name + ": " + e);
            }
        }
    }

    private static boolean isModel(Object value) {
        return value != null && isModel(value.getClass());
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return !type.isEnum()
                && (name.startsWith("io.fabric8.kubernetes.api.model") || name.startsWith("io.strimzi.api"));
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
