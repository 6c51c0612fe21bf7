package dev.hisabkitab.sync.k8s;

import static dev.hisabkitab.sync.k8s.RenderedManifests.all;
import static dev.hisabkitab.sync.k8s.RenderedManifests.env;
import static dev.hisabkitab.sync.k8s.RenderedManifests.only;
import static dev.hisabkitab.sync.k8s.RenderedManifests.setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.client.ApiKeys;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.kafka.RedriveToken;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Both overlays render with kubectl kustomize; every object passes the Kubernetes API's schema (KubernetesSchema);
 * what the manifests name (port, probe and metrics paths, environment variables, Secret keys, topic and consumer
 * group, paths written to) is what the application really has, read from application.properties and the code.
 */
class K8sManifestsTest {

    // no Secret: prod names Secrets made outside git, only dev generates its (public) ones
    static final Set<String> KINDS_IN_EVERY_OVERLAY = Set.of("ServiceAccount", "ConfigMap", "Service",
            "Deployment", "PodDisruptionBudget", "NetworkPolicy");
    /** Read by the JVM itself, not by application.properties. */
    static final Set<String> JVM_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS");
    static final Pattern COMPANY_KEY_VARIABLE = Pattern.compile("HISABKITAB_COMPANIES_([A-Z0-9_]+)_API_KEY");
    /** Names of settings and variables that hold a secret: never a plain value in a manifest or the ConfigMap. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|jaas|token|api[-_.]?key|credential).*");
    /** The prefix of the Kafka client settings' variables (KafkaClientConfig): the rest is a Kafka setting's name. */
    static final String KAFKA_CLIENT_VARIABLE = "HISABKITAB_KAFKA_CLIENT_";
    static final String REGENERATE = "cp application.properties k8s/base/application.properties";

    final Properties settings = RenderedManifests.settings();

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyObjectPassesTheKubernetesApiSchema(String overlay) {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(KubernetesSchema.problems(o)));
        assertEquals(List.of(), problems);
        Set<String> kinds = new TreeSet<>(objects.stream().map(o -> o.path("kind").asText()).toList());
        assertTrue(kinds.containsAll(KINDS_IN_EVERY_OVERLAY), kinds.toString());
        // one autoscaler: the HPA fallback, or KEDA's (which makes its own HPA) in prod
        assertEquals(1, all(objects, "HorizontalPodAutoscaler").size() + all(objects, "ScaledObject").size(), kinds.toString());
        if (overlay.equals("prod")) {
            assertEquals(1, all(objects, "ScaledObject").size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void probesServiceAndScrapeUseThePortAndPathsTheAppServes(String overlay) {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        JsonNode container = container(objects);
        int port = Integer.parseInt(setting(settings, "quarkus.http.port"));
        JsonNode http = container.path("ports").get(0);
        assertEquals(port, http.path("containerPort").asInt());
        String portName = http.path("name").asText();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals(portName, container.at("/" + probe + "/httpGet/port").asText(), probe);
        }
        // Quarkus's health paths under the non-application root (q), unless application.properties moves them
        assertFalse(settings.containsKey("quarkus.http.non-application-root-path"));
        assertFalse(settings.containsKey("quarkus.smallrye-health.root-path"));
        assertEquals(HealthPaths.LIVENESS, container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(HealthPaths.READINESS, container.at("/readinessProbe/httpGet/path").asText());

        JsonNode service = only(objects, "Service");
        assertEquals(portName, service.at("/spec/ports/0/targetPort").asText());
        assertEquals(String.valueOf(port), service.at("/metadata/annotations/prometheus.io~1port").asText());
        assertFalse(settings.containsKey("quarkus.micrometer.export.prometheus.path"));
        assertEquals(HealthPaths.METRICS, service.at("/metadata/annotations/prometheus.io~1path").asText());

        JsonNode deployment = only(objects, "Deployment");
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        for (JsonNode selector : List.of(deployment.at("/spec/selector/matchLabels"), service.at("/spec/selector"),
                only(objects, "PodDisruptionBudget").at("/spec/selector/matchLabels"),
                only(objects, "NetworkPolicy").at("/spec/podSelector/matchLabels"))) {
            assertFalse(selector.isEmpty());
            selector.fields().forEachRemaining(l -> assertEquals(l.getValue(), podLabels.get(l.getKey()), l.getKey()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void environmentVariablesAreOnesTheAppReadsAndEachSecretKeyIsACompanysKey(String overlay) throws Exception {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        JsonNode container = container(objects);
        Set<String> read = new TreeSet<>(RenderedManifests.environmentRead(settings));
        settings.stringPropertyNames().forEach(name -> read.add(RenderedManifests.environmentName(name)));
        read.add("QUARKUS_PROFILE");
        read.addAll(JVM_ENVIRONMENT);
        Set<String> kafkaVariables = new TreeSet<>();
        for (String kafkaSetting : kafkaClientSettings()) {
            kafkaVariables.add(KAFKA_CLIENT_VARIABLE + RenderedManifests.environmentName(kafkaSetting));
        }
        for (String name : env(container).keySet()) {
            if (name.startsWith(KAFKA_CLIENT_VARIABLE)) {
                // KafkaClientConfig looks each Kafka client setting up by its variable: an unknown one is never read
                assertTrue(kafkaVariables.contains(name), name + " is no Kafka client setting's variable");
            } else {
                assertTrue(read.contains(name), name + " is read by nothing in application.properties");
            }
        }

        // the company keys: dev generates its Secret (the sandbox's public key), prod names one made outside git
        // whose keys api-keys.env.example lists
        String secretName = container.at("/envFrom/0/secretRef/name").asText();
        List<JsonNode> generated = all(objects, "Secret").stream()
                .filter(s -> s.at("/metadata/name").asText().equals(secretName)).toList();
        Map<String, String> keys = new HashMap<>();
        if (overlay.equals("prod")) {
            assertEquals(List.of(), generated, "prod's keys are in no manifest");
            assertEquals("hisabkitab-sync-api-keys", secretName);
            Properties example = new Properties();
            try (var in = Files.newBufferedReader(RenderedManifests.ROOT.resolve("k8s/overlays/prod/api-keys.env.example"))) {
                example.load(in);
            }
            example.forEach((k, v) -> keys.put(k.toString(), v.toString().trim()));
        } else {
            assertEquals(1, generated.size(), secretName);
            generated.get(0).path("data").fields().forEachRemaining(e -> keys.put(e.getKey(),
                    new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8).trim()));
        }
        assertTrue(keys.containsKey("HISABKITAB_API_KEY"), keys.keySet().toString());
        // the app's own configuration, reading these variables, finds each company's key where ApiKeys looks
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(keys, 300)).build();
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Matcher company = COMPANY_KEY_VARIABLE.matcher(key.getKey());
            String name = key.getKey().equals("HISABKITAB_API_KEY") ? Envelope.DEFAULT_COMPANY
                    : company.matches() ? company.group(1).toLowerCase() : null;
            assertNotNull(name, key.getKey() + " is no company's key variable");
            assertEquals(key.getValue(), config.getOptionalValue(ApiKeys.settingFor(name), String.class).orElse(null));
        }
        // keys only in the Secret: neither in the ConfigMap nor in plain env (but dev's, the embedded sandbox's public
        // key, which application.properties' demo profile names itself)
        JsonNode configMap = only(objects, "ConfigMap");
        String sandboxKey = setting(settings, "hisabkitab.sandbox.api-keys");
        for (String value : keys.values().stream().filter(k -> !k.equals(sandboxKey)).toList()) {
            assertFalse(configMap.toString().contains(value), "a key in the ConfigMap");
            assertFalse(container.path("env").toString().contains(value), "a key in plain env");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void configMapIsApplicationPropertiesMountedWhereQuarkusReadsIt(String overlay) throws Exception {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        JsonNode configMap = only(objects, "ConfigMap");
        // the copy inside k8s/ (plain kustomize reads nothing outside it) is the top-level file
        assertEquals(Files.readString(RenderedManifests.ROOT.resolve("application.properties")),
                configMap.at("/data/application.properties").asText(),
                "k8s/base/application.properties differs from application.properties: run " + REGENERATE);
        JsonNode deployment = only(objects, "Deployment");
        String volume = volumeOf(deployment, "configMap", configMap.at("/metadata/name").asText());
        assertEquals(Dockerfile.workdir() + "/config", mountPath(container(objects), volume));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void podRunsAsTheImagesNonRootUserOnAReadOnlyRootWithVolumesWhereTheAppWrites(String overlay) {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        JsonNode pod = only(objects, "Deployment").at("/spec/template/spec");
        JsonNode container = container(objects);
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals(Dockerfile.user(), pod.at("/securityContext/runAsUser").asText());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        for (String r : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
            assertFalse(container.at(r).asText().isEmpty(), r);
        }
        Set<String> mounts = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        String workdir = Dockerfile.workdir();
        String inbox = env(container).get("HISABKITAB_INBOX");
        String data = workdir + "/" + setting(settings, "hisabkitab.idempotency.file").replaceFirst("^\\./", "")
                .replaceFirst("/[^/]+$", "");
        for (String written : List.of(inbox, data, "/tmp")) {
            assertTrue(mounts.contains(written), written + " is written by the app but is no volume: " + mounts);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void terminationGraceOutlastsTheShutdownWaitWhichOutlastsTheRetryBudget(String overlay) {
        JsonNode pod = only(RenderedManifests.render(overlay), "Deployment").at("/spec/template/spec");
        Map<String, String> env = env(pod.at("/containers/0"));
        double attempts = Double.parseDouble(setting(settings, "hisabkitab.retry.max-attempts"));
        double perAttempt = Double.parseDouble(setting(settings, "camel.component.http.connect-timeout"))
                + Double.parseDouble(setting(settings, "camel.component.http.response-timeout"));
        double delays = 0;
        double delay = Double.parseDouble(setting(settings, "hisabkitab.retry.initial-delay-ms"));
        double jitter = 1 + Double.parseDouble(setting(settings, "hisabkitab.retry.jitter"));
        for (int i = 1; i < attempts; i++) {
            delays += Math.min(delay, Double.parseDouble(setting(settings, "hisabkitab.retry.max-delay-ms"))) * jitter;
            delay *= Double.parseDouble(setting(settings, "hisabkitab.retry.multiplier"));
        }
        double budgetSeconds = (attempts * perAttempt + delays) / 1000;
        assertTrue(settings.getProperty("camel.main.shutdown-timeout").contains("HISABKITAB_SHUTDOWN_TIMEOUT"));
        double shutdown = Double.parseDouble(env.get("HISABKITAB_SHUTDOWN_TIMEOUT"));
        double grace = pod.path("terminationGracePeriodSeconds").asDouble();
        assertTrue(budgetSeconds < shutdown, "retry budget " + budgetSeconds + " s, shutdown wait " + shutdown + " s");
        assertTrue(shutdown < grace, "shutdown wait " + shutdown + " s, termination grace " + grace + " s");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eachPodIsAStaticKafkaGroupMemberNamedLikeThePod(String overlay) {
        JsonNode container = container(RenderedManifests.render(overlay));
        assertTrue(settings.getProperty("hisabkitab.kafka.instance-id").contains("HISABKITAB_INSTANCE_ID"));
        List<String> fields = new ArrayList<>();
        container.path("env").forEach(e -> {
            if (e.path("name").asText().equals("HISABKITAB_INSTANCE_ID")) {
                fields.add(e.at("/valueFrom/fieldRef/fieldPath").asText());
            }
        });
        // unique among replicas, kept when the container restarts in its pod
        assertEquals(List.of("metadata.name"), fields);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void networkPolicyLetsOutOnlyKafkaHisabKitabAndDns(String overlay) {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        JsonNode policy = only(objects, "NetworkPolicy");
        Set<Integer> ports = new TreeSet<>();
        policy.at("/spec/egress").forEach(rule -> {
            assertFalse(rule.path("to").isEmpty(), "an egress rule to anywhere: " + rule);
            rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        });
        Set<Integer> kafkaPorts = new TreeSet<>();
        for (String broker : env(container(objects)).get("KAFKA_BROKERS").split(",")) {
            kafkaPorts.add(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
        }
        Set<Integer> expected = new TreeSet<>(kafkaPorts);
        expected.add(53);
        expected.add(java.net.URI.create(setting(settings, "hisabkitab.base-url")).getPort() == -1 ? 443
                : java.net.URI.create(setting(settings, "hisabkitab.base-url")).getPort());
        assertEquals(expected, ports);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theConfigMapHoldsNoSecretAndSecretVariablesComeFromSecrets(String overlay) throws Exception {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        JsonNode configMap = only(objects, "ConfigMap");
        List<String> dataKeys = new ArrayList<>();
        configMap.path("data").fieldNames().forEachRemaining(dataKeys::add);
        assertEquals(List.of("application.properties"), dataKeys);
        Properties mounted = new Properties();
        mounted.load(new java.io.StringReader(configMap.at("/data/application.properties").asText()));
        for (String name : mounted.stringPropertyNames()) {
            // the demo profile's sandbox key and test settings are public; the prod profile's secrets are never here
            boolean prodProfile = !name.startsWith("%") || name.startsWith("%prod.");
            // the sandbox stand-in's own keys are public and it is off outside the demo (hisabkitab.sandbox.enabled)
            boolean sandbox = name.startsWith("hisabkitab.sandbox.");
            if (prodProfile && !sandbox && SECRET_NAME.matcher(name).matches()) {
                String value = mounted.getProperty(name).trim();
                assertTrue(value.isEmpty() || value.matches("\\$\\{[A-Z0-9_]+:}"),
                        name + " has a value in the ConfigMap: give it from a Secret");
            }
        }
        JsonNode container = container(objects);
        RenderedManifests.envEntries(container).forEach((name, entry) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                assertTrue(entry.path("value").isMissingNode(), name + " is a plain value");
                assertFalse(entry.at("/valueFrom/secretKeyRef/name").asText().isEmpty(), name + " is from no Secret");
            }
        });
        // re-drive is on in both: its token from a Secret (dev's a public generated one, long enough to be taken)
        JsonNode token = RenderedManifests.envEntries(container).get("HISABKITAB_REDRIVE_TOKEN");
        assertNotNull(token, "no re-drive token: re-drive would answer 503");
        assertTrue(settings.getProperty(RedriveToken.SETTING).contains("HISABKITAB_REDRIVE_TOKEN"));
        if (overlay.equals("dev")) {
            String value = secretValue(objects, token.at("/valueFrom/secretKeyRef"));
            assertTrue(value.length() >= RedriveToken.MIN_LENGTH, "dev's re-drive token is too short to be taken");
            assertFalse(configMap.toString().contains(value));
        }
    }

    @org.junit.jupiter.api.Test
    void prodConnectsToASecuredKafkaWithCredentialsAndTruststoreFromSecrets() {
        List<JsonNode> objects = RenderedManifests.render("prod");
        JsonNode container = container(objects);
        Map<String, JsonNode> env = RenderedManifests.envEntries(container);
        for (String kafka : List.of("SECURITY_PROTOCOL", "SASL_MECHANISM", "SASL_JAAS_CONFIG", "SSL_TRUSTSTORE_LOCATION",
                "SSL_TRUSTSTORE_TYPE", "SSL_TRUSTSTORE_PASSWORD")) {
            assertTrue(env.containsKey(KAFKA_CLIENT_VARIABLE + kafka), "prod sets no " + KAFKA_CLIENT_VARIABLE + kafka);
        }
        assertTrue(env.containsKey("HISABKITAB_REDRIVE_TOKEN"), "prod sets no HISABKITAB_REDRIVE_TOKEN");
        assertEquals("SASL_SSL", env.get("HISABKITAB_KAFKA_CLIENT_SECURITY_PROTOCOL").path("value").asText());
        assertEquals("SCRAM-SHA-512", env.get("HISABKITAB_KAFKA_CLIENT_SASL_MECHANISM").path("value").asText());
        JsonNode jaas = env.get("HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef");
        assertEquals("sasl.jaas.config", jaas.path("key").asText());
        JsonNode password = env.get("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD").at("/valueFrom/secretKeyRef");
        assertFalse(password.path("name").asText().isEmpty());
        assertEquals("PKCS12", env.get("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE").path("value").asText());

        // the truststore file is where the client looks: a key of a Secret volume mounted there, read-only
        String location = env.get("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION").path("value").asText();
        String dir = location.substring(0, location.lastIndexOf('/'));
        String file = location.substring(location.lastIndexOf('/') + 1);
        JsonNode volume = volumeMountedReadOnlyAt(objects, container, dir);
        String caSecret = volume.at("/secret/secretName").asText();
        assertFalse(caSecret.isEmpty(), "the truststore is not from a Secret: " + volume);
        List<String> paths = new ArrayList<>();
        volume.at("/secret/items").forEach(i -> paths.add(i.path("path").asText()));
        assertEquals(List.of(file), paths);
        // the truststore's password is in the Secret the truststore comes from
        assertEquals(caSecret, password.path("name").asText());

        // none of these Secrets is in git: prod only names them
        Set<String> named = new TreeSet<>(List.of(jaas.path("name").asText(), caSecret,
                env.get("HISABKITAB_REDRIVE_TOKEN").at("/valueFrom/secretKeyRef/name").asText()));
        assertEquals(3, named.size(), named.toString());
        assertEquals(List.of(), all(objects, "Secret"));

        // KEDA reads the lag with the same user and CA, over TLS with the same SASL mechanism
        JsonNode trigger = only(objects, "ScaledObject").at("/spec/triggers/0");
        JsonNode auth = only(objects, "TriggerAuthentication");
        assertEquals(auth.at("/metadata/name").asText(), trigger.at("/authenticationRef/name").asText());
        assertEquals("scram_sha512", trigger.at("/metadata/sasl").asText());
        assertEquals("enable", trigger.at("/metadata/tls").asText());
        Map<String, String> kedaSecrets = new HashMap<>();
        auth.at("/spec/secretTargetRef").forEach(r -> kedaSecrets.put(r.path("parameter").asText(), r.path("name").asText()));
        assertEquals(Map.of("username", jaas.path("name").asText(), "password", jaas.path("name").asText(),
                "ca", caSecret), kedaSecrets);
    }

    @org.junit.jupiter.api.Test
    void prodsConsoleUsersAndSessionKeyComeFromASecretMountedWhereTheSettingLooks() {
        List<JsonNode> objects = RenderedManifests.render("prod");
        JsonNode container = container(objects);
        Map<String, JsonNode> env = RenderedManifests.envEntries(container);
        String usersFile = env.get("HISABKITAB_CONSOLE_USERS_FILE").path("value").asText();
        String dir = usersFile.substring(0, usersFile.lastIndexOf('/'));
        JsonNode volume = volumeMountedReadOnlyAt(objects, container, dir);
        String secret = volume.at("/secret/secretName").asText();
        assertFalse(secret.isEmpty(), "the console's users are not from a Secret: " + volume);
        assertEquals(usersFile.substring(dir.length() + 1), volume.at("/secret/items/0/path").asText());
        JsonNode sessionKey = env.get("HISABKITAB_CONSOLE_SESSION_KEY").at("/valueFrom/secretKeyRef");
        assertEquals(secret, sessionKey.path("name").asText());
        // single sign-on's client secret comes from the same Secret, and only when it has one (SSO is optional)
        JsonNode oidcSecret = env.get("HISABKITAB_CONSOLE_OIDC_CLIENT_SECRET").at("/valueFrom/secretKeyRef");
        assertEquals(secret, oidcSecret.path("name").asText());
        assertTrue(oidcSecret.path("optional").asBoolean(), "a console without single sign-on needs no client secret");
        assertTrue(settings.getProperty("quarkus.oidc.credentials.secret").contains("HISABKITAB_CONSOLE_OIDC_CLIENT_SECRET"));
        assertEquals(List.of(), all(objects, "Secret"), "prod only names its Secrets");
    }

    @org.junit.jupiter.api.Test
    void kedaScalesTheDeploymentOnTheLagOfTheAppsConsumerGroupAndTopic() {
        List<JsonNode> objects = RenderedManifests.render("prod");
        JsonNode scaled = only(objects, "ScaledObject");
        assertEquals(only(objects, "Deployment").at("/metadata/name").asText(), scaled.at("/spec/scaleTargetRef/name").asText());
        JsonNode kafka = scaled.at("/spec/triggers/0");
        assertEquals("kafka", kafka.path("type").asText());
        assertEquals(setting(settings, "hisabkitab.kafka.group-id"), kafka.at("/metadata/consumerGroup").asText());
        assertEquals(setting(settings, "hisabkitab.topics.events"), kafka.at("/metadata/topic").asText());
        assertEquals(env(container(objects)).get("KAFKA_BROKERS"), kafka.at("/metadata/bootstrapServers").asText());
    }

    /** Every setting name a Kafka client knows (what KafkaClientConfig looks up by its variable). */
    private static Set<String> kafkaClientSettings() {
        Set<String> names = new TreeSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        names.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        return names;
    }

    private static String secretValue(List<JsonNode> objects, JsonNode secretKeyRef) {
        for (JsonNode secret : all(objects, "Secret")) {
            if (secret.at("/metadata/name").asText().equals(secretKeyRef.path("name").asText())) {
                String data = secret.path("data").path(secretKeyRef.path("key").asText()).asText(null);
                assertNotNull(data, "no key " + secretKeyRef.path("key").asText() + " in " + secretKeyRef.path("name").asText());
                return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no Secret " + secretKeyRef.path("name").asText());
    }

    /** The Deployment's volume mounted at {@code dir} in the container, checked to be mounted read-only. */
    private static JsonNode volumeMountedReadOnlyAt(List<JsonNode> objects, JsonNode container, String dir) {
        JsonNode mount = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(dir)) {
                mount = m;
            }
        }
        assertNotNull(mount, "nothing mounted at " + dir);
        assertTrue(mount.path("readOnly").asBoolean());
        JsonNode volume = null;
        for (JsonNode v : only(objects, "Deployment").at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals(mount.path("name").asText())) {
                volume = v;
            }
        }
        assertNotNull(volume);
        return volume;
    }

    private static JsonNode container(List<JsonNode> objects) {
        return only(objects, "Deployment").at("/spec/template/spec/containers/0");
    }

    private static String volumeOf(JsonNode deployment, String type, String source) {
        for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
            if (source.equals(v.path(type).path("name").asText())) {
                return v.path("name").asText();
            }
        }
        throw new AssertionError("no " + type + " volume of " + source);
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (volume.equals(m.path("name").asText())) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }
}
