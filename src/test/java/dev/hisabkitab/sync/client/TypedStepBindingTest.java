package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.language.bean.RuntimeBeanExpressionException;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the Camel bindings the typed steps of routes/hisabkitab-client.yaml rely on (docs/architecture.md, "Typed
 * steps"): a bean method's parameters from {@code ${exchangeProperty.X}} (null when absent), a record's accessor in
 * simple OGNL, {@code ${exception}} inside a doCatch, a header whose name has a hyphen, a streamed body as text, and
 * {@code ?.} on an absent property (null; not after an accessor), the exchange's creation time as a date, a bean's exception wrapped by the expression (why the client's catch unwraps it).
 */
public class TypedStepBindingTest {

    /** A bean of typed steps, as the route calls them (StepLanguageTest calls them too). */
    public static class Steps {
        public CallState next(CallState state) {
            return state == null ? null : state.withAttempt();
        }

        public String failed(CallState state, Throwable failure) {
            return state.company() + ": " + failure.getMessage();
        }

        public String header(String retryAfter, Integer status) {
            return retryAfter + "/" + status;
        }

        public String text(String body) {
            return body;
        }

        public String company(String company) {
            return company == null ? "none" : company;
        }

        public long created(java.util.Date taken) {
            return taken.getTime();
        }

        public CallState refuse(CallState state) {
            throw new IllegalStateException("refused");
        }
    }

    final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void start() throws Exception {
        camel.getRegistry().bind("steps", new Steps());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:next").setProperty("s", method("steps", "next(${exchangeProperty.s})"));
                from("direct:ognl").setProperty("plain", simple("${exchangeProperty.s.company}"))
                        .setProperty("call", simple("${exchangeProperty.s.company()}"));
                from("direct:caught").doTry().throwException(new IllegalStateException("down"))
                        .doCatch(Exception.class)
                        .setProperty("out", method("steps", "failed(${exchangeProperty.s}, ${exception})")).end();
                from("direct:header").setProperty("out",
                        method("steps", "header(${header.Retry-After}, ${header.CamelHttpResponseCode})"));
                from("direct:throws").setProperty("s", method("steps", "refuse(${exchangeProperty.s})"));
                from("direct:body").setProperty("out", method("steps", "text(${body})"));
                from("direct:null-safe").setProperty("out", method("steps", "company(${exchangeProperty.s?.company()})"));
                from("direct:nested-null-safe").setProperty("out",
                        method("steps", "company(${exchangeProperty.s.retryNote()?.trim()})"));
                from("direct:created").setProperty("out", method("steps", "created(${date:exchangeCreated})"));
            }
        });
        camel.start();
    }

    @AfterEach
    void close() throws java.io.IOException {
        camel.close();
    }

    Exchange send(String route, CallState state) {
        Exchange exchange = new DefaultExchange(camel);
        if (state != null) {
            exchange.setProperty("s", state);
        }
        return camel.createProducerTemplate().send(route, exchange);
    }

    @Test
    void aPropertyBindsAsItsTypeAndTheReturnedValueIsSet() {
        Exchange done = send("direct:next", CallState.of(ApiCall.of("acme", "company.details")));
        assertEquals(1, done.getProperty("s", CallState.class).attempts());
    }

    @Test
    void anAbsentPropertyBindsAsNull() {
        Exchange done = send("direct:next", null);
        assertNull(done.getException());
        assertNull(done.getProperty("s"));
    }

    @Test
    void aRecordAccessorIsReachedByItsNameWithOrWithoutParentheses() {
        Exchange done = send("direct:ognl", CallState.of(ApiCall.of("acme", "company.details")));
        assertEquals("acme", done.getProperty("plain"));
        assertEquals("acme", done.getProperty("call"));
    }

    @Test
    void theCaughtExceptionBindsInADoCatch() {
        Exchange done = send("direct:caught", CallState.of(ApiCall.of("acme", "company.details")));
        assertEquals("acme: down", done.getProperty("out"));
    }

    @Test
    void aNullSafeAccessorOfAnAbsentPropertyBindsAsNull() {
        assertEquals("acme", send("direct:null-safe", CallState.of(ApiCall.of("acme", "company.details")))
                .getProperty("out"));
        Exchange absent = send("direct:null-safe", null);
        assertNull(absent.getException());
        assertEquals("none", absent.getProperty("out"));
    }

    /**
     * {@code ?.} helps only on the property itself: after an accessor whose value is absent it fails the step, so a
     * context offers what such a binding needs as an accessor of its own (EventContext#earlierNumber).
     */
    @Test
    void aNullSafeAccessorAfterAnAccessorFailsWhenItsValueIsAbsent() {
        CallState state = CallState.of(ApiCall.of("acme", "company.details"));
        assertEquals("noted", send("direct:nested-null-safe", state.withRetryNote(" noted ")).getProperty("out"));
        Exchange absent = send("direct:nested-null-safe", state);
        assertInstanceOf(RuntimeBeanExpressionException.class, absent.getException());
        assertNull(absent.getProperty("out"));
    }

    @Test
    void whenTheExchangeWasMadeBindsAsADate() {
        Exchange exchange = new DefaultExchange(camel);
        Exchange done = camel.createProducerTemplate().send("direct:created", exchange);
        assertEquals(exchange.getClock().getCreated(), done.getProperty("out"));
    }

    @Test
    void aHyphenatedHeaderAndAnAbsentOneBind() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader("Retry-After", "120");
        Exchange done = camel.createProducerTemplate().send("direct:header", exchange);
        assertEquals("120/null", done.getProperty("out"));
    }

    @Test
    void whatTheBeanThrowsComesWrappedAndHisabKitabCallUnwrapsIt() {
        Exchange done = send("direct:throws", CallState.of(ApiCall.of("acme", "company.details")));
        assertInstanceOf(RuntimeBeanExpressionException.class, done.getException());
        Throwable own = new HisabKitabCall().failureOf(done.getException());
        assertInstanceOf(IllegalStateException.class, own);
        assertEquals("refused", own.getMessage());
    }

    @Test
    void aStreamedBodyBindsAsText() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(new java.io.ByteArrayInputStream("{\"success\": true}".getBytes(StandardCharsets.UTF_8)));
        Exchange done = camel.createProducerTemplate().send("direct:body", exchange);
        assertEquals("{\"success\": true}", done.getProperty("out"));
    }
}
