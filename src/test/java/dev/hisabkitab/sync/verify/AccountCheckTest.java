package dev.hisabkitab.sync.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.batch.MasterBatches;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.LedgerAnswerShape;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** verify's checks against the sandbox on a real socket: every answer shape understood, read-only, 404s explained. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class AccountCheckTest {

    @Inject
    AccountCheck check;

    @AfterEach
    void documentedAgain() {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        sandbox.ledgerAnswerShape(LedgerAnswerShape.DOCUMENTED);
        sandbox.faults().clear();
    }

    @ParameterizedTest
    @EnumSource(value = LedgerAnswerShape.class, names = { "DOCUMENTED", "NESTED", "FLAT" })
    void everyReadEndpointIsCalledAndUnderstoodInEveryLedgerAnswerShapeWithoutAnyWrite(LedgerAnswerShape shape) {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        sandbox.ledgerAnswerShape(shape);
        sandbox.journal().reset();
        AccountCheck.Report report = check.check("default");
        assertTrue(report.passed(), shape + ":\n" + report.table());
        Map<String, AccountCheck.Row> rows = report.rows().stream()
                .collect(Collectors.toMap(AccountCheck.Row::operation, r -> r));
        for (String operation : List.of("company.details", "ledger.list", "ledger.detail", "item.list", "item-group.list",
                "unit.list", "gst-rate.list", "cess-rate.list", "state.list", "city.list", "country.list",
                "ledger-group.list", "sale.list", "sale.next-number", "purchase-order.next-number", "receipt.next-number",
                "payment.list", "journal.next-number", "delivery-challan.next-number")) {
            AccountCheck.Row row = rows.get(operation);
            assertTrue(row != null && Boolean.TRUE.equals(row.understood()), operation + " in\n" + report.table());
            assertEquals("200", row.httpStatus(), operation);
        }
        List<SandboxJournal.Entry> calls = sandbox.journal().entries();
        // every row but the master batches' (not probed: that would create records) is a real call
        assertTrue(calls.size() >= rows.size() - 1, "every check is a real call: " + calls.size());
        assertTrue(calls.stream().allMatch(e -> e.method().equals("GET")), "only reads: " + calls.stream()
                .filter(e -> !e.method().equals("GET")).map(e -> e.method() + " " + e.path()).toList());
        assertTrue(report.table().contains("verify: every answer"), report.table());
        AccountCheck.Row batches = rows.get(AccountCheck.BATCH_ROW);
        assertEquals(null, batches.understood(), "the batch answer is not probed: " + report.table());
        assertTrue(batches.missing().contains("not probed") && batches.path().contains("/batch/ledgers"), report.table());
    }

    @Test
    void theBatchRowSaysWhatThisProcessSawOfBatchAnswers() {
        AccountCheck.Row none = AccountCheck.batchRow("/batch/ledgers", true, new MasterBatches.Seen(0, 0, 0));
        assertTrue(none.missing().contains("no batch answered since this process started"), none.missing());
        AccountCheck.Row seen = AccountCheck.batchRow("/batch/ledgers", true, new MasterBatches.Seen(3, 70, 20));
        assertTrue(seen.missing().contains("3 batch call(s) since start: 70 record(s) matched per item, 20 not matched"),
                seen.missing());
        assertEquals(null, seen.understood());
        assertTrue(AccountCheck.batchRow("/batch/ledgers", false, new MasterBatches.Seen(0, 0, 0)).missing()
                .startsWith("off"));
    }

    @Test
    void partiesWhoseGstinAndAddressNoAnswerCarriesAreReportedAsMissing() {
        ObjectNode customer = JsonNodeFactory.instance.objectNode().put("action", "Customers").put("name", "Bare Traders")
                .put("group_id", 18);
        customer.putObject("party_details").put("gstin", "29AACCS9012M1Z8").putObject("billing_address")
                .put("country_id", 101).put("state_id", 4026);
        SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).create("ledger.create-customer", customer);
        SandboxResource.sandbox().ledgerAnswerShape(LedgerAnswerShape.BARE);
        AccountCheck.Report report = check.check("default");
        assertFalse(report.passed(), report.table());
        Map<String, AccountCheck.Row> rows = report.rows().stream()
                .collect(Collectors.toMap(AccountCheck.Row::operation, r -> r));
        assertEquals(Boolean.FALSE, rows.get("ledger.detail").understood(), report.table());
        assertTrue(rows.get("ledger.detail").missing().contains("GSTIN and addresses"), report.table());
        assertEquals(Boolean.FALSE, rows.get("ledger.list").understood(), report.table());
        assertEquals(Boolean.TRUE, rows.get("item.list").understood(), "only ledgers are bare: " + report.table());
    }

    @Test
    void anInferredPathAnswering404NamesTheSettingThatOverridesItAndFailsTheCheck() {
        SandboxResource.sandbox().faults().missingRoute("/company-details");
        AccountCheck.Report report = check.check("default");
        assertFalse(report.passed());
        AccountCheck.Row row = report.rows().stream().filter(r -> r.operation().equals("company.details")).findFirst()
                .orElseThrow();
        assertEquals("404", row.httpStatus());
        assertEquals(Boolean.FALSE, row.understood());
        assertTrue(row.missing().contains("hisabkitab.endpoints.\"company.details\".path"), row.missing());
        assertTrue(row.missing().contains("inferred"), row.missing());
        assertEquals(1, report.rows().stream().filter(r -> Boolean.FALSE.equals(r.understood())).count(),
                report.table());
        assertTrue(report.table().contains("1 of " + report.rows().size() + " answers"), report.table());
    }
}
