package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status poll against one Redis round trip measured by a second load tool, {@code wrk} (C, one event loop per
 * thread), so the harness's own client is not the only judge: wrk polls {@code GET /queue/status} rotating over 1,000
 * WAITING tokens of a paused room, alternating with wrk on the ceiling app's {@code /ceiling/redis}, ceiling, status,
 * status, ceiling, ... The verdict is the median of the per-round ratios.
 */
public final class WrkCrossCheck {

    public static final String SECTION = "wrk";
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

    private final Fixtures fixtures;
    private final Report report;
    private final HarnessOptions options;

    public WrkCrossCheck(Fixtures fixtures, Report report, HarnessOptions options) {
        this.fixtures = fixtures;
        this.report = report;
        this.options = options;
    }

    public void run() throws IOException, InterruptedException {
        String ceiling = options.ceiling();
        if (ceiling.equals("start")) {
            throw new IllegalArgumentException("wrk needs a running ceiling app: --ceiling URL");
        }
        CreatedConcert room = fixtures.concert("wrk-status", 1, 50);
        fixtures.pauseRoom(room.concertId());
        List<QueueTicket> waiting = fixtures.join(fixtures.users(options.integer("join-users", 1000), 0), room.concertId());
        Path script = Files.createTempFile("wrk-status", ".lua");
        try {
            Files.writeString(script, luaRotatingOver(waiting), StandardCharsets.UTF_8);
            int rounds = options.integer("wrk-rounds", 3);
            int seconds = options.integer("duration", 10);
            String status = options.target() + "/api/v1/queue/status";
            String redis = ceiling + "/ceiling/redis";
            wrk(status, script, 5); // unmeasured warm-up of both
            wrk(redis, null, 5);
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double r;
                double s;
                if (round % 2 == 1) {
                    r = wrk(redis, null, seconds);
                    s = wrk(status, script, seconds);
                } else {
                    s = wrk(status, script, seconds);
                    r = wrk(redis, null, seconds);
                }
                report.finding(SECTION, String.format(Locale.ROOT, "round %d: status %.0f/s, one Redis round trip %.0f/s = %.2fx",
                        round, s, r, s / r));
                ratios.add(s / r);
            }
            report.finding(SECTION, String.format(Locale.ROOT,
                    "status poll / one Redis round trip (wrk -t2 -c%d, %d s per pass): median %.2fx of %d rounds",
                    options.integer("concurrency", 64), seconds, PairedAb.median(ratios), rounds));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Requests per second of one wrk pass; a pass with any non-2xx answer fails the check. */
    private double wrk(String url, Path script, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + options.integer("concurrency", 64),
                "-d" + seconds + "s", "--timeout", "10s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher errors = NON_2XX.matcher(out);
        if (errors.find()) {
            throw new IllegalStateException("wrk got " + errors.group(1) + " non-2xx answers from " + url + ":\n" + out);
        }
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
        }
        return Double.parseDouble(rate.group(1));
    }

    private static String luaRotatingOver(List<QueueTicket> tickets) {
        StringBuilder lua = new StringBuilder("local tokens = {\n");
        for (QueueTicket ticket : tickets) {
            lua.append("  \"").append(ticket.token()).append("\",\n");
        }
        lua.append("""
                }
                local i = 0
                request = function()
                  i = i % #tokens + 1
                  return wrk.format("GET", nil, { ["Queue-Token"] = tokens[i] })
                end
                """);
        return lua.toString();
    }
}
