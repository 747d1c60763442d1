package io.stagedoor.bootstrap.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void plainR2dbcUrlBecomesTheSameDatabaseOverJdbc() {
        assertThat(JdbcUrls.fromR2dbc("r2dbc:postgresql://db.internal:6543/stagedoor?sslMode=require"))
                .isEqualTo("jdbc:postgresql://db.internal:6543/stagedoor");
    }

    @Test
    void pooledUrlAndDefaultPortAreUnderstood() {
        assertThat(JdbcUrls.fromR2dbc("r2dbc:pool:postgresql://localhost/test")).isEqualTo("jdbc:postgresql://localhost:5432/test");
    }

    @Test
    void nonPostgresUrlIsRefused() {
        assertThatThrownBy(() -> JdbcUrls.fromR2dbc("r2dbc:h2:mem:///x")).isInstanceOf(IllegalArgumentException.class);
    }
}
