package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scrapes the connector's {@code GET /q/metrics} (Prometheus text) once a second while the load runs, each answer
 * into {@code <dir>/<epoch-millis>.prom} (written under a temporary name and renamed, so a reader never sees half a
 * file). The file name is the moment the scrape was sent.
 */
final class MetricsScraper implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-metrics-scraper");
        t.setDaemon(true);
        return t;
    });
    private final URI uri;
    private final Path dir;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    MetricsScraper(URI uri, Path dir) throws IOException {
        this.uri = uri;
        this.dir = dir;
        Files.createDirectories(dir);
    }

    MetricsScraper start() {
        timer.scheduleAtFixedRate(this::scrape, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private void scrape() {
        long at = System.currentTimeMillis();
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                failed.incrementAndGet();
                return;
            }
            Path tmp = dir.resolve("." + at + ".prom.tmp");
            Files.write(tmp, r.body());
            Files.move(tmp, dir.resolve(at + ".prom"), StandardCopyOption.ATOMIC_MOVE);
            written.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int written() {
        return written.get();
    }

    int failed() {
        return failed.get();
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
