package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

/** The app's health endpoints over real HTTP (Quarkus tests: inject the URL with {@code @TestHTTPResource}). */
public final class Health {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One answer of a health endpoint: its HTTP status and body. */
    public record Answer(int status, String body) {

        /** The named check of this answer; fails the test when there is none. */
        public JsonNode check(String name) {
            for (JsonNode check : Events.json(body).path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return check;
                }
            }
            throw new AssertionError("no health check " + name + " in " + body);
        }
    }

    public static Answer get(URL endpoint) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.toString())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Health() {
    }
}
