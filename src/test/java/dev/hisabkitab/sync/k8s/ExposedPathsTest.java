package dev.hisabkitab.sync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The paths the manifests probe and scrape (HealthPaths, checked there by K8sManifestsTest) answer on the app. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ExposedPathsTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void prometheusScrapesTheMetricsPath() throws Exception {
        HttpResponse<String> metrics = get(HealthPaths.METRICS);
        assertEquals(200, metrics.statusCode());
        assertEquals(true, metrics.body().contains("hisabkitab_events_in_flight"), "the connector's own metrics");
    }

    @Test
    void kubernetesProbesTheHealthPaths() throws Exception {
        // the health extension (smallrye-health) serves these; until it is in the build there is nothing to probe
        Assumptions.assumeTrue(present("io.smallrye.health.SmallRyeHealthReporter"), "no health extension yet");
        for (String path : new String[] { HealthPaths.LIVENESS, HealthPaths.READINESS }) {
            assertNotEquals(404, get(path).statusCode(), path);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = root.toURI().resolve(path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ExposedPathsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
