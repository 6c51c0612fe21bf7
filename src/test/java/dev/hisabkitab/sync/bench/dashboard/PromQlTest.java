package dev.hisabkitab.sync.bench.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/** The PromQL evaluator of the dashboard renderer on hand-made scrapes, against values worked out by hand. */
class PromQlTest {

    static final long T0 = 1_700_000_000_000L;

    /** Scrapes at T0, T0 + 1 s, …; scrape i is the text the function gives for i. */
    static Snapshots scrapes(int count, IntFunction<String> text) {
        List<Snapshots.Snapshot> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Snapshots.snapshot(T0 + i * 1000L, text.apply(i)));
        }
        return new Snapshots(list);
    }

    static Map<Map<String, String>, Double> eval(String expr, Snapshots db, long at) {
        Map<Map<String, String>, Double> out = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        PromQl.evaluate(expr, db, at).forEach(s -> out.put(s.labels(), s.value()));
        return out;
    }

    static double only(String expr, Snapshots db, long at) {
        List<PromQl.Sample> r = PromQl.evaluate(expr, db, at);
        assertEquals(1, r.size(), expr + " → " + r);
        return r.get(0).value();
    }

    @Test
    void readsThePrometheusTextFormat() {
        List<PromText.Sample> samples = PromText.parse("""
                # HELP x_total Things
                # TYPE x_total counter
                x_total{a="1",b="with \\"quotes\\" and \\\\ and \\n"} 3.0
                up 1 1700000000000
                h_bucket{le="+Inf"} +Inf
                g NaN
                e_total{k="v"} 2.0 # {trace_id="abc"} 1.0 1700000000.000
                """);
        assertEquals(5, samples.size());
        assertEquals("x_total", samples.get(0).name());
        assertEquals("with \"quotes\" and \\ and \n", samples.get(0).labels().get("b"));
        assertEquals(3.0, samples.get(0).value());
        assertEquals(1.0, samples.get(1).value());
        assertEquals(Double.POSITIVE_INFINITY, samples.get(2).value());
        assertTrue(Double.isNaN(samples.get(3).value()));
        assertEquals(2.0, samples.get(4).value());
        assertThrows(IllegalArgumentException.class, () -> PromText.parse("x{a=1} 2"));
    }

    @Test
    void rateOfASteadyCounterIsItsSlopeExtrapolatedToTheWindow() {
        // 100, 110, …, 200: 10 a second
        Snapshots db = scrapes(11, i -> "c_total{job=\"a\"} " + (100 + 10 * i));
        // window (6 s, 10 s]: 170..200 over 3 s, extrapolated by 1 s to the start → 40 in 4 s
        assertEquals(10.0, only("rate(c_total[4s])", db, T0 + 10_000), 1e-9);
        assertEquals(40.0, only("increase(c_total[4s])", db, T0 + 10_000), 1e-9);
        assertEquals(10.0, only("irate(c_total[4s])", db, T0 + 10_000), 1e-9);
        // the name is gone, the other labels stay
        assertEquals(Map.of("job", "a"), PromQl.evaluate("rate(c_total[4s])", db, T0 + 10_000).get(0).labels());
        // one sample in the window: no value
        assertTrue(PromQl.evaluate("rate(c_total[1s])", db, T0 + 10_000).isEmpty());
    }

    @Test
    void aCounterResetAddsTheValueBeforeIt() {
        Snapshots db = scrapes(4, i -> "c_total " + new int[] { 5, 8, 2, 4 }[i]);
        // 3 (5→8) + 2 (restart at 0 → 2) + 2 (2→4) = 7 over 3 s; at T0 + 3 s the window [4s] starts 1 s before the
        // first sample (< 1.1 intervals: extrapolated to it), the counter's zero (3 s × 5/7 before) lies beyond it
        assertEquals(7.0 * 4 / 3, only("increase(c_total[4s])", db, T0 + 3_000), 1e-9);
    }

    @Test
    void aCounterBornInTheWindowIsExtrapolatedNoFurtherThanItsZero() {
        // a series first scraped at 1 (micrometer creates a counter at its first increment)
        Snapshots db = scrapes(4, i -> "c_total " + new int[] { 1, 1, 3, 5 }[i]);
        // increase 4 in 3 s; the window starts 7 s before the first sample, but zero is reached 3 × 1/4 = 0.75 s
        // before it: extrapolated over 3.75 s → 5
        assertEquals(5.0, only("increase(c_total[10s])", db, T0 + 3_000), 1e-9);
        // a counter that stayed at 1 increased by nothing Prometheus can see
        Snapshots flat = scrapes(4, i -> "c_total 1");
        assertEquals(0.0, only("increase(c_total[10s])", flat, T0 + 3_000), 1e-9);
    }

    @Test
    void sumByKeepsOnlyTheGroupingLabels() {
        Snapshots db = scrapes(2, i -> """
                out_total{type="a",company="x",outcome="ok"} %d
                out_total{type="b",company="x",outcome="ok"} %d
                out_total{type="a",company="y",outcome="mapping"} %d
                """.formatted(10 * i, 20 * i, 4 * i));
        Map<Map<String, String>, Double> byOutcome = eval("sum by (outcome) (increase(out_total[2s]))", db, T0 + 1_000);
        // counters that start at 0 are not extrapolated before their first sample: the plain differences
        assertEquals(Map.of(Map.of("outcome", "ok"), 30.0, Map.of("outcome", "mapping"), 4.0), byOutcome);
        assertEquals(Map.of(Map.of("company", "x"), 30.0 * 1, Map.of("company", "y"), 4.0),
                eval("sum(out_total) without (type, outcome)", db, T0 + 1_000));
        assertEquals(34.0, only("sum(out_total)", db, T0 + 1_000));
        assertEquals(3.0, only("count(out_total)", db, T0 + 1_000));
        assertEquals(20.0, only("max(out_total)", db, T0 + 1_000));
    }

    @Test
    void labelMatchersAreAnchoredRegularExpressions() {
        Snapshots db = scrapes(1, i -> """
                o{outcome="ok"} 1
                o{outcome="duplicate"} 2
                o{outcome="mapping"} 4
                o{outcome="not-ok"} 8
                """);
        assertEquals(12.0, only("sum(o{outcome!~\"ok|duplicate\"})", db, T0));
        assertEquals(3.0, only("sum(o{outcome=~\"ok|duplicate\"})", db, T0));
        assertEquals(14.0, only("sum(o{outcome!=\"ok\"})", db, T0));
        assertEquals(4.0, only("o{outcome='mapping'}", db, T0));
        assertEquals(15.0, only("sum({__name__=\"o\"})", db, T0));
    }

    @Test
    void histogramQuantileInterpolatesInsideTheBucketOfTheRank() {
        // per second: 0 under 0.1 s, 10 under 0.5 s, 20 under 1 s, 20 in all → p95: rank 19 of 20, in (0.5, 1] where
        // 10 of the 20 are: 0.5 + 0.5 × 9/10
        Snapshots db = scrapes(3, i -> """
                d_bucket{op="sale",le="0.1"} 0
                d_bucket{op="sale",le="0.5"} %d
                d_bucket{op="sale",le="1.0"} %d
                d_bucket{op="sale",le="+Inf"} %d
                d_bucket{op="list",le="0.1"} %d
                d_bucket{op="list",le="0.5"} %d
                d_bucket{op="list",le="1.0"} %d
                d_bucket{op="list",le="+Inf"} %d
                """.formatted(10 * i, 20 * i, 20 * i, 0, 0, 0, 5 * i));
        Map<Map<String, String>, Double> p95 = eval(
                "histogram_quantile(0.95, sum by (le, op) (rate(d_bucket[3s])))", db, T0 + 2_000);
        assertEquals(0.95, p95.get(Map.of("op", "sale")), 1e-9);
        // everything above the highest finite bound: that bound
        assertEquals(1.0, p95.get(Map.of("op", "list")), 1e-9);
        assertEquals(0.5, only("histogram_quantile(0.5, sum by (le) (rate(d_bucket{op=\"sale\"}[3s])))", db, T0 + 2_000),
                1e-9);
        // no observations in the window: no number
        Snapshots idle = scrapes(3, i -> "d_bucket{le=\"0.1\"} 3\nd_bucket{le=\"+Inf\"} 3");
        assertTrue(Double.isNaN(only("histogram_quantile(0.95, sum by (le) (rate(d_bucket[3s])))", idle, T0 + 2_000)));
    }

    @Test
    void aGaugeIsItsLatestScrapeAndStaleOnceAScrapeLacksIt() {
        Snapshots db = scrapes(4, i -> i < 2 ? "lag{topic=\"e\",partition=\"0\"} " + (7 + i) + "\nin_flight 3"
                : "in_flight " + i);
        assertEquals(8.0, only("sum by (topic) (lag)", db, T0 + 1_500));
        assertEquals(Map.of(Map.of("topic", "e"), 8.0), eval("sum by (topic) (lag)", db, T0 + 1_000));
        assertTrue(PromQl.evaluate("lag", db, T0 + 2_000).isEmpty(), "gone from the scrape at 2 s");
        assertTrue(PromQl.evaluate("in_flight", db, T0 - 1).isEmpty(), "before the first scrape");
        assertEquals(3.0, only("sum(in_flight)", db, T0 + 3_000 + PromQl.LOOKBACK_MILLIS));
        assertTrue(PromQl.evaluate("in_flight", db, T0 + 3_001 + PromQl.LOOKBACK_MILLIS).isEmpty(), "beyond the look-back");
    }

    @Test
    void whatTheEvaluatorDoesNotKnowIsRefusedSayingSo() {
        Snapshots db = scrapes(1, i -> "a 1\nb 2");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PromQl.parse("a + b")).getMessage()
                .contains("not supported"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PromQl.parse("a offset 5m")).getMessage()
                .contains("not supported"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PromQl.parse("deriv(a[5m])")).getMessage()
                .contains("deriv"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.parse("rate(a[5x])"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.evaluate("a[5m]", db, T0));
        assertThrows(IllegalArgumentException.class, () -> PromQl.evaluate("rate(a)", db, T0));
        assertEquals(5_400_000L, PromQl.durationMillis("1h30m"));
        assertEquals(250L, PromQl.durationMillis("250ms"));
    }

    @Test
    void grafanasVariablesAndLegendsAreFilledInAsGrafanaDoes() {
        // step 1 s, scrapes every 1 s: $__rate_interval = max(1 s + 1 s, 4 × 1 s)
        assertEquals("rate(x[4s]) y[1s] z[183s]", Dashboard.interpolate(
                "rate(x[$__rate_interval]) y[${__interval}] z[$__range]", 1000, 1000, 183_000));
        assertEquals("x[20s] y[15s]", Dashboard.interpolate("x[$__rate_interval] y[$__interval]", 15_000, 5_000, 60_000));
        assertEquals("default sale mapping", PromQl.legend("{{company}} {{ type }} {{outcome}}",
                Map.of("company", "default", "type", "sale", "outcome", "mapping")));
        assertEquals("in flight", PromQl.legend("in flight", Map.of()));
        assertEquals("m{a=\"1\", b=\"2\"}", PromQl.legend("", Map.of(PromQl.NAME, "m", "a", "1", "b", "2")));
    }
}
