package io.stagedoor.payment.application;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A {@link ConnectionFactory} in front of the real pool that records what reaches PostgreSQL: every transaction begun,
 * committed or rolled back, every statement executed (and whether it ran inside an explicit transaction or on its own,
 * i.e. auto-committed), and any other connection call that talks to the server. Test-only; the statements still run on
 * the real database.
 */
final class RecordingConnectionFactory {

    /** One round trip as the driver is asked for it. */
    record Call(String kind, String sql, boolean inTransaction) {

        boolean isStatement() {
            return kind.equals("STATEMENT");
        }

        @Override
        public String toString() {
            return isStatement() ? (inTransaction ? "" : "[autocommit] ") + sql.strip().replaceAll("\\s+", " ") : kind;
        }
    }

    /** Connection methods that do not reach the server (or only return it to the pool). */
    private static final Set<String> LOCAL = Set.of("close", "getMetadata", "isAutoCommit", "getTransactionIsolationLevel",
            "createBatch", "toString", "hashCode", "equals", "unwrap");

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ConnectionFactory factory;

    RecordingConnectionFactory(ConnectionFactory delegate) {
        this.factory = proxy(ConnectionFactory.class, (self, method, args) -> {
            Object result = invoke(delegate, method, args);
            if (method.getName().equals("create")) {
                @SuppressWarnings("unchecked")
                Publisher<Connection> connections = (Publisher<Connection>) result;
                return Flux.from(connections).map(this::recording);
            }
            return result;
        });
    }

    ConnectionFactory factory() {
        return factory;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }

    long count(String kind) {
        return calls.stream().filter(call -> call.kind().equals(kind)).count();
    }

    private Connection recording(Connection connection) {
        AtomicBoolean inTransaction = new AtomicBoolean();
        return proxy(Connection.class, (self, method, args) -> {
            String name = method.getName();
            switch (name) {
                case "beginTransaction":
                    calls.add(new Call("BEGIN", null, true));
                    inTransaction.set(true);
                    break;
                case "commitTransaction":
                    calls.add(new Call("COMMIT", null, true));
                    inTransaction.set(false);
                    break;
                case "rollbackTransaction":
                    calls.add(new Call("ROLLBACK", null, true));
                    inTransaction.set(false);
                    break;
                case "createStatement":
                    return statement((Statement) invoke(connection, method, args), (String) args[0], inTransaction);
                default:
                    if (!LOCAL.contains(name)) {
                        calls.add(new Call(name, null, inTransaction.get()));
                    }
            }
            return invoke(connection, method, args);
        });
    }

    private Statement statement(Statement statement, String sql, AtomicBoolean inTransaction) {
        return proxy(Statement.class, (self, method, args) -> {
            if (method.getName().equals("execute")) {
                calls.add(new Call("STATEMENT", sql, inTransaction.get()));
            }
            Object result = invoke(statement, method, args);
            // the fluent methods (bind, add, ...) return the statement itself: keep handing out the recording one
            return result == statement ? self : result;
        });
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(RecordingConnectionFactory.class.getClassLoader(), new Class<?>[]{type}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
