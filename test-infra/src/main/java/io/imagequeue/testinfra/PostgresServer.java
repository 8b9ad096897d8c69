package io.imagequeue.testinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A PostgreSQL server (zonky embedded binaries, PostgreSQL 17) on a free loopback port with the role
 * {@code imagequeue}/{@code imagequeue} owning the database {@code imagequeue}.
 *
 * <p>{@link #stop()} shuts the server down (clients see connection refused); {@link #start()} brings it
 * back on the same port with the same data. {@link #close()} stops it and deletes the data.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "imagequeue";
    public static final String USERNAME = "imagequeue";
    public static final String PASSWORD = "imagequeue";

    private final int port;
    private final Path dataDir;
    private final Remote remote;
    private EmbeddedPostgres postgres;
    private boolean initialized;
    private boolean closed;

    /** Picks a port and a data directory; call {@link #start()}. */
    public PostgresServer() {
        this.port = FreePorts.next();
        this.dataDir = TempDirs.create("postgres-" + port + "-").resolve("data");
        this.remote = null;
    }

    PostgresServer(Remote remote) {
        this.remote = remote;
        this.port = remote.<Integer>call("port");
        this.dataDir = null;
    }

    /** A started server. */
    public static PostgresServer started() {
        PostgresServer server = new PostgresServer();
        server.start();
        return server;
    }

    /** Starts the server (first time: initdb and creation of role and database); no-op when running. */
    public synchronized PostgresServer start() {
        if (remote != null) {
            remote.call("start");
            return this;
        }
        if (closed) {
            throw new IllegalStateException("PostgresServer is closed");
        }
        if (postgres != null) {
            return this;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
        }
        if (!initialized) {
            createDatabase();
            initialized = true;
        }
        return this;
    }

    private void createDatabase() {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = connect(url, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create role " + USERNAME + " login password '" + PASSWORD + "'");
            s.execute("create database " + DATABASE + " owner " + USERNAME);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut); data and port are kept for {@link #start()}. */
    public synchronized void stop() {
        if (remote != null) {
            remote.call("stop");
            return;
        }
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        } finally {
            postgres = null;
        }
        FreePorts.awaitClosed(port, Duration.ofSeconds(10));
    }

    public synchronized boolean isRunning() {
        if (remote != null) {
            return remote.<Boolean>call("isRunning");
        }
        return postgres != null;
    }

    /** Stops the server and deletes its data. */
    @Override
    public synchronized void close() {
        if (remote != null) {
            remote.call("close");
            return;
        }
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            TempDirs.deleteQuietly(dataDir.getParent());
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String database() {
        return DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/imagequeue} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** {@code postgresql://127.0.0.1:PORT/imagequeue} (Quarkus reactive datasource URL) */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A new JDBC connection as {@code imagequeue} to the database {@code imagequeue}. */
    public Connection connect() throws SQLException {
        return connect(jdbcUrl(), USERNAME, PASSWORD);
    }

    // The driver directly, not DriverManager: DriverManager only offers drivers that the caller's class loader
    // loaded, which fails in Quarkus tests ("No suitable driver") when another loader registered it first.
    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        Connection connection = new org.postgresql.Driver().connect(url, props);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept " + url);
        }
        return connection;
    }

    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + (isRunning() ? "" : ", stopped") + "]";
    }
}
