package kz.tapbot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table every benchmark prints: each figure with its target, the baseline measured in the same run, their
 * ratio and whether the target is met.
 */
final class Figures {

    private record Row(String metric, String value, String target, String baseline, String ratio, String verdict) {
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Figures(String title) {
        this.title = title;
    }

    /** A figure that must be at least {@code min}. */
    Figures atLeast(String metric, double value, double min, String unit) {
        return add(metric, value, unit, ">= " + number(min), Double.NaN, value >= min);
    }

    /** A figure that must be at most {@code max}. */
    Figures atMost(String metric, double value, double max, String unit) {
        return add(metric, value, unit, "<= " + number(max), Double.NaN, value <= max);
    }

    /** A figure that must be at most {@code max}, beside its baseline. */
    Figures atMost(String metric, double value, double max, String unit, double baseline) {
        return add(metric, value, unit, "<= " + number(max), baseline, value <= max);
    }

    /** A figure that must be at least {@code min}, beside its baseline. */
    Figures atLeast(String metric, double value, double min, String unit, double baseline) {
        return add(metric, value, unit, ">= " + number(min), baseline, value >= min);
    }

    /** A figure beside its baseline whose ratio value/baseline must be at least {@code minRatio}. */
    Figures ratioAtLeast(String metric, double value, double baseline, double minRatio, String unit) {
        double ratio = value / baseline;
        rows.add(new Row(metric, number(value) + " " + unit, ">= " + number(minRatio * 100) + "% of baseline",
                number(baseline) + " " + unit, percent(ratio), ratio >= minRatio ? "PASS" : "MISS"));
        return this;
    }

    /** A figure shown for information, beside its baseline when there is one. */
    Figures info(String metric, double value, String unit, double baseline) {
        return add(metric, value, unit, "-", baseline, null);
    }

    Figures note(String note) {
        notes.add(note);
        return this;
    }

    private Figures add(String metric, double value, String unit, String target, double baseline, Boolean met) {
        boolean hasBaseline = !Double.isNaN(baseline);
        // no value: nothing was measured (a latency of replies when none came within the wait), a miss for a target
        boolean hasValue = !Double.isNaN(value);
        rows.add(new Row(metric, hasValue ? number(value) + (unit.isEmpty() ? "" : " " + unit) : "none measured",
                target, hasBaseline ? number(baseline) + (unit.isEmpty() ? "" : " " + unit) : "-",
                hasValue && hasBaseline && baseline != 0 ? String.format(Locale.ROOT, "%.2fx", value / baseline) : "-",
                met == null ? "-" : met ? "PASS" : "MISS"));
        return this;
    }

    boolean allMet() {
        return rows.stream().noneMatch(r -> r.verdict().equals("MISS"));
    }

    void print() {
        String[] head = {"metric", "value", "target", "baseline", "ratio", "verdict"};
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
        }
        for (Row r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n== ").append(title).append('\n');
        line(out, head, width);
        StringBuilder rule = new StringBuilder("|");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('|');
        }
        out.append(rule).append('\n');
        rows.forEach(r -> line(out, cells(r), width));
        notes.forEach(n -> out.append("  * ").append(n).append('\n'));
        out.append(allMet() ? "ALL TARGETS MET" : "SOME TARGETS MISSED").append('\n');
        System.out.print(out);
        System.out.flush();
    }

    private static String[] cells(Row r) {
        return new String[] {r.metric(), r.value(), r.target(), r.baseline(), r.ratio(), r.verdict()};
    }

    private static void line(StringBuilder out, String[] cells, int[] width) {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            out.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
        }
        out.append('\n');
    }

    static String number(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    /** The q-quantile (0..1) of sorted values, in the values' unit. */
    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
