package dev.hisabkitab.sync.bench.dashboard;

import java.math.BigDecimal;
import java.util.Locale;

/** Grafana's units as the dashboard uses them: {@code ops} (per second), {@code s} (seconds), {@code short}. */
final class Units {

    private Units() {
    }

    /**
     * A value in a panel's unit. {@code step} is the distance between axis ticks (0 for a single value): it decides how
     * many decimals are shown.
     */
    static String format(String unit, double value, double step) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return switch (unit == null ? "" : unit) {
            case "s" -> seconds(value, step);
            case "ms" -> seconds(value / 1000, step / 1000);
            case "ops" -> scaled(value, step) + " ops/s";
            case "reqps" -> scaled(value, step) + " req/s";
            case "percent" -> number(value, step) + "%";
            default -> scaled(value, step);
        };
    }

    private static String seconds(double v, double step) {
        double a = Math.abs(v);
        if (v == 0) {
            return "0 s";
        }
        if (a < 1e-3) {
            return number(v * 1e6, step * 1e6) + " µs";
        }
        if (a < 1) {
            return number(v * 1e3, step * 1e3) + " ms";
        }
        if (a < 60) {
            return number(v, step) + " s";
        }
        return number(v / 60, step / 60) + " min";
    }

    /** Thousands as K, millions as M (Grafana's short scale). */
    private static String scaled(double v, double step) {
        double a = Math.max(Math.abs(v), Math.abs(step));
        if (a >= 1e6) {
            return number(v / 1e6, step / 1e6) + "M";
        }
        if (a >= 1e4) {
            return number(v / 1e3, step / 1e3) + "K";
        }
        return number(v, step);
    }

    private static String number(double v, double step) {
        int decimals;
        if (step > 0) {
            decimals = 0; // as many as the tick step needs to be exact
            while (decimals < 4 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
                decimals++;
            }
        } else {
            double a = Math.abs(v);
            decimals = a == 0 || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        }
        decimals = Math.min(decimals, 4);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (step == 0 && s.contains(".")) {
            s = new BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        return s.equals("-0") ? "0" : s;
    }
}
