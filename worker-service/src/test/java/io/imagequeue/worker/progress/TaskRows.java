package io.imagequeue.worker.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.model.request.GenerationParams;
import io.imagequeue.model.request.RequestValidator;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskPriority;
import io.imagequeue.testinfra.Infrastructure;
import io.imagequeue.testinfra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tasks as the API leaves them (a row in {@code tasks}, its job on the model's topic), and reads of
 * the row, straight over JDBC and Kafka: the worker under test sees exactly what it sees in production.
 */
final class TaskRows {

    static final String TENANT = "tenant-progress";
    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final RequestValidator VALIDATOR = new RequestValidator(CATALOG);

    /** One read of a task's row. */
    record Row(String status, Double progress, String leaseOwner, int attempts) {
    }

    private final ObjectMapper json;

    TaskRows(ObjectMapper json) {
        this.json = json;
    }

    /** Creates a queued task for {@code model} and publishes its job; returns the task id. */
    String submit(String model, UnaryOperator<GenerationParams.Builder> params) throws Exception {
        String id = insertTask(model, params, "queued", null, 0);
        ModelSpec spec = CATALOG.resolve(model);
        byte[] job = new TaskJobCodec().encode(TaskJob.of(id, spec.id(), TaskPriority.INTERACTIVE));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TaskTopics.of(spec, TaskPriority.INTERACTIVE), id, job)).get();
        }
        return id;
    }

    /** A task that is already running on attempt {@code attempts} under {@code leaseOwner}'s lease; no job is sent. */
    String running(String model, String leaseOwner, int attempts) throws Exception {
        return insertTask(model, p -> p, "running", leaseOwner, attempts);
    }

    Row read(String id) throws SQLException {
        try (Connection db = connect(); PreparedStatement select = db.prepareStatement(
                "select status, progress, lease_owner, attempts from tasks where id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no task " + id);
                }
                float stored = rs.getFloat(2);
                Double progress = rs.wasNull() ? null : (double) stored;
                return new Row(rs.getString(1), progress, rs.getString(3), rs.getInt(4));
            }
        }
    }

    /** Runs one statement against the tasks table, e.g. what a reaper or another worker would do. */
    void update(String sql, Object... params) throws SQLException {
        try (Connection db = connect(); PreparedStatement update = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                update.setObject(i + 1, params[i]);
            }
            update.executeUpdate();
        }
    }

    private String insertTask(String model, UnaryOperator<GenerationParams.Builder> params, String status,
                              String leaseOwner, int attempts) throws Exception {
        String id = "tsk_" + UUID.randomUUID().toString().replace("-", "");
        String request = json.writeValueAsString(TaskPayload.of(
                VALIDATOR.validate(model, params.apply(GenerationParams.builder().prompt("a red fox")).build()),
                "url"));
        try (Connection db = connect()) {
            try (PreparedStatement tenant = db.prepareStatement(
                    "insert into tenants (id, name) values (?, ?) on conflict do nothing")) {
                tenant.setString(1, TENANT);
                tenant.setString(2, TENANT);
                tenant.executeUpdate();
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into tasks (id, tenant_id, endpoint, model, status, request, attempts, max_attempts,
                                       lease_owner, lease_until, started_at, deadline_at)
                    values (?, ?, '/v1/images/generations', ?, ?, cast(? as jsonb), ?, 3, ?,
                            case when cast(? as text) is null then null else now() + interval '1 minute' end,
                            case when cast(? as text) = 'running' then now() end, now() + interval '10 minutes')""")) {
                insert.setString(1, id);
                insert.setString(2, TENANT);
                insert.setString(3, CATALOG.resolve(model).id());
                insert.setString(4, status);
                insert.setString(5, request);
                insert.setInt(6, attempts);
                insert.setString(7, leaseOwner);
                insert.setString(8, leaseOwner);
                insert.setString(9, status);
                insert.executeUpdate();
            }
        }
        return id;
    }

    private static Connection connect() throws SQLException {
        PostgresServer postgres = Infrastructure.shared().postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
