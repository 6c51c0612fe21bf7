package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.inbox.InboxLanes;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * More files dropped at once than may be read at once (docs/file-drops.md, "Order"): with two reading slots, two
 * parties files and four invoices files dropped together (auto-create off) are all booked, the invoices after their
 * parties, and never more than two files are read at once. The invoices files wait for the parties files: they must
 * not take the slots the parties files need.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(InboxOpenFilesTest.TwoOpenFiles.class)
class InboxOpenFilesTest {

    public static class TwoOpenFiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.inbox.max-open-files", "2");
        }
    }

    private static final String INVOICE_HEADER = "documentType,number,date,party_name,lines_ledger,lines_description,"
            + "lines_rate,lines_gstRate\n";
    private static final String PARTY_HEADER = "role,name,billingAddress_line1,billingAddress_city,"
            + "billingAddress_state,billingAddress_pincode\n";

    @Inject
    CamelContext camel;

    @Inject
    InboxLanes lanes;

    private final HisabKitabSandbox sandbox = SandboxResource.sandbox();

    @AfterEach
    void noLatency() {
        sandbox.faults().latency(Duration.ZERO);
    }

    @Test
    void sixFilesDroppedTogetherAreAllBookedNeverMoreThanTwoReadAtOnce() throws Exception {
        // each call takes a while, so that files being read overlap
        sandbox.faults().latency(Duration.ofMillis(40));
        lanes.resetPeakFilesReading();
        List<String> names = new ArrayList<>();
        camel.getRouteController().suspendRoute("inbox");
        try {
            for (int file = 1; file <= 4; file++) {
                StringBuilder invoices = new StringBuilder(INVOICE_HEADER);
                for (int i = 1; i <= 5; i++) {
                    invoices.append("sale,CAP").append(file).append('-').append(i).append(",2025-03-01,Cap Party ")
                            .append(i % 2 + 1).append(",Sales,Capped work,100,18\n");
                }
                names.add(drop("invoices-cap-" + file + ".csv", invoices.toString()));
            }
            names.add(drop("parties-cap-1.csv", PARTY_HEADER + "customer,Cap Party 1,1 Cap Road,Pune,Maharashtra,411002\n"));
            names.add(drop("parties-cap-2.csv", PARTY_HEADER + "customer,Cap Party 2,2 Cap Road,Pune,Maharashtra,411002\n"));
        } finally {
            camel.getRouteController().resumeRoute("inbox");
        }

        for (String name : names) {
            List<String> report = doneReport(name);
            int documents = name.startsWith("parties") ? 1 : 5;
            assertEquals(documents + 1, report.size(), name + ": " + report);
            for (String row : report.subList(1, report.size())) {
                assertTrue(row.matches("row \\d+,[a-z]+-[0-9a-f]{24},[a-z.]+,ok,\\d+,.*"), name + ": " + row);
            }
        }
        assertEquals(2, lanes.peakFilesReading(), "two files read at once, never more");
    }

    private static String drop(String name, String content) throws IOException {
        Path tmp = SandboxResource.inbox().resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, SandboxResource.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    private static List<String> doneReport(String name) throws IOException {
        Path report = SandboxResource.inbox().resolve(".done").resolve(name + ".report.csv");
        Path moved = SandboxResource.inbox().resolve(".done").resolve(name);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report) && Files.exists(moved));
        return Files.readAllLines(report, StandardCharsets.UTF_8);
    }
}
