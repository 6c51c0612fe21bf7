package dev.hisabkitab.sync.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a test class using {@link KafkaBrokerResource} that receives the running broker: a field of
 * type {@link KafkaBroker} (stop/restart it, create topics, count records) or {@link KafkaTestClient}
 * (produce/consume; owned and closed by the resource).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafkaBroker {
}
