package io.stagedoor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy forwards, refuses connections while shut down, and forwards again on the same port once restored. */
class TcpProxyTest {

    private ServerSocket echoServer;
    private TcpProxy proxy;

    @BeforeEach
    void startEchoServerBehindAProxy() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread echo = new Thread(() -> {
            while (!echoServer.isClosed()) {
                try (Socket client = echoServer.accept()) {
                    client.getOutputStream().write(client.getInputStream().read());
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        proxy = new TcpProxy("127.0.0.1", echoServer.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echoServer.close();
    }

    @Test
    void forwardsBytesBothWays() throws IOException {
        assertThat(roundTrip(7)).isEqualTo(7);
    }

    /** Repeated: closing a listener that a thread is blocked on takes effect only once that thread has left accept. */
    @Test
    void whileShutDownConnectingIsRefusedAndAfterRestoreTheSamePortForwardsAgain() throws IOException {
        int port = proxy.port();

        for (int cycle = 0; cycle < 50; cycle++) {
            proxy.shutDown();
            assertThatThrownBy(() -> roundTrip(1)).as("cycle %d", cycle).isInstanceOf(ConnectException.class);

            proxy.restore();
            assertThat(proxy.port()).isEqualTo(port);
            assertThat(roundTrip(42)).as("cycle %d", cycle).isEqualTo(42);
        }
    }

    private int roundTrip(int value) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(value);
            return socket.getInputStream().read();
        }
    }
}
