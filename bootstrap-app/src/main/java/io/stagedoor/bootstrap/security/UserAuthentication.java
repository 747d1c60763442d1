package io.stagedoor.bootstrap.security;

import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A validated bearer token: the app's user it stands for, valid until {@code expiresAt}. */
final class UserAuthentication extends AbstractAuthenticationToken {

    private final long userId;
    private final Instant expiresAt;

    UserAuthentication(long userId, Instant expiresAt) {
        super(List.of());
        this.userId = userId;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    long userId() {
        return userId;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return userId;
    }

    @Override
    public String getName() {
        return Long.toString(userId);
    }
}
