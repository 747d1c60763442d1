package io.stagedoor.bootstrap.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The two issuer modes as bean conditions: external when an external issuer or JWK Set URI is set, else built in. */
public final class IdentityModes {

    private IdentityModes() {
    }

    /** Only with the built-in issuer (sign-up, sign-in, signing keys, the JWK Set route). */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Conditional(BuiltIn.class)
    public @interface OnBuiltInIssuer {
    }

    /** Only with an external OpenID Connect issuer. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Conditional(External.class)
    public @interface OnExternalIssuer {
    }

    static boolean external(Environment environment) {
        return IdentitySettings.hasText(environment.getProperty("stagedoor.identity.external.issuer-uri"))
                || IdentitySettings.hasText(environment.getProperty("stagedoor.identity.external.jwk-set-uri"));
    }

    static final class BuiltIn implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !external(context.getEnvironment());
        }
    }

    static final class External implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return external(context.getEnvironment());
        }
    }
}
