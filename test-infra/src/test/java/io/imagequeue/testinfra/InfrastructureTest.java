package io.imagequeue.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Infrastructure infra;

    @BeforeAll
    static void startInfrastructure() {
        infra = Infrastructure.shared();
        assertThat(Infrastructure.shared()).isSameAs(infra);
    }

    @Test
    @Order(1)
    void configPointsAtTheServers() {
        assertThat(infra.quarkusConfig())
                .containsEntry("quarkus.datasource.username", "imagequeue")
                .containsEntry("quarkus.datasource.password", "imagequeue")
                .containsEntry("quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://127.0.0.1:" + infra.postgres().port() + "/imagequeue")
                .containsEntry("quarkus.datasource.reactive.url",
                        "postgresql://127.0.0.1:" + infra.postgres().port() + "/imagequeue")
                .containsEntry("kafka.bootstrap.servers", infra.kafka().bootstrapServers())
                .containsEntry("imagequeue.storage.endpoint", "http://127.0.0.1:" + infra.s3().port())
                .containsEntry("imagequeue.storage.access-key", "imagequeue")
                .containsEntry("imagequeue.storage.secret-key", "imagequeue-secret")
                .hasSize(8);
        assertThat(infra.environment())
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", infra.postgres().reactiveUrl())
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", infra.postgres().jdbcUrl())
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "imagequeue")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "imagequeue")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers())
                .containsEntry("IMAGEQUEUE_STORAGE_ENDPOINT", infra.s3().endpoint())
                .containsEntry("IMAGEQUEUE_STORAGE_ACCESS_KEY", "imagequeue")
                .containsEntry("IMAGEQUEUE_STORAGE_SECRET_KEY", "imagequeue-secret")
                .hasSize(8);
    }

    @Test
    @Order(2)
    void postgresTableRoundTrip() throws SQLException {
        try (Connection c = infra.postgres().connect(); Statement s = c.createStatement()) {
            s.execute("create table probe (id int primary key, name text not null)");
            s.execute("insert into probe values (1, 'hello-postgres')");
            try (ResultSet rs = s.executeQuery("select name, current_user, current_database() from probe")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello-postgres");
                assertThat(rs.getString(2)).isEqualTo("imagequeue");
                assertThat(rs.getString(3)).isEqualTo("imagequeue");
            }
        }
    }

    @Test
    @Order(3)
    void kafkaProduceAndConsume() throws Exception {
        Properties producerProps = infra.kafka().clientProperties();
        producerProps.put("acks", "all");
        producerProps.put("key.serializer", StringSerializer.class.getName());
        producerProps.put("value.serializer", StringSerializer.class.getName());
        try (var producer = new KafkaProducer<String, String>(producerProps)) {
            producer.send(new ProducerRecord<>("probe-topic", "k1", "hello-kafka")).get();
        }
        assertThat(consumeOne("probe-topic", "probe-group-1").value()).isEqualTo("hello-kafka");
    }

    private static ConsumerRecord<String, String> consumeOne(String topic, String group) {
        Properties props = infra.kafka().clientProperties();
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within 30 s");
    }

    @Test
    @Order(4)
    void s3RejectsAnonymousAndAcceptsSignedRequests() throws Exception {
        S3Server s3 = infra.s3();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);

        assertThat(signed(s3, "PUT", "/probe-bucket", new byte[0]).statusCode()).isEqualTo(200);
        byte[] body = "hello-s3".getBytes(StandardCharsets.UTF_8);
        assertThat(signed(s3, "PUT", "/probe-bucket/a/b.txt", body).statusCode()).isEqualTo(200);
        HttpResponse<String> get = signed(s3, "GET", "/probe-bucket/a/b.txt", new byte[0]);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello-s3");

        HttpResponse<String> forged = signedWith(s3.endpoint(), "imagequeue", "wrong-secret", "GET",
                "/probe-bucket/a/b.txt", new byte[0]);
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void postgresStopAndStartKeepsPortAndData() throws SQLException {
        PostgresServer pg = infra.postgres();
        int port = pg.port();
        pg.stop();
        assertThat(pg.isRunning()).isFalse();
        assertThat(FreePorts.isListening(port)).isFalse();
        assertThatThrownBy(pg::connect).isInstanceOf(SQLException.class);
        pg.start();
        assertThat(pg.port()).isEqualTo(port);
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select name from probe where id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("hello-postgres");
        }
    }

    @Test
    @Order(6)
    void s3StopAndStartKeepsPort() throws Exception {
        S3Server s3 = infra.s3();
        int port = s3.port();
        s3.stop();
        assertThat(FreePorts.isListening(port)).isFalse();
        s3.start();
        assertThat(s3.port()).isEqualTo(port);
        assertThat(signed(s3, "PUT", "/probe-bucket-2", new byte[0]).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void kafkaBrokerRestartKeepsPortAndData() throws Exception {
        KafkaServer kafka = infra.kafka();
        String bootstrap = kafka.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        long t0 = System.nanoTime();
        kafka.stopBroker();
        long t1 = System.nanoTime();
        assertThat(FreePorts.isListening(port)).isFalse();
        kafka.startBroker();
        System.out.printf("[test-infra] broker stopped in %d ms, started in %d ms%n", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(FreePorts.isListening(port)).isTrue();
        // the record produced before the restart is still there
        assertThat(consumeOne("probe-topic", "probe-group-2").value()).isEqualTo("hello-kafka");
    }

    @Test
    @Order(8)
    void managedProcessRunsAndStops() throws Exception {
        ManagedProcess p = ManagedProcess.java("sleeper")
                .jvmArgs("-Xmx32m")
                .mainClass(Sleeper.class.getName())
                .env("SLEEPER_GREETING", "hello-child")
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!p.log().contains("hello-child") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(p.isAlive()).isTrue();
        assertThat(p.logTail(5)).contains("hello-child");
        assertThatThrownBy(() -> p.awaitHttpOk("http://127.0.0.1:" + FreePorts.next() + "/", Duration.ofSeconds(1)))
                .hasMessageContaining("did not answer 2xx").hasMessageContaining("hello-child");
        assertThat(p.terminate()).isEqualTo(143);
        assertThat(p.isAlive()).isFalse();

        ManagedProcess failing = ManagedProcess.java("failing").mainClass(Sleeper.class.getName()).args("fail").start();
        assertThatThrownBy(() -> failing.awaitHttpOk("http://127.0.0.1:1/", Duration.ofSeconds(20)))
                .hasMessageContaining("exited with code 3").hasMessageContaining("failing on purpose");
    }

    /** Child process main class for {@link #managedProcessRunsAndStops()}. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            if (args.length > 0 && args[0].equals("fail")) {
                System.err.println("failing on purpose");
                System.exit(3);
            }
            System.out.println(System.getenv("SLEEPER_GREETING"));
            Thread.sleep(60_000);
        }
    }

    // --- a minimal AWS Signature V4 client, enough to prove that s3proxy checks the credentials

    static HttpResponse<String> signed(S3Server s3, String method, String path, byte[] body)
            throws Exception {
        return signedWith(s3.endpoint(), s3.accessKey(), s3.secretKey(), method, path, body);
    }

    private static HttpResponse<String> signedWith(String endpoint, String accessKey, String secretKey,
            String method, String path, byte[] body) throws Exception {
        URI uri = URI.create(endpoint + path);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String date = now.format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        String payloadHash = hex(MessageDigest.getInstance("SHA-256").digest(body));
        String host = uri.getHost() + ":" + uri.getPort();
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadHash);
        headers.put("x-amz-date", amzDate);
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = method + "\n" + uri.getRawPath() + "\n\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadHash;
        String scope = date + "/us-east-1/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, "us-east-1");
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, stringToSign));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("x-amz-content-sha256", payloadHash)
                .header("x-amz-date", amzDate)
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
