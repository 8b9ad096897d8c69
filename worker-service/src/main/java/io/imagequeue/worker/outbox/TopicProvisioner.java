package io.imagequeue.worker.outbox;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.stream.Stream;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.model.task.TaskPriority;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates every model's topic at start-up, with the configured partitions, so workers subscribe to
 * all of them from the first poll instead of whenever a producer happens to create one.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    void provision(@Observes StartupEvent start, ModelCatalog catalog, WorkerConfig config,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        List<NewTopic> topics = catalog.models().stream()
                .flatMap(model -> Stream.of(TaskTopics.of(model, TaskPriority.INTERACTIVE), TaskTopics.of(model, TaskPriority.BATCH)))
                .distinct()
                .map(name -> new NewTopic(name, config.kafka().partitions(), config.kafka().replicationFactor()))
                .toList();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            admin.createTopics(topics).values().forEach((name, result) -> {
                try {
                    result.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("topic %s not created: %s", name, e.getCause().getMessage());
                    }
                } catch (Exception e) {
                    LOG.warnf("topic %s not created: %s", name, e.getMessage());
                }
            });
        }
    }
}
