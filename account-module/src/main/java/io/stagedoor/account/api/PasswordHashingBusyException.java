package io.stagedoor.account.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 503 SERVICE_UNAVAILABLE with Retry-After: every password-hashing thread is busy and the bounded queue in front of
 * them is full (a sign-in rush). Refusing at once keeps the rush from starving everything else of CPU and memory.
 */
public class PasswordHashingBusyException extends AccountProblem {

    public static final String RETRY_AFTER_SECONDS = "1";

    public PasswordHashingBusyException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "Service unavailable",
                "Too many sign-ins and sign-ups at once; retry shortly");
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
}
