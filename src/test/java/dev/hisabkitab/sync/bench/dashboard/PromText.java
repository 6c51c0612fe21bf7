package dev.hisabkitab.sync.bench.dashboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Prometheus text exposition format (what {@code GET /q/metrics} answers): one sample a line,
 * {@code name{label="value",…} value [timestamp]}; {@code #} lines (HELP, TYPE) and blank lines are skipped,
 * label values may hold the escapes {@code \\}, {@code \"} and {@code \n}, values may be {@code NaN},
 * {@code +Inf}, {@code -Inf}. An OpenMetrics exemplar ({@code # {…} v}) after the value is ignored.
 */
public final class PromText {

    /** One sample; {@code labels} holds the metric name as {@code __name__}. */
    public record Sample(Map<String, String> labels, double value) {
        public String name() {
            return labels.get(PromQl.NAME);
        }
    }

    private PromText() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(parseLine(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNumber + " is not a Prometheus sample: " + raw, e);
            }
        }
        return out;
    }

    private static Sample parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
        Map<String, String> labels = new TreeMap<>();
        labels.put(PromQl.NAME, name);
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
                    i++;
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).strip();
                i = eq + 1;
                if (line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                i++;
                StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                i++;
                labels.put(label, value.toString());
            }
        }
        String rest = line.substring(i).strip();
        int exemplar = rest.indexOf(" #");
        if (exemplar >= 0) {
            rest = rest.substring(0, exemplar).strip();
        }
        String[] parts = rest.split("\\s+");
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        return new Sample(Collections.unmodifiableMap(labels), parseValue(parts[0]));
    }

    static double parseValue(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
