package io.stagedoor.bootstrap.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.bootstrap.ratelimit.RedisRateLimiter.Limit;
import io.stagedoor.bootstrap.web.AuthenticationAttributes;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rate limits of docs/security.md, in front of the four calls they guard, by method and path:
 * <ul>
 *   <li>{@code POST /auth/tokens} (sign-in): per user id named in the body and per client address, in Redis. Fails
 *       closed: when Redis cannot say, 503 with Retry-After, so Redis trouble never opens the door to password
 *       guessing;</li>
 *   <li>{@code POST /users} (sign-up): per client address, in Redis, fails open;</li>
 *   <li>{@code POST /queue/tokens} (join): per client address and per signed-in user, in Redis, fails open (the join
 *       itself needs Redis and answers for its own outage);</li>
 *   <li>{@code GET /queue/status}: per Queue-Token, in this instance's memory ({@link StatusPollLimiter} says why).</li>
 * </ul>
 * A refusal is 429 RATE_LIMITED with Retry-After. A web filter rather than a route filter, so the modules' routes stay
 * as they are; it runs after the bearer check (which names the user a join counts against) and before any handler, so
 * a refused sign-in costs no password hash.
 */
final class RateLimitFilter implements WebFilter, Ordered {

    /** After the bearer check (-100), before everything that serves the request. */
    static final int ORDER = -90;
    static final String SIGN_IN = "/api/v1/auth/tokens";
    static final String SIGN_UP = "/api/v1/users";
    static final String JOIN = "/api/v1/queue/tokens";
    static final String STATUS = "/api/v1/queue/status";
    static final String QUEUE_TOKEN = "Queue-Token";

    private final RateLimitSettings settings;
    private final RedisRateLimiter shared;
    private final StatusPollLimiter polls;
    private final ClientAddresses addresses;
    private final JsonMapper json;
    private final int maxBodyBytes;
    private final Counter signInRefused;
    private final Counter signUpRefused;
    private final Counter joinRefused;
    private final Counter pollRefused;

    RateLimitFilter(RateLimitSettings settings, RedisRateLimiter shared, StatusPollLimiter polls,
                    ClientAddresses addresses, JsonMapper json, int maxBodyBytes, MeterRegistry meters) {
        this.settings = settings;
        this.shared = shared;
        this.polls = polls;
        this.addresses = addresses;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.signInRefused = refusals(meters, "sign-in");
        this.signUpRefused = refusals(meters, "sign-up");
        this.joinRefused = refusals(meters, "join");
        this.pollRefused = refusals(meters, "status-poll");
    }

    private static Counter refusals(MeterRegistry meters, String call) {
        return Counter.builder("stagedoor.rate.limited").description("Requests refused 429 RATE_LIMITED")
                .tag("call", call).register(meters);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        String path = request.getPath().pathWithinApplication().value();
        if (method == HttpMethod.GET) {
            return STATUS.equals(path) && polls != null ? statusPoll(exchange, chain) : chain.filter(exchange);
        }
        if (method != HttpMethod.POST) {
            return chain.filter(exchange);
        }
        return switch (path) {
            case SIGN_IN -> signIn(exchange, chain);
            case SIGN_UP -> failOpen(shared.check(new Limit("sign-up-address:" + addresses.of(request), settings.signUpPerAddress())),
                    signUpRefused, "Too many sign-ups from this address", exchange, chain);
            case JOIN -> failOpen(join(exchange), joinRefused, "Too many joins", exchange, chain);
            default -> chain.filter(exchange);
        };
    }

    private Mono<Void> statusPoll(ServerWebExchange exchange, WebFilterChain chain) {
        String token = exchange.getRequest().getHeaders().getFirst(QUEUE_TOKEN);
        if (token == null || token.isEmpty()) {
            return chain.filter(exchange);
        }
        Decision decision = polls.poll(token);
        if (decision.refused()) {
            pollRefused.increment();
            return Mono.error(RateLimitProblems.pollTooSoon(decision.retryAfter()));
        }
        return chain.filter(exchange);
    }

    private Mono<Decision> join(ServerWebExchange exchange) {
        Limit perAddress = new Limit("join-address:" + addresses.of(exchange.getRequest()), settings.joinPerAddress());
        Object userId = exchange.getAttribute(AuthenticationAttributes.USER_ID);
        if (!(userId instanceof Long user)) {
            return shared.check(perAddress); // no user: the route answers 401 itself
        }
        return shared.check(perAddress, new Limit("join-user:" + user, settings.joinPerUser()));
    }

    private Mono<Void> failOpen(Mono<Decision> check, Counter refused, String detail,
                                ServerWebExchange exchange, WebFilterChain chain) {
        return check.flatMap(decision -> {
            if (decision.refused()) {
                refused.increment();
                return Mono.error(RateLimitProblems.rateLimited(decision.retryAfter(), detail));
            }
            return chain.filter(exchange);
        });
    }

    /**
     * The body names the user, so it is read here (within the body-size limit), and the handler gets it replayed.
     * A body with no readable user id counts against its address only; the handler refuses it 400 without hashing.
     */
    private Mono<Void> signIn(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String address = addresses.of(request);
        return DataBufferUtils.join(request.getBody(), maxBodyBytes)
                .map(RateLimitFilter::bytesOf)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    Limit perAddress = new Limit("sign-in-address:" + address, settings.signInPerAddress());
                    Long user = userIdIn(body);
                    Mono<Decision> decided = user == null ? shared.check(perAddress)
                            : shared.check(perAddress, new Limit("sign-in-user:" + user, settings.signInPerUser()));
                    return decided.flatMap(decision -> switch (decision.outcome()) {
                        case REFUSED -> {
                            signInRefused.increment();
                            yield Mono.error(RateLimitProblems.rateLimited(decision.retryAfter(), "Too many sign-ins"));
                        }
                        case UNKNOWN -> Mono.error(RateLimitProblems.signInUnavailable(settings.redisRetry()));
                        case ALLOWED -> chain.filter(exchange.mutate().request(new ReplayedBody(request, body)).build());
                    });
                });
    }

    private static byte[] bytesOf(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private Long userIdIn(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode user = json.readTree(body).get("userId");
            return user != null && user.isIntegralNumber() && user.canConvertToLong() ? user.longValue() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** The request with its body, already read, served again from memory. */
    private static final class ReplayedBody extends ServerHttpRequestDecorator {

        private final byte[] body;

        ReplayedBody(ServerHttpRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body.length == 0 ? Flux.empty() : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}
