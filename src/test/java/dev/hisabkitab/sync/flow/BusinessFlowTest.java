package dev.hisabkitab.sync.flow;

import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The business flows against a sandbox that answers ledgers as HisabKitab documents them ({@code ledgers_data.<Model>}). */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class BusinessFlowTest extends BusinessFlows {
}
