package io.stagedoor.load.scenario;

import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.http.LoopbackHttpClient;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.Map;

/** The three ceilings (and the default-pool PostgreSQL variant), driven exactly like the API passes. */
public final class CeilingPasses {

    private final LoopbackHttpClient ceilingApp;
    private final PassSettings settings;
    private final Report report;

    public CeilingPasses(LoopbackHttpClient ceilingApp, PassSettings settings, Report report) {
        this.ceilingApp = ceilingApp;
        this.settings = settings;
        this.report = report;
    }

    /** JIT warm-up of a freshly started ceiling app: every endpoint, nothing recorded. */
    public void warmUp(Duration each) {
        for (String path : new String[] {"/ceiling/bare", "/ceiling/redis", "/ceiling/postgres", "/ceiling/postgres-default"}) {
            ClosedLoopRunner.run("warm-up " + path, settings.withWarmup(Duration.ZERO).withDuration(each),
                    seq -> ceilingApp.get(path, Map.of()).map(r -> Outcome.expect(200, r.status())));
        }
    }

    public void run(String when) {
        measure(Ceiling.BARE, when);
        measure(Ceiling.REDIS, when);
        measure(Ceiling.POSTGRES, when);
        report.pass("ceilings", pass("postgres, Boot default pool " + when, "/ceiling/postgres-default"), Ceiling.NONE, null);
    }

    /** Measures one ceiling now, records it and returns its throughput (for pairing with the pass that follows). */
    public double measure(Ceiling kind, String when) {
        PassResult result = switch (kind) {
            case BARE -> pass("bare " + when, "/ceiling/bare");
            case REDIS -> pass("redis " + when, "/ceiling/redis");
            case POSTGRES -> pass("postgres " + when, "/ceiling/postgres");
            case NONE -> throw new IllegalArgumentException("no ceiling");
        };
        report.ceiling(kind, result);
        return result.throughput();
    }

    /**
     * Pool A/B (docs/performance.md, "PostgreSQL event loops and pool warm-up"): the PostgreSQL ceiling through the tuned pool (dedicated non-colocated loops, warmed) and
     * through Spring Boot's default pool, alternated {@code rounds} times in ABBA order so drift and order effects hit both alike.
     */
    public void poolComparison(int rounds) {
        double tuned = 0;
        double plain = 0;
        for (int i = 1; i <= rounds; i++) {
            // ABBA: whichever ran first in one round runs second in the next, so an order effect cancels out
            PassResult a;
            PassResult b;
            if (i % 2 == 1) {
                a = pass("postgres, tuned pool, A/B round " + i, "/ceiling/postgres");
                b = pass("postgres, Boot default pool, A/B round " + i, "/ceiling/postgres-default");
            } else {
                b = pass("postgres, Boot default pool, A/B round " + i, "/ceiling/postgres-default");
                a = pass("postgres, tuned pool, A/B round " + i, "/ceiling/postgres");
            }
            report.pass("pool A/B", a, Ceiling.NONE, null);
            report.pass("pool A/B", b, Ceiling.NONE, null);
            tuned += a.throughput();
            plain += b.throughput();
        }
        report.finding("pool A/B", String.format(java.util.Locale.ROOT,
                "one PostgreSQL round trip, mean of %d ABBA rounds: tuned pool %.0f/s vs Boot default pool %.0f/s = %.2fx",
                rounds, tuned / rounds, plain / rounds, plain > 0 ? tuned / plain : Double.NaN));
    }

    private PassResult pass(String name, String path) {
        return ClosedLoopRunner.run(name, settings,
                seq -> ceilingApp.get(path, Map.of()).map(r -> Outcome.expect(200, r.status())));
    }
}
