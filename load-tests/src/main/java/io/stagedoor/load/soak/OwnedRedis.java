package io.stagedoor.load.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} the harness starts on a port of its own, without persistence, so that a restart loses every
 * key, as a crashed Redis without AOF does. The shared Redis on 6379 is refused outright: the soak restarts only what
 * it started.
 */
final class OwnedRedis implements AutoCloseable {

    static final int SHARED_PORT = 6379;

    private final int port;
    private final Path dir;
    private Process process;

    OwnedRedis(int port, Path dir) {
        if (port == SHARED_PORT) {
            throw new IllegalArgumentException("the soak restarts its Redis: it must be one the harness starts, never the shared one on 6379");
        }
        this.port = port;
        this.dir = dir;
    }

    int port() {
        return port;
    }

    synchronized void start() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on port " + port + " (is redis-server on the PATH?)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ping()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
            }
            AppInstance.sleep(100);
        }
    }

    /** SIGKILL and start again on the same port: every key is gone. Returns how long Redis was away. */
    synchronized Duration restart() {
        long start = System.nanoTime();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        start();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
