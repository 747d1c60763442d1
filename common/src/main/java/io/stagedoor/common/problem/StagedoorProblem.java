package io.stagedoor.common.problem;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The base of every error a module answers a caller with: a {@link ProblemKind}, the stable machine-readable
 * {@code code} from docs/api.md "Errors", a title, a detail, optional extra properties (in the order they are added)
 * and an optional Retry-After. It knows nothing of HTTP: bootstrap's error handler renders it as RFC 9457
 * {@code application/problem+json}, so the modules' {@code api} and {@code application} packages need no web types.
 */
public class StagedoorProblem extends RuntimeException {

    /** The code of a malformed request, answered with the kind {@link ProblemKind#BAD_REQUEST}. */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";

    private final ProblemKind kind;
    private final String code;
    private final String title;
    private final String detail;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Duration retryAfter;

    public StagedoorProblem(ProblemKind kind, String code, String title, String detail) {
        this(kind, code, title, detail, null);
    }

    public StagedoorProblem(ProblemKind kind, String code, String title, String detail, Throwable cause) {
        super(code + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind);
        this.code = Objects.requireNonNull(code);
        this.title = Objects.requireNonNull(title);
        this.detail = detail;
    }

    /** A malformed request: 400 INVALID_REQUEST with a detail that names the field and what it must be. */
    public static StagedoorProblem invalidRequest(String detail) {
        return new StagedoorProblem(ProblemKind.BAD_REQUEST, INVALID_REQUEST, "Invalid request", detail);
    }

    public ProblemKind kind() {
        return kind;
    }

    /** The machine-readable code from docs/api.md, e.g. {@code SEAT_UNAVAILABLE}. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** Extra members of the problem body beyond type, title, status, detail and code (e.g. {@code position}). */
    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** How long the caller should wait before retrying, when the answer says so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Adds a member to the problem body (a null value adds nothing); for constructors of subclasses. */
    protected final void addProperty(String name, Object value) {
        Objects.requireNonNull(name);
        if (value != null) {
            properties.put(name, value);
        }
    }

    /** Asks the caller to wait this long before retrying; for constructors of subclasses. */
    protected final void setRetryAfter(Duration wait) {
        this.retryAfter = Objects.requireNonNull(wait);
    }
}
