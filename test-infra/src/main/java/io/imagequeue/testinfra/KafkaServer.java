package io.imagequeue.testinfra;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node Kafka (combined broker + controller, KRaft) from {@link KafkaClusterTestKit}, in this JVM,
 * on a random loopback port. Topics are created on first use with 3 partitions.
 *
 * <p>{@link #restart()} shuts the broker down and starts it again on the same port with the same logs
 * (the controller keeps running), for broker-outage tests.
 */
public final class KafkaServer implements AutoCloseable {

    private final KafkaClusterTestKit kit;
    private final String bootstrapServers;
    private final Remote remote;
    private boolean brokerDown;
    private boolean closed;

    private KafkaServer(KafkaClusterTestKit kit) {
        this.kit = kit;
        this.bootstrapServers = kit.bootstrapServers();
        this.remote = null;
    }

    KafkaServer(Remote remote) {
        this.kit = null;
        this.remote = remote;
        this.bootstrapServers = remote.call("bootstrapServers");
    }

    /** Formats, starts and waits for a single-node cluster. */
    public static KafkaServer started() {
        KafkaClusterTestKit kit = null;
        try {
            kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(TempDirs.create("kafka-"))
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("broker.heartbeat.interval.ms", "500")
                    .setConfigProp("broker.session.timeout.ms", "4000")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            KafkaServer server = new KafkaServer(kit);
            server.awaitAvailable(Duration.ofSeconds(60));
            return server;
        } catch (Exception e) {
            if (kit != null) {
                try {
                    kit.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("cannot start Kafka", e);
        }
    }

    /** {@code localhost:PORT} */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client properties with {@code bootstrap.servers} set. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    private BrokerServer broker() {
        return kit.brokers().values().iterator().next();
    }

    /** Shuts the broker down (its port stops answering); the controller keeps running. */
    public synchronized void stopBroker() {
        if (remote != null) {
            remote.call("stopBroker");
            return;
        }
        if (brokerDown) {
            return;
        }
        BrokerServer broker = broker();
        broker.shutdown();
        broker.awaitShutdown();
        brokerDown = true;
    }

    /** Starts the broker again after {@link #stopBroker()}, on the same port, and waits until it serves. */
    public synchronized void startBroker() {
        if (remote != null) {
            remote.call("startBroker");
            return;
        }
        if (!brokerDown) {
            return;
        }
        broker().startup();
        brokerDown = false;
        awaitAvailable(Duration.ofSeconds(60));
    }

    /** {@link #stopBroker()} then {@link #startBroker()}. */
    public void restart() {
        stopBroker();
        startBroker();
    }

    public synchronized boolean isBrokerRunning() {
        if (remote != null) {
            return remote.<Boolean>call("isBrokerRunning");
        }
        return !brokerDown;
    }

    private void awaitAvailable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = clientProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                FreePorts.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " not available within " + timeout, last);
    }

    @Override
    public synchronized void close() {
        if (remote != null) {
            remote.call("close");
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Kafka", e);
        }
    }

    /** Config a Kafka client needs. */
    public Map<String, String> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    @Override
    public String toString() {
        if (remote != null) {
            return remote.toString();
        }
        return "KafkaServer[" + bootstrapServers + (brokerDown ? ", broker down" : "") + "]";
    }
}
