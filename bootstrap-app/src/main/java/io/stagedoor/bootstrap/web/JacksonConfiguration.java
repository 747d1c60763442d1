package io.stagedoor.bootstrap.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

/**
 * Strict JSON input: {@code "5"}, {@code 5.0} or {@code null} are not numbers here. Bad input must come back as
 * 400 naming the field, never be coerced into a charge or a seat number nobody asked for. A key given twice is refused.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictNumbers() {
        return builder -> builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // {"amount": 1, "amount": 5000000} must not quietly mean whichever came last
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
