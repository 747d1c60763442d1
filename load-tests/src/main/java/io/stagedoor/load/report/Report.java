package io.stagedoor.load.report;

import io.stagedoor.load.engine.PassResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Collects every pass of one run with its ceiling and target, plus free-form findings per scenario, and prints
 * them as a text table and a markdown file. Ceilings measured several times in a run are averaged.
 */
public final class Report {

    /** "holds (distinct seats) #2": the second run of a repeated pass. */
    private static final Pattern REPETITION = Pattern.compile("(.*) #\\d+");

    /** One pass; {@code pairedCeiling} is the ceiling measured right before it (null: use the run's mean). */
    public record Row(String section, PassResult result, Ceiling ceiling, Double target, Double pairedCeiling) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<Ceiling, List<Double>> ceilings = new EnumMap<>(Ceiling.class);
    private final Map<String, List<String>> findings = new LinkedHashMap<>();
    private final List<String> header = new ArrayList<>();

    public synchronized void header(String line) {
        header.add(line);
    }

    public synchronized void ceiling(Ceiling kind, PassResult result) {
        ceilings.computeIfAbsent(kind, k -> new ArrayList<>()).add(result.throughput());
        rows.add(new Row("ceilings", result, kind, null, null));
        System.out.println(line(rows.get(rows.size() - 1)));
    }

    public synchronized void pass(String section, PassResult result, Ceiling ceiling, Double target) {
        pass(section, result, ceiling, target, null);
    }

    public synchronized void pass(String section, PassResult result, Ceiling ceiling, Double target, Double pairedCeiling) {
        Row row = new Row(section, result, ceiling, target, pairedCeiling);
        rows.add(row);
        double ratio = ratio(row);
        System.out.println(line(row) + (Double.isNaN(ratio) ? "" : "  ratio " + Ratio.format(ratio) + " of " + ceiling.label()
                + (target == null ? "" : ", target " + Ratio.target(target) + " " + Ratio.verdict(ratio, target))));
    }

    public synchronized void finding(String section, String text) {
        findings.computeIfAbsent(section, k -> new ArrayList<>()).add(text);
        System.out.println("  [" + section + "] " + text);
    }

    public synchronized double ceilingThroughput(Ceiling kind) {
        List<Double> values = ceilings.get(kind);
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public synchronized String ceilingSpread(Ceiling kind) {
        List<Double> values = ceilings.get(kind);
        if (values == null || values.size() < 2) {
            return "";
        }
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(" / "));
    }

    public double ratio(Row row) {
        if (row.ceiling() == Ceiling.NONE || row.section().equals("ceilings")) {
            return Double.NaN;
        }
        double ceiling = row.pairedCeiling() != null ? row.pairedCeiling() : ceilingThroughput(row.ceiling());
        return Ratio.of(row.result().throughput(), ceiling);
    }

    /**
     * Passes run more than once ({@code --repeat}, named "pass #1", "pass #2", ...), each ratio against its own paired
     * ceiling: the verdict that counts is the median, so one pass disturbed by the shared machine decides nothing.
     */
    public synchronized List<Repeated> repeated() {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            Matcher numbered = REPETITION.matcher(row.result().name());
            if (row.target() != null && numbered.matches()) {
                groups.computeIfAbsent(row.section() + "\u0000" + numbered.group(1), k -> new ArrayList<>()).add(row);
            }
        }
        List<Repeated> out = new ArrayList<>();
        groups.forEach((key, group) -> {
            if (group.size() > 1) {
                double[] ratios = group.stream().mapToDouble(this::ratio).filter(r -> !Double.isNaN(r)).sorted().toArray();
                String[] parts = key.split("\u0000", 2);
                out.add(new Repeated(parts[0], parts[1], ratios, group.get(0).target()));
            }
        });
        return out;
    }

    /** One repeated pass: its ratios in ascending order and the median the verdict is taken from. */
    public record Repeated(String section, String pass, double[] ratios, double target) {

        public double median() {
            if (ratios.length == 0) {
                return Double.NaN;
            }
            int mid = ratios.length / 2;
            return ratios.length % 2 == 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
        }

        public String verdict() {
            return Ratio.verdict(median(), target);
        }

        public String spread() {
            return Arrays.stream(ratios).mapToObj(Ratio::format).collect(Collectors.joining(" / "));
        }
    }

    public static String line(Row row) {
        PassResult r = row.result();
        return String.format(Locale.ROOT, "%-14s %-34s %9.1f/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms  ok %7d  refused %6d  errors %5d%s",
                row.section(), r.name(), r.throughput(), r.latency().p50Ms(), r.latency().p95Ms(), r.latency().p99Ms(),
                r.latency().maxMs(), r.ok(), r.refused(), r.errorCount(), r.errors().isEmpty() ? "" : " " + r.errors());
    }

    public synchronized void print(PrintStream out) {
        out.println();
        out.println("=== results (throughput = successful requests/s; ratio = throughput / the ceiling measured right before"
                + " the pass, or the run's mean ceiling when not paired) ===");
        header.forEach(out::println);
        for (Ceiling kind : ceilings.keySet()) {
            out.printf(Locale.ROOT, "ceiling %-24s %9.1f/s (runs: %s)%n", kind.label(), ceilingThroughput(kind), ceilingSpread(kind));
        }
        out.printf(Locale.ROOT, "%-14s %-34s %11s %8s %8s %8s %9s %7s %7s  %-22s %-9s %s%n",
                "section", "pass", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "ok", "errors", "ratio (ceiling)", "target", "verdict");
        for (Row row : rows) {
            PassResult r = row.result();
            double ratio = ratio(row);
            out.printf(Locale.ROOT, "%-14s %-34s %11.1f %8.2f %8.2f %8.2f %9.2f %7d %7d  %-22s %-9s %s%n",
                    row.section(), r.name(), r.throughput(), r.latency().p50Ms(), r.latency().p95Ms(), r.latency().p99Ms(),
                    r.latency().maxMs(), r.ok(), r.errorCount(),
                    Double.isNaN(ratio) ? "-" : Ratio.format(ratio) + " (" + row.ceiling().name().toLowerCase(Locale.ROOT) + ")",
                    Ratio.target(row.target()), Ratio.verdict(ratio, row.target()));
        }
        List<Repeated> repeated = repeated();
        if (!repeated.isEmpty()) {
            out.println();
            out.println("=== repeated passes: the median of the paired ratios is the verdict ===");
            for (Repeated r : repeated) {
                out.printf(Locale.ROOT, "%-14s %-34s median %-7s of %d (%s)  target %-9s %s%n", r.section(), r.pass(),
                        Ratio.format(r.median()), r.ratios().length, r.spread(), Ratio.target(r.target()), r.verdict());
            }
        }
        findings.forEach((section, lines) -> lines.forEach(l -> out.println("[" + section + "] " + l)));
    }

    public synchronized String markdown() {
        StringBuilder md = new StringBuilder();
        header.forEach(h -> md.append(h).append("  \n"));
        md.append("\n| ceiling | req/s (mean) | runs |\n|---|---:|---|\n");
        for (Ceiling kind : ceilings.keySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s |%n", kind.label(), ceilingThroughput(kind), ceilingSpread(kind)));
        }
        md.append("\nratio = throughput / the ceiling measured right before the pass (paired), else the run's mean ceiling.\n");
        md.append("\n| section | pass | req/s | p50 ms | p95 ms | p99 ms | max ms | ok | refused | errors | ratio | target | verdict |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|\n");
        for (Row row : rows) {
            PassResult r = row.result();
            double ratio = ratio(row);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %d | %s | %s | %s | %s |%n",
                    row.section(), r.name(), r.throughput(), r.latency().p50Ms(), r.latency().p95Ms(), r.latency().p99Ms(),
                    r.latency().maxMs(), r.ok(), r.refused(), r.errors().isEmpty() ? "0" : r.errors().toString(),
                    Double.isNaN(ratio) ? "-" : Ratio.format(ratio) + " of " + row.ceiling().name().toLowerCase(Locale.ROOT),
                    Ratio.target(row.target()), Ratio.verdict(ratio, row.target())));
        }
        List<Repeated> repeated = repeated();
        if (!repeated.isEmpty()) {
            md.append("\nRepeated passes (each against its own paired ceiling); the median is the verdict.\n");
            md.append("\n| section | pass | median ratio | ratios | target | verdict |\n|---|---|---|---|---|---|\n");
            for (Repeated r : repeated) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.section(), r.pass(),
                        Ratio.format(r.median()), r.spread(), Ratio.target(r.target()), r.verdict()));
            }
        }
        if (!findings.isEmpty()) {
            md.append("\n");
            findings.forEach((section, lines) -> lines.forEach(l -> md.append("- **").append(section).append("**: ").append(l).append("\n")));
        }
        return md.toString();
    }

    public void writeMarkdown(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, markdown());
    }
}
