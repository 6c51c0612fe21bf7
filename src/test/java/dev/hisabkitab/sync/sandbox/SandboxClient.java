package dev.hisabkitab.sync.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** A plain java.net.http client for the sandbox, for tests: sends samples and raw requests. */
public final class SandboxClient {

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public SandboxClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Sends a sample the way the catalogue says: query for GET/DELETE, JSON or multipart body otherwise. */
    public HttpResponse<String> send(OperationSamples.Sample sample, String apiKey) throws IOException, InterruptedException {
        String method = sample.endpoint().method();
        if (sample.isQuery()) {
            return send(method, sample.path() + query(sample.payload()), apiKey, null, null);
        }
        if (sample.isMultipart()) {
            String boundary = "----sandbox" + UUID.randomUUID();
            return send(method, sample.path(), apiKey, "multipart/form-data; boundary=" + boundary,
                    multipart(sample.payload(), boundary, null));
        }
        return send(method, sample.path(), apiKey, "application/json",
                OperationSamples.MAPPER.writeValueAsBytes(sample.payload()));
    }

    public HttpResponse<String> send(String method, String pathAndQuery, String apiKey, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            b.header("ApiKey", apiKey);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> getJson(String pathAndQuery, String apiKey) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, apiKey, null, null);
    }

    public HttpResponse<String> postJson(String path, String apiKey, Object body) throws IOException, InterruptedException {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : OperationSamples.MAPPER.writeValueAsBytes(body);
        return send("POST", path, apiKey, "application/json", bytes);
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return OperationSamples.MAPPER.readTree(response.body());
    }

    /** {@code ?a=1&b=x} for a JSON object of query parameters (arrays as {@code a[]=…}). */
    public static String query(JsonNode params) {
        StringBuilder sb = new StringBuilder();
        FormBodies.flatten(params).forEach((k, values) -> values.forEach(v -> sb.append(sb.length() == 0 ? '?' : '&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return sb.toString();
    }

    /** A multipart/form-data body of form fields (name → string, or list for repeated names), plus optional files. */
    public static byte[] multipart(JsonNode fields, String boundary, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                for (JsonNode v : e.getValue()) {
                    part(out, boundary, e.getKey(), v.asText());
                }
            } else {
                part(out, boundary, e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        if (files != null) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\"upload.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(f.getValue());
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
