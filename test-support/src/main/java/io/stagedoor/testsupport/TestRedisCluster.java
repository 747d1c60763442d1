package io.stagedoor.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A real Redis Cluster of local {@code redis-server} processes (cluster mode, no persistence, bound to 127.0.0.1,
 * on free ports), one master per node and no replicas, for tests that must prove cluster behaviour: a multi-key
 * command or script over keys of two slots fails with CROSSSLOT, and a script that reaches a key served by another
 * node fails with "non local key".
 *
 * <p>Uses the {@code redis-server} on the PATH, else the one bundled in embedded-redis; when neither can run, the test
 * is skipped (JUnit assumption) and says why. The nodes are joined with Lettuce (CLUSTER ADDSLOTS, SET-CONFIG-EPOCH,
 * MEET) and used once every node reports {@code cluster_state:ok}; a master only turns ok about 2 s after it started,
 * so a cluster costs about 2.5 s. {@link #close()} (and a shutdown hook, should a test forget) stops the processes and
 * removes their temporary directory.
 */
public final class TestRedisCluster implements AutoCloseable {

    public static final int SLOTS = 16384;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Thread shutdownHook;
    private ClientResources resources;
    private RedisClient client;
    private final List<StatefulRedisConnection<String, String>> admin = new ArrayList<>();
    private LettuceConnectionFactory connectionFactory;

    /** A node of the cluster (a master), {@code index} in start order. */
    public record Node(int index, String host, int port) {

        public String address() {
            return host + ":" + port;
        }
    }

    private TestRedisCluster(int[] ownerOfSlot, int masters) {
        try {
            this.directory = Files.createTempDirectory("stagedoor-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.shutdownHook = new Thread(this::stopProcessesAndRemoveDirectory, "test-redis-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            String binary = redisServerBinary();
            resources = ClientResources.create();
            client = RedisClient.create(resources);
            for (int i = 0; i < masters; i++) {
                nodes.add(startNode(i, binary));
            }
            for (Node node : nodes) {
                assignSlots(node, ownerOfSlot);
            }
            joinNodes();
            connectionFactory = springConnectionFactory();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Three masters with the slots split evenly, as {@code redis-cli --cluster create} splits them. */
    public static TestRedisCluster create() {
        int masters = 3;
        int[] owner = new int[SLOTS];
        for (int node = 0; node < masters; node++) {
            Arrays.fill(owner, Math.round((float) node * SLOTS / masters), Math.round((float) (node + 1) * SLOTS / masters),
                    node);
        }
        return new TestRedisCluster(owner, masters);
    }

    /**
     * {@code slots.length + 1} masters: node {@code i} serves {@code slots[i]} and no other slot, the last node serves
     * every other slot. Redis refuses a script whose declared keys span two slots (CROSSSLOT) and one that touches a
     * key another node serves ("non local key"), but a plain EVAL script (no {@code #!lua} flags) may touch keys it
     * built itself in another slot of the same node (Redis 6.2 and 7.0 alike). With a slot alone on its node, a script
     * run for that slot fails as soon as it touches a key of any other slot.
     */
    public static TestRedisCluster isolating(int... slots) {
        if (slots.length == 0 || Arrays.stream(slots).distinct().count() != slots.length) {
            throw new IllegalArgumentException("give one or more distinct slots");
        }
        int[] owner = new int[SLOTS];
        Arrays.fill(owner, slots.length);
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] < 0 || slots[i] >= SLOTS) {
                throw new IllegalArgumentException("no slot " + slots[i]);
            }
            owner[slots[i]] = i;
        }
        return new TestRedisCluster(owner, slots.length + 1);
    }

    /** A Spring connection factory in cluster mode over all nodes (connected already, on the calling thread). */
    public LettuceConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    public ReactiveStringRedisTemplate template() {
        return new ReactiveStringRedisTemplate(connectionFactory);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The slot of {@code key}, as the cluster computes it (CLUSTER KEYSLOT). */
    public int keySlot(String key) {
        return admin(nodes.get(0)).clusterKeyslot(key).intValue();
    }

    /** The node that serves {@code slot}, as the cluster itself says (CLUSTER NODES of the first node). */
    public Node nodeServing(int slot) {
        RedisClusterNode owner = ClusterPartitionParser.parse(admin(nodes.get(0)).clusterNodes()).getMasterBySlot(slot);
        if (owner == null) {
            throw new IllegalStateException("no node serves slot " + slot);
        }
        return nodes.stream().filter(node -> node.port() == owner.getUri().getPort()).findFirst()
                .orElseThrow(() -> new IllegalStateException("slot " + slot + " is served by unknown " + owner.getUri()));
    }

    /** The slots {@code node} serves, as the cluster itself says (CLUSTER NODES of the first node). */
    public List<Integer> slotsServedBy(Node node) {
        return ClusterPartitionParser.parse(admin(nodes.get(0)).clusterNodes()).stream()
                .filter(partition -> partition.getUri().getPort() == node.port())
                .flatMap(partition -> partition.getSlots().stream()).sorted().toList();
    }

    /** The keys matching {@code pattern} that {@code node} itself holds (KEYS on that node only). */
    public List<String> keysOn(Node node, String pattern) {
        return admin(node).keys(pattern);
    }

    /** The {@code redis_version} of the servers. */
    public String redisVersion() {
        return admin(nodes.get(0)).info("server").lines().filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).trim()).findFirst().orElse("?");
    }

    /** Empties every node. */
    public void flush() {
        for (Node node : nodes) {
            admin(node).flushall();
        }
    }

    /** The server processes (for tests of this class). */
    List<Process> processes() {
        return List.copyOf(processes);
    }

    /** The temporary directory of binaries, node configs and logs (for tests of this class). */
    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        if (connectionFactory != null) {
            connectionFactory.destroy();
        }
        admin.forEach(StatefulRedisConnection::close);
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        stopProcessesAndRemoveDirectory();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void stopProcessesAndRemoveDirectory() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // already gone
        }
    }

    /** redis-server on the PATH, else the one bundled in embedded-redis; skips the test when neither runs. */
    private String redisServerBinary() {
        List<String> problems = new ArrayList<>();
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.isFile() && candidate.canExecute()) {
                String problem = versionProblem(candidate.getPath());
                if (problem == null) {
                    return candidate.getPath();
                }
                problems.add(candidate + ": " + problem);
            }
        }
        if (problems.isEmpty()) {
            problems.add("no redis-server on the PATH");
        }
        try {
            File bundled = redis.embedded.core.ExecutableProvider.newJarResourceProvider(directory.toFile()).get();
            String problem = versionProblem(bundled.getPath());
            if (problem == null) {
                return bundled.getPath();
            }
            problems.add("bundled " + bundled.getName() + ": " + problem);
        } catch (IOException | RuntimeException e) {
            problems.add("embedded-redis has no redis-server for this machine: " + e);
        }
        Assumptions.abort("Cannot start a test Redis Cluster: " + String.join("; ", problems));
        throw new AssertionError("unreachable");
    }

    private String versionProblem(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "--version did not answer";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 && output.contains("Redis server") ? null : "--version said " + output.trim();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts one cluster-mode server on a free port (and free bus port = port + 10000); retries a port taken meanwhile. */
    private Node startNode(int index, String binary) {
        String lastLog = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePortWithFreeBusPort();
            Path log = directory.resolve("redis-" + port + ".log");
            Process process;
            try {
                process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file",
                        directory.resolve("nodes-" + port + ".conf").toString(), "--save", "", "--appendonly", "no",
                        "--dir", directory.toString(), "--daemonize", "no")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + binary, e);
            }
            processes.add(process);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (accepts(port)) {
                    return new Node(index, "127.0.0.1", port);
                }
                pause();
            }
            process.destroyForcibly();
            lastLog = readQuietly(log);
        }
        throw new IllegalStateException("redis-server " + binary + " did not start; its log:\n" + lastLog);
    }

    /**
     * Gives a node its slots and its own config epoch (as redis-cli does), right after start: a master turns
     * {@code cluster_state:ok} no sooner than 2 s after it started, and (the rejoin delay) no sooner than 5 s after
     * it last saw itself without slots past those 2 s; slots given within the 2 s make the cluster ready in about 2 s.
     */
    private void assignSlots(Node node, int[] ownerOfSlot) {
        admin.add(client.connect(
                RedisURI.Builder.redis(node.host(), node.port()).withTimeout(Duration.ofSeconds(5)).build()));
        RedisCommands<String, String> commands = admin(node);
        commands.clusterAddSlots(IntStream.range(0, SLOTS).filter(slot -> ownerOfSlot[slot] == node.index()).toArray());
        commands.clusterSetConfigEpoch(node.index() + 1);
    }

    private void joinNodes() {
        // every pair meets directly: left to gossip, a node once still knew only one other after 10 s on a busy machine
        for (int i = 0; i < nodes.size(); i++) {
            for (Node other : nodes.subList(i + 1, nodes.size())) {
                admin(nodes.get(i)).clusterMeet(other.host(), other.port());
            }
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!nodes.stream().allMatch(this::seesWholeCluster)) {
            if (System.nanoTime() > deadline) {
                StringBuilder state = new StringBuilder();
                for (Node node : nodes) {
                    state.append(node.address()).append(":\n").append(admin(node).clusterInfo()).append('\n')
                            .append(readQuietly(directory.resolve("redis-" + node.port() + ".log")));
                }
                throw new IllegalStateException("The test Redis Cluster did not reach cluster_state:ok\n" + state);
            }
            pause();
        }
    }

    private boolean seesWholeCluster(Node node) {
        String info = admin(node).clusterInfo();
        return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.size() + "\r")
                && info.contains("cluster_slots_ok:" + SLOTS);
    }

    private LettuceConnectionFactory springConnectionFactory() {
        RedisClusterConfiguration configuration = new RedisClusterConfiguration(
                nodes.stream().map(Node::address).toList());
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().clientResources(resources).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
        // connect now, on the test thread: a lazy first connect would block whichever event loop used it first
        factory.setEagerInitialization(true);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private RedisCommands<String, String> admin(Node node) {
        return admin.get(node.index()).sync();
    }

    private static int freePortWithFreeBusPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = TestServers.freePort();
            if (port + 10000 <= 65535 && !accepts(port + 10000) && bindable(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port p with a free cluster bus port p + 10000");
    }

    private static boolean bindable(int port) {
        try (var socket = new java.net.ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test Redis Cluster", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
