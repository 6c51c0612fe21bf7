package dev.hisabkitab.sync.bench.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The repository's dashboard (docs/grafana/hisabkitab-sync.json) drawn over hand-made scrapes that carry every metric
 * it plots: each expression stays within what the renderer evaluates, each panel shows its data, and the picture is
 * laid out on Grafana's grid.
 */
class DashboardRenderTest {

    static final Path DASHBOARD = Path.of("docs/grafana/hisabkitab-sync.json");

    /** 30 scrapes a second apart: 5 Kafka events a second, one mapping dead letter every 10 s, lag 12, … */
    static Snapshots run() {
        return PromQlTest.scrapes(30, i -> """
                hisabkitab_events_in_total{source="kafka"} %d
                hisabkitab_outcomes_total{type="api.sale.create-item",company="default",outcome="ok"} %d
                hisabkitab_outcomes_total{type="api.gst-rate.list",company="globex",outcome="mapping"} %d
                hisabkitab_kafka_consumer_lag{topic="hisabkitab.events",partition="0"} 12
                hisabkitab_api_duration_seconds_bucket{operation="sale.create-item",company="default",status="2xx",le="0.05"} %d
                hisabkitab_api_duration_seconds_bucket{operation="sale.create-item",company="default",status="2xx",le="0.1"} %d
                hisabkitab_api_duration_seconds_bucket{operation="sale.create-item",company="default",status="2xx",le="+Inf"} %d
                hisabkitab_api_duration_seconds_count{operation="sale.create-item",company="default",status="2xx"} %d
                hisabkitab_event_duration_seconds_bucket{type="api.sale.create-item",outcome="ok",le="0.1"} %d
                hisabkitab_event_duration_seconds_bucket{type="api.sale.create-item",outcome="ok",le="+Inf"} %d
                hisabkitab_api_retries_total{operation="sale.create-item",company="default"} %d
                hisabkitab_events_in_flight 2
                hisabkitab_inbox_backlog 3
                """.formatted(5 * i, 5 * i, 1 + i / 10, 0, 5 * i, 5 * i, 5 * i, 5 * i, 5 * i, i));
    }

    @Test
    void everyPanelOfTheDashboardShowsItsSeries() {
        Dashboard dashboard = Dashboard.read(DASHBOARD);
        assertEquals(10, dashboard.panels().size());
        Snapshots db = run();
        for (Dashboard.Panel p : dashboard.panels()) {
            DashboardRenderer.PanelData data = DashboardRenderer.evaluate(p, db);
            assertFalse(data.lines().isEmpty() && data.rows().isEmpty(), p.title() + " shows nothing");
        }
        Map<String, Dashboard.Panel> byTitle = new java.util.HashMap<>();
        dashboard.panels().forEach(p -> byTitle.put(p.title(), p));

        DashboardRenderer.Line in = only(DashboardRenderer.evaluate(byTitle.get("Events in per second"), db).lines());
        assertEquals("kafka", in.name());
        assertEquals(5.0, in.last(), 1e-9);
        // the first steps have no rate yet: fewer than two scrapes in the window
        assertTrue(Double.isNaN(in.values()[0]));

        // API p95: all calls between 50 and 100 ms → 50 + 50 × 0.95
        assertEquals(0.0975, only(DashboardRenderer.evaluate(byTitle.get("HisabKitab API latency p95 by operation"), db)
                .lines()).last(), 1e-9);
        assertEquals(12.0, only(DashboardRenderer.evaluate(byTitle.get("Consumer lag (records)"), db).lines()).last());

        // the table: dead letters over the whole range, one row per company, type and category; ok is not one
        DashboardRenderer.PanelData table = DashboardRenderer.evaluate(
                byTitle.get("Dead letters by company and type (time range)"), db);
        assertEquals(List.of(Map.of("company", "globex", "type", "api.gst-rate.list", "outcome", "mapping")), table.rows());
        // 1 → 3 in the window (T0, T0 + 29 s], extrapolated to its start: a little over 2 (as in Prometheus, the first
        // dead letter of a series that starts at 1 is not seen)
        assertTrue(table.rowValues().get(0) >= 2 && table.rowValues().get(0) <= 3.1, table.rowValues().toString());
    }

    @Test
    void thePictureIsLaidOutOnGrafanasGrid() {
        Dashboard dashboard = Dashboard.read(DASHBOARD);
        BufferedImage image = new DashboardRenderer(1600, ZoneOffset.UTC).render(dashboard, run(), "test");
        // 40 grid rows of 30 px under the header
        assertEquals(1600, image.getWidth());
        assertEquals(DashboardRenderer.HEADER + 40 * DashboardRenderer.ROW + DashboardRenderer.GAP, image.getHeight());
        // the first panel (left half, top) carries its series' colour; the right half of its row is another panel
        int first = countColour(image, DashboardRenderer.PALETTE[0].getRGB(), 0, DashboardRenderer.HEADER, 800,
                DashboardRenderer.HEADER + 8 * DashboardRenderer.ROW);
        assertTrue(first > 60, "pixels of the first series' colour in panel 1 (legend and line): " + first);
        assertEquals(DashboardRenderer.PANEL.getRGB(), image.getRGB(400, DashboardRenderer.HEADER + 12));
        assertEquals(DashboardRenderer.BACKGROUND.getRGB(), image.getRGB(2, DashboardRenderer.HEADER + 100));
    }

    private static DashboardRenderer.Line only(List<DashboardRenderer.Line> lines) {
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    private static int countColour(BufferedImage image, int rgb, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (image.getRGB(x, y) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
