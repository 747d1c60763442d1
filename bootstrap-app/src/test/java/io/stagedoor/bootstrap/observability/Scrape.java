package io.stagedoor.bootstrap.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Prometheus text-format scrape, read into series (name and labels) and their values. */
record Scrape(String text, List<Series> series) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Series(String name, Map<String, String> labels, double value) {
    }

    static Scrape of(String text) {
        List<Series> series = text.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(Scrape::series)
                .toList();
        return new Scrape(text, series);
    }

    private static Series series(String line) {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a Prometheus sample line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (matcher.group(3) != null) {
            Matcher label = LABEL.matcher(matcher.group(3));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(4).replace("+Inf", "Infinity")));
    }

    /** The sum of every series of {@code name} whose labels include all of {@code labels}; 0 when there is none. */
    double sum(String name, Map<String, String> labels) {
        return series.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Series::value)
                .sum();
    }

    double sum(String name) {
        return sum(name, Map.of());
    }

    boolean has(String name, Map<String, String> labels) {
        return series.stream().anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        series.forEach(s -> names.add(s.name()));
        return names;
    }

    /** Every value of one label across all series. */
    Set<String> labelValues(String label) {
        Set<String> values = new TreeSet<>();
        series.forEach(s -> {
            String value = s.labels().get(label);
            if (value != null) {
                values.add(value);
            }
        });
        return values;
    }
}
