package dev.hisabkitab.sync.flow;

import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The business flows against a sandbox that answers ledgers in the create request's shape ({@code party_details}
 * with nested addresses), one of the undocumented shapes the connector reads too.
 */
@QuarkusTest
@WithTestResource(value = SandboxResource.class, initArgs = @ResourceArg(name = SandboxResource.LEDGER_ANSWER_SHAPE,
        value = "nested"))
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class BusinessFlowNestedAnswersTest extends BusinessFlows {
}
