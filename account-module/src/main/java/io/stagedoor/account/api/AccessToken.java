package io.stagedoor.account.api;

/** A signed-in user's bearer access token and how many seconds it stays valid. */
public record AccessToken(String accessToken, String tokenType, long expiresIn, long userId) {

    public static final String BEARER = "Bearer";

    @Override
    public String toString() {
        return "AccessToken[userId=" + userId + ", expiresIn=" + expiresIn + ", token redacted]";
    }
}
