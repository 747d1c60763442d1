package io.stagedoor.bootstrap.web;

/**
 * The request attribute the bearer check fills with the signed-in user's id (a {@code Long}) once Spring Security has
 * validated the access token. Module handlers read it by this plain name (each keeps its own copy of the string), so
 * they never depend on Spring Security; the user of a request is this attribute, never a path or body field.
 */
public final class AuthenticationAttributes {

    public static final String USER_ID = "stagedoor.auth.userId";

    private AuthenticationAttributes() {
    }
}
