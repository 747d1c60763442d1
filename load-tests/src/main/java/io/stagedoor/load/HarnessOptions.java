package io.stagedoor.load;

import io.stagedoor.load.api.AccessTokens;
import io.stagedoor.load.db.DatabaseUpkeep;
import io.stagedoor.load.db.JdbcLogin;
import io.stagedoor.load.db.RoundReset;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.engine.WarmUpBound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Command-line options of the harness ({@code --name value}); every default is printed by {@code --help}. */
public final class HarnessOptions {

    static final String USAGE = """
            java -jar load-tests/target/load-tests.jar [options]           run the harness
            java -jar load-tests/target/load-tests.jar ceiling-app [--server.port=8091] [--spring.r2dbc.url=...]
                                                                          run only the ceiling baseline app
            java -jar load-tests/target/load-tests.jar room-memory [--million-waiters N] [--redis URL]
                                                                          Redis bytes per waiter (needs only Redis)

              --target URL              app under test (loopback only)            [http://127.0.0.1:8080]
              --scenario LIST           comma list of: ceilings, pool-ab, raw, open-loop, join-spike,
                                        hot-reads, booking-rush, million, all (= all of these),
                                        quick (= ceilings,raw), sale, soak, ab (two instances
                                        A/B, --target-b), ab3 (A, B and A' served at once, --target-b,
                                        --target-c), wrk (status by wrk; never part of all) [all]
                                        (ceilings are measured at the start and end of every run that
                                        includes them, and again right before each pass with a target)
              --raw LIST                raw scenario: only these sections, comma list of accounts,
                                        queue, reads, holds, payments            [all five]
              --repeat N                raw scenario: run each chosen section N times, each pass
                                        paired with its own ceiling; the verdict is the median ratio [1]
              --ceiling URL|start       a running ceiling app, or start one as a child process  [start]
              --ceiling-port N          port for the started ceiling app             [8091]
              --ceiling-warmup S        unrecorded JIT warm-up per ceiling endpoint   [10]
              --app-warmup S            raw scenario: one JIT warm-up round of every chosen section
                                        first, reported apart, never judged; each pass runs at least
                                        S seconds (the ceiling app gets --ceiling-warmup; 0 = no round) [10]
              --app-warmup-requests N   ... and until N requests were answered (a JIT compiles after
                                        requests, not seconds: a slow machine needs longer)  [10000]
              --app-warmup-limit S      ... but at most S seconds per pass              [120]
              --round-state fresh|grow  raw scenario: before each judged round, remove every row this run
                                        made since the warm-up round, VACUUM ANALYZE, CHECKPOINT and
                                        wait for autovacuum, so each round starts from the same database
                                        (fresh); or let the tables grow round after round (grow)  [grow]
              --ab-rounds N             pool-ab, probe and ab: ABBA rounds; ab3: rounds of all three [4]
              --concurrency N           closed-loop workers for every measured pass  [64]
              --duration S              measured seconds per pass                    [10]
              --warmup S                unrecorded warm-up seconds per pass          [3]
              --max-requests N          hard cap of requests per pass, warm-up included [200000]
              --admin-key KEY           Admin-Key of the app      [$STAGEDOOR_ADMIN_KEY]
              --signing-key FILE        the app's access-token signing key (PEM PKCS#8 RSA private key,
                                        its stagedoor.identity.signing-key): the harness signs its
                                        users' bearer tokens with it      [$STAGEDOOR_IDENTITY_SIGNING_KEY]
              --issuer NAME             the app's stagedoor.identity.issuer        [stagedoor]
              --sign-in-users N         raw accounts section: users signed up through the API whose
                                        sign-ins are measured (sign-up and sign-in hash on purpose) [20]
              --jdbc-url URL            PostgreSQL the app uses (invariant checks, ceiling app)
                                                                  [jdbc:postgresql://127.0.0.1:5432/test]
              --db-user U / --db-password P                       [postgres / empty]
              --vacuum auto|always|never  VACUUM ANALYZE the database before each section's
                                        set-up, as autovacuum would between runs; auto = only
                                        when the server's autovacuum is off       [auto]
              --redis URL               Redis the app uses (ceiling app, 1M-waiter fill)  [redis://127.0.0.1:6379/0]
              --spike-users N           join spike: users joining one room           [2000]
              --spike-seconds S         join spike: arrival window                   [2]
              --spike-admissions-per-minute N  room rate: half the spike waits a minute  [1000]
              --rush-users N            booking rush: admitted users                 [300]
              --rush-seats N            booking rush: seats they fight over (50 per schedule) [100]
              --join-users N            raw join/status passes: users                [1000]
              --join-budget N           raw join pass: fresh (user, room) pairs      [150000]
              --hold-seats N            raw holds pass: distinct seats (1000 per schedule) [90000]
              --payments N              raw payments pass: prepared held reservations [30000]
              --hot-users N             hot reads: admitted users                    [500]
              --million-waiters N       big room size                                [1000000]
              --small-waiters N         small room size                              [1000]
              --million-joiners N       real users joining each of the two rooms     [2000]
              --queue-script PATH       the queue module's join.lua                  [queue-module/src/main/
                                                        resources/io/stagedoor/queue/adapter/out/redis/join.lua]
              --queue-abandon-seconds S the app's stagedoor.queue.abandon-after      [120]
              --open-paths LIST         open-loop: comma list of status, seat-map, hold, payment [all four]
              --open-share F            open-loop: rate = F x the path's closed-loop maximum  [0.7]
              --open-max-seconds S      open-loop: measured seconds of the closed-loop maximum pass
                                        (after 2 s warm-up); the open pass takes --warmup + --duration [5]
              --open-p99-target-ms MS   open-loop: target p99 from the scheduled send time  [50]
              --open-hold-seats N       open-loop hold path: distinct seats, 4 per user     [60000]
              --open-payments N         open-loop payment path: prepared held reservations  [20000]
              --sale-fans N             sale: fans who join at the opening              [100000]
              --sale-join-seconds S     sale: window in which they all join (open loop) [10]
              --sale-seats N            sale: seats on sale                             [5000]
              --sale-schedules N        sale: schedules they are spread over (<= 1000 seats each) [10]
              --sale-capacity N         sale: room's activeCapacity (admin API)         [2000]
              --sale-rate N             sale: room's admissionsPerMinute (admin API)    [3000]
              --sale-session-seconds S  sale: room's sessionSeconds (admin API)         [300]
              --sale-hold-retries N     sale: holds tried again after a 409             [3]
              --sale-limit-seconds S    sale: the sale is stopped after this long       [600]
              --soak-seconds S          soak: how long the rush and the spikes run       [600]
              --soak-fault-every S      soak: one fault every S seconds, in turn: Redis restart,
                                        pg_terminate_backend of the app's database, one of two
                                        app instances SIGKILLed and started again        [120]
              --soak-workers N          soak: booking-rush workers, each one fan after another [24]
              --soak-spike-every S / --soak-spike-fans N  soak: join spike into a second room [30 / 300]
              --soak-seats N            soak: seats of the rush concert                  [20000]
              --soak-port N             soak: app instance A on N, B on N+10 (management +1) [18580]
              --soak-redis-port N       soak: the redis-server the harness starts (never 6379) [18579]
              --soak-database NAME      soak: database made fresh on the PostgreSQL server [stagedoor_soak]
              --app-jar FILE            soak: the app to start  [bootstrap-app/target/bootstrap-app-0.1.0-SNAPSHOT.jar]
              --soak-dir DIR            soak: app and Redis logs                 [load-tests/target/soak]
              --pid-a N / --pid-b N     ab: the two apps' process ids (their CPU per request from /proc)
              --label-a / --label-b     ab: names of the two sides in the report    [A / B]
              --ab-paths LIST           ab: status, holds, payments                 [status,payments]
              --ab-holds-per-pass N     ab: holds each pass takes                   [4000]
              --ab-payments-per-pass N  ab: payments each pass pays                 [2000]
              --ab-warmups N            ab: unmeasured passes of each side per path first [3]
                                        (ab3: at least this many unmeasured rounds of all three at once)
              --ab-warmups-max N        ab3: more unmeasured rounds, up to N, until no instance spends
                                        over 5 % of its CPU in its JIT compiler              [10]
              --target-c URL / --pid-c N  ab3: A', a second instance of A's build and settings (the
                                        control: how far two instances differ is the noise floor)
              --ab3-holds-per-pass N    ab3: holds each instance takes per pass     [1000]
              --ab3-payments-per-pass N ab3: payments each instance pays per pass   [1000]
              --ab3-duration N          ab3: seconds of a status round (or more, for a sliced path
                                        at its rate, until its slice is due)   [--duration]
              --ab3-status-rate N       ab3: polls per second offered to each instance [1200]
              --ab3-idle-seconds N      ab3: before each measured round, read every instance's CPU
                                        over N idle seconds, and charge requests only the CPU
                                        beyond it (0: charge them all of it)             [3]
              --ab3-holds-rate N / --ab3-payments-rate N  ab3: the same for holds and payments
                                        [100 each]; 0 = closed loop (the instance the scheduler
                                        favours serves more, and pays less per request)
              --wrk-rounds N            wrk: ceiling/status pairs (needs --ceiling URL and wrk) [3]
              --path PATH               probe: GET this path of the target in a closed loop (diagnostics)
              --target-b URL            probe and ab: alternate the same pass between --target and this instance
              --out FILE                markdown report                     [load-tests/target/load-report.md]
            """;

    private final Map<String, String> values;

    private HarnessOptions(Map<String, String> values) {
        this.values = values;
    }

    public static HarnessOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + USAGE);
            }
            String name = arg.substring(2);
            if (name.equals("help")) {
                values.put("help", "true");
                continue;
            }
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        return new HarnessOptions(values);
    }

    public boolean help() {
        return values.containsKey("help");
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    /** An option the chosen scenario cannot do without. */
    public String required(String name, String scenario) {
        String value = string(name, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(scenario + " needs --" + name + "\n" + USAGE);
        }
        return value;
    }

    public String target() {
        return string("target", "http://127.0.0.1:8080");
    }

    public String ceiling() {
        return string("ceiling", "start");
    }

    public int ceilingPort() {
        return integer("ceiling-port", 8091);
    }

    public Set<String> scenarios() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : string("scenario", "all").split(",")) {
            switch (s.trim()) {
                case "all" -> out.addAll(List.of("ceilings", "pool-ab", "raw", "open-loop", "join-spike", "hot-reads", "booking-rush", "million"));
                case "quick" -> out.addAll(List.of("ceilings", "raw"));
                case "pool-ab" -> out.addAll(List.of("ceilings", "pool-ab"));
                case "probe" -> out.add("probe");
                case "ab", "ab3", "wrk" -> out.add(s.trim());
                case "ceilings", "raw", "open-loop", "join-spike", "hot-reads", "booking-rush", "million", "sale", "soak" -> out.add(s.trim());
                default -> throw new IllegalArgumentException("unknown scenario " + s + "\n" + USAGE);
            }
        }
        if (out.contains("raw") || out.contains("hot-reads")) {
            out.add("ceilings"); // their ratios need the ceilings of the same run
        }
        return out;
    }

    /** The raw scenario's sections to run (all five unless {@code --raw} names some). */
    public Set<String> rawSections() {
        Set<String> all = new LinkedHashSet<>(List.of("accounts", "queue", "reads", "holds", "payments"));
        Set<String> chosen = new LinkedHashSet<>();
        for (String s : string("raw", String.join(",", all)).split(",")) {
            if (!all.contains(s.trim())) {
                throw new IllegalArgumentException("unknown raw section " + s + "\n" + USAGE);
            }
            chosen.add(s.trim());
        }
        return chosen;
    }

    /** How often the raw scenario runs each chosen section; a verdict is then the median of the paired ratios. */
    public int repeat() {
        int repeat = integer("repeat", 1);
        if (repeat < 1 || repeat > 9) {
            throw new IllegalArgumentException("--repeat must be between 1 and 9\n" + USAGE);
        }
        return repeat;
    }

    /**
     * Seconds per pass of the raw scenario's JIT warm-up round (0: none). The ceiling app is warmed per endpoint before
     * it is measured; the app under test gets the same chance, or the first pass of each path compares a cold JIT with
     * a warm one.
     */
    public Duration appWarmup() {
        int seconds = integer("app-warmup", 10);
        if (seconds < 0 || seconds > 120) {
            throw new IllegalArgumentException("--app-warmup must be between 0 and 120 seconds\n" + USAGE);
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * The bound of each pass of the raw scenario's warm-up round (null: no round): at least {@code --app-warmup}
     * seconds and {@code --app-warmup-requests} answered requests, at most {@code --app-warmup-limit} seconds.
     */
    public WarmUpBound appWarmupBound() {
        Duration atLeast = appWarmup();
        if (atLeast.isZero()) {
            return null;
        }
        int requests = integer("app-warmup-requests", 10_000);
        int limit = integer("app-warmup-limit", 120);
        if (requests < 0 || limit < atLeast.toSeconds() || limit > 600) {
            throw new IllegalArgumentException("--app-warmup-requests must not be negative and --app-warmup-limit must lie"
                    + " between --app-warmup and 600 seconds\n" + USAGE);
        }
        return new WarmUpBound(atLeast, requests, Duration.ofSeconds(limit));
    }

    /** Whether each judged raw round starts from the database the raw scenario began with. */
    public RoundReset.Mode roundState() {
        try {
            return RoundReset.Mode.parse(string("round-state", "grow"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
        }
    }

    public PassSettings passSettings() {
        return new PassSettings(integer("concurrency", 64), Duration.ofSeconds(integer("warmup", 3)),
                Duration.ofSeconds(integer("duration", 10)), integer("max-requests", 200_000), Duration.ofSeconds(10));
    }

    /** The app's Admin-Key; null when none is given (only ceiling-only runs do without). */
    public String adminKey() {
        String key = string("admin-key", System.getenv("STAGEDOOR_ADMIN_KEY"));
        return key == null || key.isBlank() ? null : key;
    }

    /** Whether the chosen scenarios drive the app (everything but the ceilings and the probe does). */
    public boolean drivesTheApp() {
        // the soak drives app instances of its own, with a key of its own
        return scenarios().stream().anyMatch(scenario -> !Set.of("ceilings", "pool-ab", "probe", "soak").contains(scenario));
    }

    /**
     * The harness's users' bearer tokens, signed with the app's key: from {@code --signing-key FILE}, else the PEM text
     * in STAGEDOOR_IDENTITY_SIGNING_KEY (the variable the app itself reads).
     */
    public AccessTokens accessTokens() {
        return AccessTokens.fromPem(signingKeyPem(), string("issuer", "stagedoor"));
    }

    /** The PEM text of the app's signing key (the soak hands it to the app instances it starts). */
    public String signingKeyPem() {
        String file = string("signing-key", null);
        String pem;
        try {
            pem = file != null ? Files.readString(Path.of(file)) : System.getenv("STAGEDOOR_IDENTITY_SIGNING_KEY");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --signing-key " + file + ": " + e.getMessage(), e);
        }
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the harness signs its users' access tokens with the app's signing key: "
                    + "--signing-key FILE or STAGEDOOR_IDENTITY_SIGNING_KEY (the app's stagedoor.identity.signing-key)\n" + USAGE);
        }
        return pem;
    }

    public String jdbcUrl() {
        return string("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    /** The same database as an r2dbc URL, for the ceiling app. */
    public String r2dbcUrl() {
        return jdbcUrl().replaceFirst("^jdbc:postgresql:", "r2dbc:postgresql:");
    }

    public String dbUser() {
        return string("db-user", "postgres");
    }

    public String dbPassword() {
        return string("db-password", "");
    }

    /** The same database as a JDBC login, for the invariant checks and the vacuum between sections. */
    public JdbcLogin jdbcLogin() {
        return new JdbcLogin(jdbcUrl(), dbUser(), dbPassword());
    }

    /** Whether the run vacuums before each section (see {@link DatabaseUpkeep}). */
    public DatabaseUpkeep.Mode vacuum() {
        try {
            return DatabaseUpkeep.Mode.parse(string("vacuum", "auto"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
        }
    }

    public String redisUrl() {
        return string("redis", "redis://127.0.0.1:6379/0");
    }

    public String out() {
        return string("out", "load-tests/target/load-report.md");
    }
}
