package dev.hisabkitab.sync.bench.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The part of PromQL a Grafana dashboard of counters, gauges and histograms needs, evaluated over {@link Snapshots}
 * the way Prometheus evaluates it:
 * <ul>
 * <li>selectors {@code name{label="v", label!="v", label=~"re", label!~"re"}}, instant (the latest scrape at or before
 * the time, within a 5 minute look-back; a series missing from that scrape is stale) or over a range {@code [5m]}
 * (the scrapes in {@code (t - range, t]});
 * <li>{@code rate}, {@code increase} (with Prometheus' counter-reset handling and extrapolation to the window's
 * edges), {@code irate};
 * <li>{@code histogram_quantile(φ, …)} over {@code le} buckets (linear interpolation inside a bucket, the highest
 * finite bound when the rank falls in {@code +Inf});
 * <li>aggregations {@code sum}, {@code avg}, {@code min}, {@code max}, {@code count} with {@code by (…)} or
 * {@code without (…)}, before or after the argument; numbers and parentheses.
 * </ul>
 * Anything else (binary operators, offsets, subqueries, other functions) is refused with a message saying so.
 */
public final class PromQl {

    public static final String NAME = "__name__";
    static final long LOOKBACK_MILLIS = 5 * 60_000;

    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count");
    private static final Set<String> FUNCTIONS = Set.of("rate", "increase", "irate", "histogram_quantile");

    private PromQl() {
    }

    // ---------------------------------------------------------------------------------------------- syntax

    public sealed interface Expr permits Selector, Call, Aggregation, NumberLiteral {
    }

    public record Matcher(String label, String op, String value, Pattern regex) {
        static Matcher of(String label, String op, String value) {
            Pattern p = op.endsWith("~") ? Pattern.compile(value) : null;
            return new Matcher(label, op, value, p);
        }

        boolean matches(String actual) {
            String v = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> regex.matcher(v).matches();
                case "!~" -> !regex.matcher(v).matches();
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** {@code rangeMillis} is null for an instant selector. */
    public record Selector(List<Matcher> matchers, Long rangeMillis) implements Expr {
    }

    public record Call(String function, List<Expr> args) implements Expr {
    }

    public record Aggregation(String op, List<String> grouping, boolean without, Expr arg) implements Expr {
    }

    public record NumberLiteral(double value) implements Expr {
    }

    public static Expr parse(String text) {
        Parser p = new Parser(text);
        Expr e = p.expr();
        p.ws();
        if (!p.atEnd()) {
            throw p.unexpected();
        }
        return e;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        void ws() {
            while (!atEnd() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        char peek() {
            ws();
            return atEnd() ? '\0' : s.charAt(i);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + " in: " + s);
            }
            i++;
        }

        IllegalArgumentException unexpected() {
            ws();
            if (atEnd()) {
                return new IllegalArgumentException("unexpected end of: " + s);
            }
            char c = s.charAt(i);
            if ("+-*/%^<>=!".indexOf(c) >= 0 || s.startsWith("and ", i) || s.startsWith("or ", i)
                    || s.startsWith("unless ", i) || s.startsWith("offset ", i)) {
                return new IllegalArgumentException("not supported by this evaluator (binary operators, offset): '"
                        + s.substring(i) + "' in: " + s);
            }
            return new IllegalArgumentException("unexpected '" + c + "' at " + i + " in: " + s);
        }

        String ident() {
            ws();
            int start = i;
            while (!atEnd() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                i++;
            }
            if (start == i) {
                throw unexpected();
            }
            return s.substring(start, i);
        }

        Expr expr() {
            char c = peek();
            if (c == '(') {
                i++;
                Expr inner = expr();
                expect(')');
                if (peek() == '[') {
                    throw new IllegalArgumentException("subqueries are not supported by this evaluator: " + s);
                }
                return inner;
            }
            if (Character.isDigit(c) || c == '.') {
                return new NumberLiteral(number());
            }
            if (c == '{') {
                return selector(null);
            }
            String name = ident();
            if (AGGREGATIONS.contains(name) && (peek() == '(' || s.startsWith("by", i) || s.startsWith("without", i))) {
                return aggregation(name);
            }
            if (peek() == '(') {
                if (!FUNCTIONS.contains(name)) {
                    throw new IllegalArgumentException("function " + name + " is not supported by this evaluator: " + s);
                }
                i++;
                List<Expr> args = new ArrayList<>();
                args.add(expr());
                while (peek() == ',') {
                    i++;
                    args.add(expr());
                }
                expect(')');
                return new Call(name, args);
            }
            return selector(name);
        }

        Aggregation aggregation(String op) {
            List<String> grouping = null;
            boolean without = false;
            if (peek() != '(') {
                without = ident().equals("without");
                grouping = labelList();
            }
            expect('(');
            Expr arg = expr();
            expect(')');
            if (grouping == null && !atEnd() && (s.startsWith("by", posAfterWs()) || s.startsWith("without", posAfterWs()))) {
                without = ident().equals("without");
                grouping = labelList();
            }
            return new Aggregation(op, grouping == null ? List.of() : grouping, without, arg);
        }

        int posAfterWs() {
            ws();
            return i;
        }

        List<String> labelList() {
            expect('(');
            List<String> labels = new ArrayList<>();
            while (peek() != ')') {
                labels.add(ident());
                if (peek() == ',') {
                    i++;
                }
            }
            expect(')');
            return labels;
        }

        Selector selector(String name) {
            List<Matcher> matchers = new ArrayList<>();
            if (name != null) {
                matchers.add(Matcher.of(NAME, "=", name));
            }
            if (peek() == '{') {
                i++;
                while (peek() != '}') {
                    String label = ident();
                    ws();
                    String op = s.startsWith("=~", i) ? "=~" : s.startsWith("!~", i) ? "!~" : s.startsWith("!=", i) ? "!="
                            : s.startsWith("=", i) ? "=" : null;
                    if (op == null) {
                        throw unexpected();
                    }
                    i += op.length();
                    matchers.add(Matcher.of(label, op, string()));
                    if (peek() == ',') {
                        i++;
                    }
                }
                i++;
            }
            if (matchers.isEmpty()) {
                throw new IllegalArgumentException("a selector needs a metric name or a matcher: " + s);
            }
            Long range = null;
            if (peek() == '[') {
                i++;
                ws();
                int start = i;
                while (!atEnd() && s.charAt(i) != ']') {
                    i++;
                }
                range = durationMillis(s.substring(start, i).strip());
                expect(']');
            }
            return new Selector(List.copyOf(matchers), range);
        }

        String string() {
            char quote = peek();
            if (quote != '"' && quote != '\'') {
                throw unexpected();
            }
            i++;
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != quote) {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        double number() {
            ws();
            int start = i;
            while (!atEnd() && (Character.isDigit(s.charAt(i)) || ".eE+-".indexOf(s.charAt(i)) >= 0)) {
                if ((s.charAt(i) == '+' || s.charAt(i) == '-') && !(s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) {
                    break;
                }
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    /** A PromQL duration such as {@code 5m}, {@code 1h30m}, {@code 250ms}. */
    public static long durationMillis(String text) {
        var m = DURATION.matcher(text);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total += n * switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                case "w" -> 7 * 86_400_000L;
                default -> 365 * 86_400_000L;
            };
            end = m.end();
        }
        if (end != text.length() || text.isEmpty() || total <= 0) {
            throw new IllegalArgumentException("not a PromQL duration: '" + text + "'");
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------ evaluation

    /** One element of an instant vector. */
    public record Sample(Map<String, String> labels, double value) {
    }

    record Point(long millis, double value) {
    }

    record RangeSeries(Map<String, String> labels, List<Point> points) {
    }

    /** Evaluates an expression that gives an instant vector (or a number, as a vector of one sample). */
    public static List<Sample> evaluate(Expr e, Snapshots db, long atMillis) {
        Object v = eval(e, db, atMillis);
        if (v instanceof Double d) {
            return List.of(new Sample(Map.of(), d));
        }
        if (v instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof Sample)) {
            @SuppressWarnings("unchecked")
            List<Sample> samples = (List<Sample>) list;
            return samples;
        }
        throw new IllegalArgumentException("a range vector cannot be plotted; wrap it in rate() or increase()");
    }

    public static List<Sample> evaluate(String expr, Snapshots db, long atMillis) {
        return evaluate(parse(expr), db, atMillis);
    }

    private static Object eval(Expr e, Snapshots db, long t) {
        if (e instanceof NumberLiteral n) {
            return n.value();
        }
        if (e instanceof Selector sel) {
            return sel.rangeMillis() == null ? instant(sel, db, t) : range(sel, db, t);
        }
        if (e instanceof Aggregation a) {
            return aggregate(a, instantArg(a.arg(), db, t));
        }
        Call c = (Call) e;
        return switch (c.function()) {
            case "rate", "increase", "irate" -> {
                if (c.args().size() != 1 || !(c.args().get(0) instanceof Selector sel) || sel.rangeMillis() == null) {
                    throw new IllegalArgumentException(c.function() + "() takes one range selector, e.g. x[5m]");
                }
                List<Sample> out = new ArrayList<>();
                for (RangeSeries s : range(sel, db, t)) {
                    double v = c.function().equals("irate") ? irate(s.points())
                            : extrapolatedRate(s.points(), t - sel.rangeMillis(), t, c.function().equals("rate"));
                    if (!Double.isNaN(v)) { // fewer than two samples in the window: no value, as in Prometheus
                        out.add(new Sample(withoutName(s.labels()), v));
                    }
                }
                yield out;
            }
            case "histogram_quantile" -> {
                if (c.args().size() != 2 || !(eval(c.args().get(0), db, t) instanceof Double q)) {
                    throw new IllegalArgumentException("histogram_quantile(φ, buckets) takes a number and a vector");
                }
                yield histogramQuantile(q, instantArg(c.args().get(1), db, t));
            }
            default -> throw new IllegalStateException(c.function());
        };
    }

    private static List<Sample> instantArg(Expr e, Snapshots db, long t) {
        Object v = eval(e, db, t);
        if (v instanceof List<?> l && (l.isEmpty() || l.get(0) instanceof Sample)) {
            @SuppressWarnings("unchecked")
            List<Sample> samples = (List<Sample>) l;
            return samples;
        }
        throw new IllegalArgumentException("expected an instant vector, got " + (v instanceof Double ? "a number" : "a range vector"));
    }

    private static boolean matches(Selector sel, Map<String, String> labels) {
        for (Matcher m : sel.matchers()) {
            if (!m.matches(labels.get(m.label()))) {
                return false;
            }
        }
        return true;
    }

    private static List<Sample> instant(Selector sel, Snapshots db, long t) {
        int idx = db.lastAtOrBefore(t);
        if (idx < 0) {
            return List.of();
        }
        Snapshots.Snapshot snap = db.all().get(idx);
        if (t - snap.millis() > LOOKBACK_MILLIS) {
            return List.of();
        }
        List<Sample> out = new ArrayList<>();
        snap.series().forEach((labels, value) -> {
            if (matches(sel, labels)) {
                out.add(new Sample(labels, value));
            }
        });
        return out;
    }

    private static List<RangeSeries> range(Selector sel, Snapshots db, long t) {
        Map<Map<String, String>, List<Point>> points = new LinkedHashMap<>();
        int idx = db.lastAtOrBefore(t);
        for (int k = idx; k >= 0 && db.all().get(k).millis() > t - sel.rangeMillis(); k--) {
            Snapshots.Snapshot snap = db.all().get(k);
            snap.series().forEach((labels, value) -> {
                if (matches(sel, labels)) {
                    points.computeIfAbsent(labels, x -> new ArrayList<>()).add(0, new Point(snap.millis(), value));
                }
            });
        }
        List<RangeSeries> out = new ArrayList<>();
        points.forEach((labels, p) -> out.add(new RangeSeries(labels, p)));
        return out;
    }

    /**
     * Prometheus' {@code extrapolatedRate} for counters: the increase between the first and last sample in the window
     * (a drop is a counter reset: the value before it is added), extrapolated to the window's edges when the samples
     * come close to them (within 1.1 average intervals; else half an interval), never below the counter's zero.
     */
    static double extrapolatedRate(List<Point> points, long rangeStart, long rangeEnd, boolean perSecond) {
        if (points.size() < 2) {
            return Double.NaN;
        }
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        double result = last.value() - first.value();
        double prev = first.value();
        for (Point p : points.subList(1, points.size())) {
            if (p.value() < prev) {
                result += prev;
            }
            prev = p.value();
        }
        double sampled = (last.millis() - first.millis()) / 1000.0;
        double toStart = (first.millis() - rangeStart) / 1000.0;
        double toEnd = (rangeEnd - last.millis()) / 1000.0;
        double average = sampled / (points.size() - 1);
        if (result > 0 && first.value() >= 0) {
            double toZero = sampled * (first.value() / result);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        double threshold = average * 1.1;
        double extrapolateTo = sampled;
        extrapolateTo += toStart < threshold ? toStart : average / 2;
        extrapolateTo += toEnd < threshold ? toEnd : average / 2;
        double factor = extrapolateTo / sampled;
        if (perSecond) {
            factor /= (rangeEnd - rangeStart) / 1000.0;
        }
        return result * factor;
    }

    static double irate(List<Point> points) {
        if (points.size() < 2) {
            return Double.NaN;
        }
        Point last = points.get(points.size() - 1);
        Point prev = points.get(points.size() - 2);
        double delta = last.value() < prev.value() ? last.value() : last.value() - prev.value();
        return delta / ((last.millis() - prev.millis()) / 1000.0);
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> m = new TreeMap<>(labels);
        m.remove(NAME);
        return m;
    }

    private static List<Sample> aggregate(Aggregation a, List<Sample> in) {
        Map<Map<String, String>, List<Double>> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            Map<String, String> key = new TreeMap<>();
            if (a.without()) {
                key.putAll(s.labels());
                a.grouping().forEach(key::remove);
                key.remove(NAME);
            } else {
                for (String l : a.grouping()) {
                    if (s.labels().containsKey(l)) {
                        key.put(l, s.labels().get(l));
                    }
                }
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s.value());
        }
        List<Sample> out = new ArrayList<>();
        groups.forEach((key, values) -> {
            double v = switch (a.op()) {
                case "sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
                case "avg" -> values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                case "count" -> values.size();
                default -> throw new IllegalStateException(a.op());
            };
            out.add(new Sample(key, v));
        });
        return out;
    }

    private record Bucket(double upperBound, double count) {
    }

    /** Prometheus' {@code histogram_quantile} over classic buckets, per label set without {@code le}. */
    static List<Sample> histogramQuantile(double q, List<Sample> buckets) {
        Map<Map<String, String>, List<Bucket>> groups = new LinkedHashMap<>();
        for (Sample s : buckets) {
            String le = s.labels().get("le");
            if (le == null) {
                continue;
            }
            Map<String, String> key = withoutName(s.labels());
            key.remove("le");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(PromText.parseValue(le), s.value()));
        }
        List<Sample> out = new ArrayList<>();
        groups.forEach((key, list) -> out.add(new Sample(key, bucketQuantile(q, list))));
        return out;
    }

    private static double bucketQuantile(double q, List<Bucket> unsorted) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> b = new ArrayList<>(unsorted);
        b.sort(Comparator.comparingDouble(Bucket::upperBound));
        if (b.size() < 2 || b.get(b.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < b.size(); k++) { // counts must not fall (scrapes are not atomic): keep the maximum so far
            max = Math.max(max, b.get(k).count());
            b.set(k, new Bucket(b.get(k).upperBound(), max));
        }
        double observations = b.get(b.size() - 1).count();
        if (observations == 0 || Double.isNaN(observations)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int k = 0;
        while (k < b.size() - 1 && b.get(k).count() < rank) {
            k++;
        }
        if (k == b.size() - 1) {
            return b.get(b.size() - 2).upperBound();
        }
        if (k == 0 && b.get(0).upperBound() <= 0) {
            return b.get(0).upperBound();
        }
        double start = 0;
        double end = b.get(k).upperBound();
        double count = b.get(k).count();
        if (k > 0) {
            start = b.get(k - 1).upperBound();
            count -= b.get(k - 1).count();
            rank -= b.get(k - 1).count();
        }
        return start + (end - start) * (rank / count);
    }

    /** Grafana's legend: {@code {{label}}} replaced by the series' label; without a format, the label set. */
    public static String legend(String format, Map<String, String> labels) {
        if (format == null || format.isBlank() || format.equals("__auto")) {
            Map<String, String> rest = new TreeMap<>(labels);
            String name = rest.remove(NAME);
            StringBuilder b = new StringBuilder(name == null ? "" : name).append('{');
            rest.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append(k).append("=\"").append(v).append('"'));
            return b.append('}').toString();
        }
        return Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}").matcher(format)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(labels.getOrDefault(m.group(1), ""))).strip();
    }
}
