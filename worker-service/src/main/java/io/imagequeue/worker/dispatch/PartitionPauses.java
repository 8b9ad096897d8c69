package io.imagequeue.worker.dispatch;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Pauses and resumes single partitions of the task-job consumer, on its polling thread (the Kafka
 * consumer is not thread-safe). Only partitions still assigned to this worker are touched: a
 * rebalance hands a paused partition to its new owner unpaused, and a lane that is still full
 * pauses a partition again when its next record arrives. The connector's own back-pressure may
 * resume every partition after it paused them all; the same re-pause on arrival covers that.
 */
@ApplicationScoped
public class PartitionPauses implements ModelLane.Pauses {

    private static final Logger LOG = Logger.getLogger(PartitionPauses.class);

    private final KafkaClientService clients;

    public PartitionPauses(KafkaClientService clients) {
        this.clients = clients;
    }

    @Override
    public void pause(TopicPartition partition) {
        KafkaConsumer<Object, Object> consumer = consumer();
        if (consumer == null) {
            return;
        }
        consumer.runOnPollingThread(c -> {
                    if (c.assignment().contains(partition)) {
                        c.pause(List.of(partition));
                    }
                })
                .subscribe().with(ok -> LOG.debugf("paused %s", partition),
                        failure -> LOG.warnf("could not pause %s: %s", partition, failure.getMessage()));
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        KafkaConsumer<Object, Object> consumer = consumer();
        if (consumer == null || partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> wanted = Set.copyOf(partitions);
        consumer.runOnPollingThread(c -> {
                    List<TopicPartition> assigned = wanted.stream().filter(c.assignment()::contains).toList();
                    if (!assigned.isEmpty()) {
                        c.resume(assigned);
                    }
                })
                .subscribe().with(ok -> LOG.debugf("resumed %s", wanted),
                        failure -> LOG.warnf("could not resume %s: %s", wanted, failure.getMessage()));
    }

    private KafkaConsumer<Object, Object> consumer() {
        try {
            return clients.getConsumer(TaskJobConsumer.CHANNEL);
        } catch (RuntimeException notYet) {
            LOG.debugf("no consumer for %s yet: %s", TaskJobConsumer.CHANNEL, notYet.getMessage());
            return null;
        }
    }
}
