package io.stagedoor.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server, for outage tests: {@link #cut()} drops every connection and closes new ones
 * as soon as they are accepted, {@link #shutDown()} drops every connection and stops listening so that connecting is
 * refused (a crashed server's port), {@link #blackHole()} keeps connections open but forwards nothing (a dead
 * network), {@link #failOver()} strands the connections open now (their bytes are silently dropped, for good) while
 * new connections work, as when a database primary's address moves to another server, and {@link #restore()} heals
 * the other modes on the same port. Runs on its own plain threads, never on an event loop.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, CUT, BLACK_HOLE }

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> stranded = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        startAccepting(listener);
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Drops all connections now and refuses new ones until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        closeAll();
    }

    /** Keeps connections open but lets no byte through, like a network that silently stopped. */
    public void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    /**
     * Strands every connection open now: it stays open, but what either side sends is dropped without a word, and
     * it never recovers. New connections are forwarded as usual. {@link #restore()} does not heal stranded
     * connections; the client has to notice and drop them.
     */
    public void failOver() {
        stranded.addAll(sockets);
    }

    /** How many stranded sockets (two per connection) the client has not closed yet. */
    public int strandedConnections() {
        stranded.removeIf(Socket::isClosed);
        return stranded.size();
    }

    /** Drops all connections now and stops listening: connecting is refused until {@link #restore()}. */
    public synchronized void shutDown() {
        mode = Mode.CUT;
        closeQuietly(listener);
        // the kernel keeps listening until the accept call blocked on the socket returns
        try {
            acceptor.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll();
    }

    public synchronized void restore() {
        if (mode == Mode.BLACK_HOLE) {
            closeAll();
        }
        if (listener.isClosed()) {
            listener = listen(port);
            startAccepting(listener);
        }
        mode = Mode.FORWARD;
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAccepting(ServerSocket listener) {
        acceptor = new Thread(() -> acceptLoop(listener), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (mode == Mode.CUT) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(targetHost, targetPort), 2000);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    while (mode == Mode.BLACK_HOLE && !from.isClosed()) {
                        Thread.sleep(20);
                    }
                    if (mode == Mode.CUT) {
                        break;
                    }
                    if (stranded.contains(from)) {
                        continue; // a failed-over connection: the bytes go nowhere
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // connection ended or was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
        stranded.clear();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(listener);
        closeAll();
    }
}
