package io.stagedoor.bootstrap.observability;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A stand-in OpenTelemetry collector on loopback: accepts OTLP/HTTP trace exports ({@code POST /v1/traces}, protobuf)
 * as a real collector does, and keeps every span it was sent, decoded, for the test to look at.
 */
final class OtlpCollector implements AutoCloseable {

    /** A received span: ids as hex, its name and its string attributes. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    static OtlpCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpCollector collector = new OtlpCollector(server);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    collector.contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                    collector.receive(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
                    exchange.sendResponseHeaders(200, -1);
                } catch (IOException | RuntimeException malformed) {
                    exchange.sendResponseHeaders(400, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tracesEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    private void receive(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList().forEach(scope -> {
            for (Span span : scope.getSpansList()) {
                Map<String, String> attributes = span.getAttributesList().stream()
                        .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
                spans.add(new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()),
                        hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                        span.getName(), attributes));
            }
        }));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
