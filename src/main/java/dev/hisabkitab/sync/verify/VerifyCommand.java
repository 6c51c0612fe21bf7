package dev.hisabkitab.sync.verify;

import dev.hisabkitab.sync.idempotency.CompletedEvents;

import java.io.PrintStream;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.quarkus.main.events.AfterStart;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code bin/verify} ({@code hisabkitab.verify=true}): the application starts without any route that takes events
 * (no Kafka record, no inbox file is read), runs only the HisabKitab client's routes, prints {@link AccountCheck}'s
 * table for the configured key and base URL, and exits 0 only when every answer is understood, 1 otherwise.
 */
@ApplicationScoped
public class VerifyCommand {

    /** The routes a HisabKitab call goes through (routes/hisabkitab-client.yaml); no other route is started. */
    static final List<String> CLIENT_ROUTES = List.of("hisabkitab-attempt", "hisabkitab-call");

    private static final Logger LOG = Logger.getLogger(VerifyCommand.class);

    @ConfigProperty(name = CompletedEvents.VERIFYING, defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "hisabkitab.verify.company", defaultValue = "default")
    String company;

    @Inject
    AccountCheck check;

    /** In verify mode no route starts by itself: the connector must not take an event while it is being checked. */
    void noRouteStarts(@Observes BeforeStart event) {
        if (enabled) {
            event.getCamelContext().setAutoStartup(false);
        }
    }

    void verifyOnceStarted(@Observes AfterStart event) {
        if (!enabled) {
            return;
        }
        Thread verify = new Thread(() -> {
            int exitCode = 2;
            try {
                for (String route : CLIENT_ROUTES) {
                    event.getCamelContext().getRouteController().startRoute(route);
                }
                AccountCheck.Report report = check.check(company);
                PrintStream out = System.out;
                out.print(report.table());
                out.flush();
                exitCode = report.passed() ? 0 : 1;
            } catch (Exception e) {
                LOG.errorf("verify could not run: %s", e.getMessage());
            } finally {
                System.exit(exitCode);
            }
        }, "hisabkitab-verify");
        verify.start();
    }
}
