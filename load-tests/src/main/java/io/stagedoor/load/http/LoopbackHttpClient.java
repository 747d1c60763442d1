package io.stagedoor.load.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A keep-alive HTTP/1.1 client for one base URL on the loopback interface. It refuses any other host, so the
 * harness can never be pointed at a machine that is not this one.
 */
public final class LoopbackHttpClient implements AutoCloseable {

    private final HttpClient client;
    private final ConnectionProvider provider;
    private final LoopResources loops;
    private final String base;

    public LoopbackHttpClient(String baseUrl, int maxConnections) {
        URI uri = URI.create(baseUrl);
        requireLoopback(uri);
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.provider = ConnectionProvider.builder("load-" + uri.getPort())
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(30))
                // under the app's idle timeout (stagedoor.http.idle-timeout, 30 s): a connection the app is closing
                // just then must not be handed out ("connection prematurely closed" in a set-up after a pause)
                .maxIdleTime(Duration.ofSeconds(20))
                .build();
        this.loops = LoopResources.create("load-client", 2, true);
        this.client = HttpClient.create(provider)
                .runOn(loops)
                .baseUrl(this.base)
                .keepAlive(true)
                .compress(false)
                .responseTimeout(Duration.ofSeconds(30));
    }

    public static void requireLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) {
            throw new IllegalArgumentException("only loopback targets are allowed (127.0.0.0/8, localhost, [::1]): " + uri);
        }
    }

    public String baseUrl() {
        return base;
    }

    public Mono<HttpResponse> get(String path, Map<String, String> headers) {
        return exchange(HttpMethod.GET, path, headers, null);
    }

    public Mono<HttpResponse> post(String path, Map<String, String> headers, byte[] json) {
        return exchange(HttpMethod.POST, path, headers, json);
    }

    public Mono<HttpResponse> put(String path, Map<String, String> headers, byte[] json) {
        return exchange(HttpMethod.PUT, path, headers, json);
    }

    public Mono<HttpResponse> delete(String path, Map<String, String> headers) {
        return exchange(HttpMethod.DELETE, path, headers, null);
    }

    private Mono<HttpResponse> exchange(HttpMethod method, String path, Map<String, String> headers, byte[] json) {
        return client.request(method)
                .uri(path)
                .send((request, outbound) -> {
                    headers.forEach(request::header);
                    if (json == null) {
                        return outbound;
                    }
                    request.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    request.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(json.length));
                    return outbound.sendByteArray(Mono.just(json));
                })
                .responseSingle((response, body) -> body.asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .map(bytes -> new HttpResponse(response.status().code(), bytes)));
    }

    @Override
    public void close() {
        provider.disposeLater().block(Duration.ofSeconds(5));
        loops.disposeLater().block(Duration.ofSeconds(5));
    }
}
