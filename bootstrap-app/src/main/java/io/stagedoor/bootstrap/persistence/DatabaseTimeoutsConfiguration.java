package io.stagedoor.bootstrap.persistence;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Limits on every PostgreSQL connection so that a database fail-over heals by itself (docs/reliability.md):
 * <ul>
 *   <li>TCP keepalive, so the kernel notices a peer that vanished without a word (after the kernel's keepalive time);</li>
 *   <li>{@code statement_timeout}, {@code lock_timeout} and {@code idle_in_transaction_session_timeout} set for each
 *       connection when it opens, so the server itself ends a statement, a lock wait or a forgotten transaction;</li>
 *   <li>a time limit on every transaction ({@link TransactionTimeLimit});</li>
 *   <li>a connection that has not answered a call for {@code stagedoor.db.unanswered-limit} is closed, with its siblings
 *       gone quiet at the same time ({@link UnansweredConnections}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class DatabaseTimeoutsConfiguration {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer postgresSessionLimits(
            @Value("${stagedoor.db.tcp-keepalive:true}") boolean keepAlive,
            @Value("${stagedoor.db.statement-timeout:PT5S}") Duration statementTimeout,
            @Value("${stagedoor.db.lock-timeout:PT3S}") Duration lockTimeout,
            @Value("${stagedoor.db.idle-in-transaction-timeout:PT10S}") Duration idleInTransactionTimeout) {
        return builder -> builder
                .option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, keepAlive)
                .option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, statementTimeout)
                .option(PostgresqlConnectionFactoryProvider.LOCK_WAIT_TIMEOUT, lockTimeout)
                .option(PostgresqlConnectionFactoryProvider.OPTIONS,
                        Map.of("idle_in_transaction_session_timeout", Long.toString(idleInTransactionTimeout.toMillis())));
    }

    @Bean
    TransactionTimeLimit transactionTimeLimit(@Value("${stagedoor.db.transaction-timeout:PT10S}") Duration limit) {
        return new TransactionTimeLimit(limit);
    }

    @Bean(destroyMethod = "close")
    UnansweredConnections unansweredConnections(@Value("${stagedoor.db.unanswered-limit:PT7S}") Duration limit,
                                                @Value("${stagedoor.db.statement-timeout:PT5S}") Duration statementTimeout) {
        if (limit.compareTo(statementTimeout) <= 0) {
            throw new IllegalArgumentException("stagedoor.db.unanswered-limit (" + limit + ") must exceed "
                    + "stagedoor.db.statement-timeout (" + statementTimeout + "): the server ends slow statements itself");
        }
        return new UnansweredConnections(limit, Duration.ofMillis(500));
    }

    @Bean
    ConnectionFactoryDecorator watchUnansweredConnections(UnansweredConnections unansweredConnections) {
        return unansweredConnections::watch;
    }
}
