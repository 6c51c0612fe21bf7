package dev.hisabkitab.sync.outcome;

/**
 * The event is left unfinished on purpose, with no outcome: the connector is stopping, or its Kafka partition went to
 * another consumer, while it waited for its company's API key to be accepted again. Its Kafka offset is not committed,
 * so the event is read again later (here after a restart, or by the partition's new owner); it is never a dead letter.
 */
public class EventLeftUnfinished extends RuntimeException {

    public EventLeftUnfinished(String message) {
        super(message, null, false, false);
    }
}
