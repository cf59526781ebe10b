package dev.touchflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What deploy/ holds is what it says, checked without a cluster: every overlay renders with kubectl's
 * kustomize and each manifest reads into its model class with no field unknown to it; the Strimzi topics and
 * users are what the topic registry makes; the compose file is valid and names every secret it lacks.
 */
class DeployManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void everyOverlayRendersAndEveryManifestReadsIntoItsModel(String overlay) throws Exception {
        DeployTools.Run rendered = DeployTools.run("kubectl", "kustomize", "k8s/overlays/" + overlay);
        assertThat(rendered.exit()).as(rendered.err()).isZero();

        List<Map<String, Object>> manifests = manifests(rendered.out());
        List<String> problems = new ArrayList<>();
        manifests.forEach(manifest -> problems.addAll(ManifestModels.problems(manifest)));

        assertThat(problems).isEmpty();
        Map<String, Integer> kinds = new TreeMap<>();
        manifests.forEach(manifest -> kinds.merge((String) manifest.get("kind"), 1, Integer::sum));
        assertThat(kinds)
                .containsEntry("Deployment", 6)
                .containsEntry("PodDisruptionBudget", 6)
                .containsEntry("ScaledObject", 5)
                .containsEntry("KafkaTopic", KafkaManifests.topics().size())
                .containsEntry("KafkaUser", 6)
                .containsEntry("Database", 6);
    }

    @Test
    void aMisspeltFieldIsNamed() {
        Map<String, Object> deployment = Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "drafting-service"),
                "spec",
                Map.of(
                        "replicas",
                        2,
                        "template",
                        Map.of(
                                "spec",
                                Map.of(
                                        "containers",
                                        List.of(Map.of(
                                                "name",
                                                "drafting-service",
                                                "image",
                                                "x",
                                                "readinessProbe",
                                                Map.of("periodSecond", 5)))))));
        Map<String, Object> topic = Map.of(
                "apiVersion",
                "kafka.strimzi.io/v1",
                "kind",
                "KafkaTopic",
                "metadata",
                Map.of("name", "t"),
                "spec",
                Map.of("partition", 3));

        assertThat(ManifestModels.problems(deployment))
                .singleElement()
                .asString()
                .contains("readinessProbe")
                .contains("periodSecond");
        assertThat(ManifestModels.problems(topic)).singleElement().asString().contains("partition");
        assertThat(ManifestModels.problems(
                        Map.of("apiVersion", "v1", "kind", "ConfigMapp", "metadata", Map.of("name", "c"))))
                .singleElement()
                .asString()
                .contains("no model knows");
    }

    @Test
    void theStrimziTopicsAndUsersAreWhatTheTopicRegistryMakes() throws Exception {
        Path kafka = DeployTools.DEPLOY.resolve("k8s/base/kafka");
        String stale = "stale: run ./touchflow topics manifests --write";

        assertThat(Files.readString(kafka.resolve("topics.yaml"))).as(stale).isEqualTo(KafkaManifests.topicsYaml());
        assertThat(Files.readString(kafka.resolve("users.yaml"))).as(stale).isEqualTo(KafkaManifests.usersYaml());
        assertThat(TopicsApply.read(kafka.resolve("topics.yaml"))).isEqualTo(KafkaManifests.topics());
    }

    @Test
    void theComposeFileIsValidWithItsSecretsAndNamesTheFirstOneMissing() throws Exception {
        Path env = Files.createTempFile("compose", ".env");
        try {
            Files.writeString(
                    env,
                    String.join(
                            "\n",
                            List.of(
                                    "TOUCHFLOW_POSTGRES_PASSWORD=p", "TOUCHFLOW_DATABASE_PASSWORD=p",
                                    "TOUCHFLOW_KEYCLOAK_ADMIN_PASSWORD=p", "TOUCHFLOW_CONSOLE_CLIENT_SECRET=s",
                                    "TOUCHFLOW_PROMETHEUS_CLIENT_SECRET=s", "TOUCHFLOW_APPROVAL_KEY_ID=k1",
                                    "TOUCHFLOW_APPROVAL_PRIVATE_KEY=k", "TOUCHFLOW_APPROVAL_PUBLIC_KEY=k",
                                    "TOUCHFLOW_PUBLIC_URL=https://touch.example.com", "TOUCHFLOW_TOKEN_SECRET=s",
                                    "TOUCHFLOW_SMTP_HOST=smtp.example.com", "TOUCHFLOW_GRAFANA_ADMIN_PASSWORD=p")));
            Path empty = Files.createTempFile("compose-empty", ".env");

            DeployTools.Run valid = DeployTools.run(
                    "docker-compose", "--env-file", env.toString(), "-f", "compose.yaml", "config", "-q");
            DeployTools.Run lacking = DeployTools.run(
                    "docker-compose", "--env-file", empty.toString(), "-f", "compose.yaml", "config", "-q");
            Files.delete(empty);

            assertThat(valid.exit()).as(valid.err()).isZero();
            assertThat(lacking.exit()).isNotZero();
            assertThat(lacking.err()).contains("in deploy/.env");
        } finally {
            Files.delete(env);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> manifests(String yaml) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                manifests.add((Map<String, Object>) document);
            }
        }
        return manifests;
    }
}
