package dev.hisabkitab.sync.kafka;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * Camel's Kafka consumers subscribe through this (Camel looks up the bean named {@code subscribeAdapter}): the
 * rebalance listener Camel gives is wrapped so that {@link KafkaLanes} learns first when partitions are taken away
 * — on the consumer thread, the one moment this consumer can still commit outcomes (and offsets) of them — and
 * learns the group's new generation once they are assigned.
 */
@ApplicationScoped
@Named("subscribeAdapter")
public class LaneRebalancing implements SubscribeAdapter {

    @Inject
    KafkaLanes lanes;

    private final SubscribeAdapter subscription = new DefaultSubscribeAdapter();

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topics) {
        subscription.subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                lanes.revoked(partitions);
                camelListener.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                lanes.assigned(consumer, partitions);
                camelListener.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                lanes.lost(partitions);
                camelListener.onPartitionsLost(partitions);
            }
        }, topics);
    }
}
