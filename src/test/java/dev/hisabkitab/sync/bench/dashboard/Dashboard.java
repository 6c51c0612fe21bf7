package dev.hisabkitab.sync.bench.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a Grafana dashboard JSON says that a picture of it needs: its panels, where they sit and what they query. */
public record Dashboard(String title, List<Panel> panels) {

    /** Grafana's grid: 24 columns; {@code h} in rows of 30 px. */
    public record GridPos(int x, int y, int w, int h) {
    }

    /** {@code instant}: one value at the end of the time range (a table), else a series over the range. */
    public record Target(String refId, String expr, String legendFormat, boolean instant) {
    }

    public record Panel(int id, String type, String title, GridPos grid, String unit, List<Target> targets) {
    }

    public static Dashboard read(Path json) {
        try {
            return of(new ObjectMapper().readTree(json.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard " + json, e);
        }
    }

    public static Dashboard of(JsonNode root) {
        List<Panel> panels = new ArrayList<>();
        collect(root.path("panels"), panels);
        return new Dashboard(root.path("title").asText(""), List.copyOf(panels));
    }

    private static void collect(JsonNode list, List<Panel> out) {
        for (JsonNode p : list) {
            JsonNode g = p.path("gridPos");
            List<Target> targets = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr") && !t.path("hide").asBoolean(false)) {
                    targets.add(new Target(t.path("refId").asText(""), t.get("expr").asText(),
                            t.path("legendFormat").asText(""), t.path("instant").asBoolean(false)));
                }
            }
            out.add(new Panel(p.path("id").asInt(), p.path("type").asText("timeseries"), p.path("title").asText(""),
                    new GridPos(g.path("x").asInt(0), g.path("y").asInt(0), g.path("w").asInt(12), g.path("h").asInt(8)),
                    p.path("fieldConfig").path("defaults").path("unit").asText(""), List.copyOf(targets)));
            collect(p.path("panels"), out); // panels of a collapsed row
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(__rate_interval|__interval|__range)}?");

    /**
     * Grafana's built-in variables in an expression, as Grafana fills them for a Prometheus data source:
     * {@code $__interval} is the step, {@code $__rate_interval} the larger of step + scrape interval and four scrape
     * intervals, {@code $__range} the dashboard's time range.
     */
    public static String interpolate(String expr, long stepMillis, long scrapeMillis, long rangeMillis) {
        return VARIABLE.matcher(expr).replaceAll(m -> switch (m.group(1)) {
            case "__interval" -> duration(stepMillis);
            case "__rate_interval" -> duration(Math.max(stepMillis + scrapeMillis, 4 * scrapeMillis));
            default -> duration(rangeMillis);
        });
    }

    static String duration(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
