package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.platform.OrreryHome;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.TargetStore;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.orrery.testsupport.PostgresServer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The DS component without a framework: a recording {@link BundleContext}, a PostgreSQL driver
 * offered as a {@link DataSourceFactory} service the way the {@code org.postgresql.jdbc} bundle
 * offers it, and a real PostgreSQL server.
 */
class JdbcTaskStoreTest {

    static PostgresServer server;

    @TempDir
    Path home;

    private final FakeContext context = new FakeContext();
    private JdbcTaskStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start(Files.createTempDirectory("orrery-pg-component"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void deactivate() {
        if (store != null) {
            store.deactivate();
        }
        assertEquals(List.of(), storeThreads(), "deactivation leaves no thread behind");
    }

    private JdbcTaskStore activate(String url, String password) throws TaskStoreException {
        store = new JdbcTaskStore(context.proxy, config(url, server.user(), password, 0),
                new TaskDatabase.Settings(2_000, Duration.ZERO, 5, 30), Duration.ofMillis(20), Duration.ofMillis(200));
        store.activate();
        return store;
    }

    @Test
    void sqliteByDefaultIsRegisteredOnceOpenAndUnregisteredOnDeactivation() throws Exception {
        activate("", "");
        Registration r = context.await();
        Path file = home.resolve("data").resolve("tasks.db").toAbsolutePath();
        assertEquals(100, r.properties().get(Constants.SERVICE_RANKING));
        assertEquals("sqlite", r.properties().get(JdbcTaskStore.PROPERTY_DIALECT));
        assertEquals(file.toString(), r.properties().get(JdbcTaskStore.PROPERTY_DATABASE));
        TaskStore service = (TaskStore) r.service();
        service.save(List.of(TaskStoreCases.simple("t", "a", TaskStatus.PENDING, Instant.EPOCH)));
        assertTrue(service.get("t").isPresent());
        assertTrue(Files.exists(file));
        JdbcTaskStoreTest.await("the execution, target and sequence stores are registered too",
                () -> context.registrations.size() == 4);
        Registration executions = context.registrations.get(0);
        assertTrue(executions.service() instanceof org.orrery.task.ExecutionStore, "before the task store");
        assertEquals(file.toString(), executions.properties().get(JdbcTaskStore.PROPERTY_DATABASE));
        Registration targets = context.registrations.get(2);
        Registration sequences = context.registrations.get(3);
        assertEquals(file.toString(), sequences.properties().get(JdbcTaskStore.PROPERTY_DATABASE));
        assertEquals(file.toString(), targets.properties().get(JdbcTaskStore.PROPERTY_DATABASE));
        SequenceStore sequenceStore = (SequenceStore) sequences.service();
        sequenceStore.insert(SequenceStoreCases.sequence("s", SequenceState.CREATED, Instant.EPOCH));
        assertTrue(sequenceStore.get("s").isPresent(), "on the same, open database");
        TargetStore targetStore = (TargetStore) targets.service();
        assertTrue(targetStore.recordFrame("M 42", "L-60s-1x1", "t#1", true), "on the same, open database");
        store.deactivate();
        store = null;
        assertTrue(r.gone()[0], "the service goes before the database closes");
        assertTrue(sequences.gone()[0], "the sequence store goes too");
        assertTrue(targets.gone()[0], "the target store goes too");
        assertTrue(executions.gone()[0], "the execution store goes too");
        assertThrows(TaskStoreException.class, () -> service.get("t"), "closed");
    }

    @Test
    void postgresqlWithoutItsDriverSaysWhatIsMissingAndOpensWhenTheDriverServiceArrives() throws Exception {
        activate(server.jdbcUrl(), server.password());
        await("the missing driver is reported", () -> store.unavailableBecause() != null);
        String why = store.unavailableBecause();
        assertTrue(why.contains("no JDBC driver for jdbc:postgresql: install the PostgreSQL driver bundle"), why);
        assertTrue(why.contains("osgi.jdbc.driver.class=org.postgresql.Driver"), why);
        assertTrue(context.registrations.isEmpty(), "no store service without a database");

        PostgresDriverService driver = new PostgresDriverService();
        store.addDataSourceFactory(driver, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.postgresql.Driver"));
        Registration r = context.await();
        assertEquals("postgresql", r.properties().get(JdbcTaskStore.PROPERTY_DIALECT));
        assertEquals(server.jdbcUrl(), r.properties().get(JdbcTaskStore.PROPERTY_DATABASE));
        for (Object value : Collections.list(r.properties().elements())) {
            assertFalse(String.valueOf(value).contains(server.password()), "no password in the service: " + value);
        }
        TaskStore service = (TaskStore) r.service();
        service.save(List.of(TaskStoreCases.simple("pg", "a", TaskStatus.PENDING, Instant.EPOCH)));
        assertTrue(service.get("pg").isPresent());

        // the driver bundle stops: the store closes and waits for a driver again
        store.removeDataSourceFactory(driver);
        assertTrue(r.gone()[0]);
        await("the missing driver is reported again", () -> store.unavailableBecause() != null
                && store.unavailableBecause().contains("no JDBC driver"));
        store.addDataSourceFactory(driver, Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.postgresql.Driver"));
        Registration again = context.await();
        assertTrue(((TaskStore) again.service()).get("pg").isPresent(), "nothing lost");
    }

    @Test
    void aWrongPasswordIsLoggedWithTheServersWordsAndNeverItself() throws Exception {
        String wrong = "not-the-Password-42";
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            activate(server.jdbcUrl() + "?password=" + wrong, wrong);
            store.addDataSourceFactory(new PostgresDriverService(),
                    Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.postgresql.Driver"));
            await("the refusal is reported", () -> store.unavailableBecause() != null
                    && store.unavailableBecause().contains("password authentication failed"));
            await("the refusal is logged", () -> log.toString(StandardCharsets.UTF_8).contains("password authentication"));
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("password authentication failed for user \"" + server.user() + "\""), logged);
        assertTrue(logged.contains("password=***"), logged);
        assertFalse(logged.contains(wrong), logged);
        assertFalse(store.unavailableBecause().contains(wrong));
        assertTrue(context.registrations.isEmpty());
    }

    @Test
    void anUnsupportedUrlFailsActivationNamingWhatIsSupported() {
        TaskStoreException e = assertThrows(TaskStoreException.class,
                () -> new JdbcTaskStore(context.proxy, config("jdbc:mysql://db/orrery?password=hidden", "u", "p", 0)));
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("hidden"), e.getMessage());
        assertNull(store);
    }

    // ---- doubles ---------------------------------------------------------------------------

    private static List<String> storeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("orrery-task-store")).toList();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s");
            }
            Thread.sleep(10);
        }
    }

    /** PostgreSQL's driver as the org.postgresql.jdbc bundle offers it. */
    static final class PostgresDriverService implements DataSourceFactory {
        @Override
        public Driver createDriver(Properties props) throws SQLException {
            return new org.postgresql.Driver();
        }

        @Override
        public DataSource createDataSource(Properties props) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionPoolDataSource createConnectionPoolDataSource(Properties props) {
            throw new UnsupportedOperationException();
        }

        @Override
        public XADataSource createXADataSource(Properties props) {
            throw new UnsupportedOperationException();
        }
    }

    record Registration(Object service, Dictionary<String, ?> properties, boolean[] gone) {
    }

    /** A bundle context that knows orrery.home and records services registered with it. */
    final class FakeContext {
        final List<Registration> registrations = new CopyOnWriteArrayList<>();
        final BundleContext proxy = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, method, args) -> switch (method.getName()) {
                    case "getProperty" -> OrreryHome.PROPERTY.equals(args[0]) ? home.toString() : null;
                    case "registerService" -> register(args[1], (Dictionary<?, ?>) args[2]);
                    case "toString" -> "test bundle context";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private ServiceRegistration<?> register(Object service, Dictionary<?, ?> properties) {
            @SuppressWarnings("unchecked")
            Registration r = new Registration(service, (Dictionary<String, ?>) properties, new boolean[1]);
            registrations.add(r);
            return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (p, method, args) -> {
                        if (method.getName().equals("unregister")) {
                            if (r.gone()[0]) {
                                throw new IllegalStateException("already unregistered");
                            }
                            r.gone()[0] = true;
                            registrations.remove(r);
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        /** The task store's registration, once there is one. */
        Registration await() throws InterruptedException {
            JdbcTaskStoreTest.await("the store service is registered",
                    () -> registrations.stream().anyMatch(r -> r.service() instanceof TaskStore));
            return registrations.stream().filter(r -> r.service() instanceof TaskStore).findFirst().orElseThrow();
        }
    }

    private JdbcTaskStore.Config config(String url, String user, String password, int retentionDays) {
        return new JdbcTaskStore.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JdbcTaskStore.Config.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String _password() {
                return password;
            }

            @Override
            public int pool_size() {
                return 2;
            }

            @Override
            public int retention_days() {
                return retentionDays;
            }
        };
    }
}
