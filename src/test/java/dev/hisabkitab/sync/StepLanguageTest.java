package dev.hisabkitab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.client.TypedStepBindingTest;

/**
 * The {@code step} language as the routes use it (YAML, a {@code setProperty}, {@code setBody} or {@code script} step):
 * each binding the typed steps rely on, a bean's failure arriving as itself, and a {@code script} step leaving the
 * body alone. The same bindings through Camel's bean language: {@code TypedStepBindingTest}.
 */
class StepLanguageTest {

    /** The bean language test's steps, and two of its own. */
    public static class Steps extends TypedStepBindingTest.Steps {
        final List<String> acted = new ArrayList<>();

        public void act(String company, int attempts) {
            acted.add(company + "#" + attempts);
        }

        public String which(String text) {
            return "text";
        }

        public String which(CallState state) {
            return "state";
        }
    }

    final DefaultCamelContext camel = new DefaultCamelContext();
    final Steps steps = new Steps();

    private static final String ROUTES = """
            - route:
                from:
                  uri: direct:next
                  steps:
                    - setProperty:
                        name: s
                        language:
                          language: step
                          expression: "steps.next(${exchangeProperty.s})"
            - route:
                from:
                  uri: direct:accessor
                  steps:
                    - setProperty:
                        name: out
                        language:
                          language: step
                          expression: "steps.company(${exchangeProperty.s.company()})"
                    - setProperty:
                        name: plain
                        language:
                          language: step
                          expression: "steps.company(${exchangeProperty.s.company})"
            - route:
                from:
                  uri: direct:null-safe
                  steps:
                    - setProperty:
                        name: out
                        language:
                          language: step
                          expression: "steps.company(${exchangeProperty.s?.company()})"
            - route:
                from:
                  uri: direct:caught
                  steps:
                    - doTry:
                        steps:
                          - throwException:
                              exceptionType: java.lang.IllegalStateException
                              message: down
                        doCatch:
                          - exception:
                              - java.lang.Exception
                            steps:
                              - setProperty:
                                  name: out
                                  language:
                                    language: step
                                    expression: "steps.failed(${exchangeProperty.s}, ${exception})"
            - route:
                from:
                  uri: direct:header
                  steps:
                    - setProperty:
                        name: out
                        language:
                          language: step
                          expression: "steps.header(${header.Retry-After}, ${header.CamelHttpResponseCode})"
            - route:
                from:
                  uri: direct:body
                  steps:
                    - setBody:
                        language:
                          language: step
                          expression: "steps.text(${body})"
            - route:
                from:
                  uri: direct:created
                  steps:
                    - setProperty:
                        name: out
                        language:
                          language: step
                          expression: "steps.created(${date:exchangeCreated})"
            - route:
                from:
                  uri: direct:throws
                  steps:
                    - setProperty:
                        name: s
                        language:
                          language: step
                          expression: "steps.refuse(${exchangeProperty.s})"
            - route:
                from:
                  uri: direct:script
                  steps:
                    - script:
                        language:
                          language: step
                          expression: "steps.act(${exchangeProperty.s.company()}, ${exchangeProperty.s.attempts()})"
            - route:
                from:
                  uri: direct:overloaded
                  steps:
                    - setProperty:
                        name: out
                        language:
                          language: step
                          expression: "steps.which(${exchangeProperty.s})"
            - route:
                from:
                  uri: direct:binding-alone
                  steps:
                    - setHeader:
                        name: company
                        language:
                          language: step
                          expression: "${exchangeProperty.s?.company()}"
                    - choice:
                        when:
                          - language:
                              language: step
                              expression: "${exchangeProperty.s.keyProbe()}"
                            steps:
                              - setProperty:
                                  name: out
                                  constant: probe
                        otherwise:
                          steps:
                            - setProperty:
                                name: out
                                constant: call
            """;

    @BeforeEach
    void start() throws Exception {
        camel.getRegistry().bind("steps", steps);
        camel.getRegistry().bind("step", new StepLanguage());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("steps.yaml", ROUTES));
        camel.start();
    }

    @AfterEach
    void close() throws java.io.IOException {
        camel.close();
    }

    Exchange send(String route, Object state) {
        Exchange exchange = new DefaultExchange(camel);
        if (state != null) {
            exchange.setProperty("s", state);
        }
        return camel.createProducerTemplate().send(route, exchange);
    }

    static CallState state() {
        return CallState.of(ApiCall.of("acme", "company.details"));
    }

    @Test
    void aPropertyBindsAsItsTypeAndTheReturnedValueIsSet() {
        assertEquals(1, send("direct:next", state()).getProperty("s", CallState.class).attempts());
    }

    @Test
    void anAbsentPropertyBindsAsNull() {
        Exchange done = send("direct:next", null);
        assertNull(done.getException());
        assertNull(done.getProperty("s"));
    }

    @Test
    void anAccessorIsReadWithOrWithoutParenthesesAndFailsTheStepWhenItsPropertyIsAbsent() {
        Exchange done = send("direct:accessor", state());
        assertEquals("acme", done.getProperty("out"));
        assertEquals("acme", done.getProperty("plain"));
        Exchange absent = send("direct:accessor", null);
        assertInstanceOf(IllegalStateException.class, absent.getException());
        assertTrue(absent.getException().getMessage().contains("No exchange property s"), absent.getException().getMessage());
    }

    @Test
    void aNullSafeAccessorOfAnAbsentPropertyBindsAsNull() {
        assertEquals("acme", send("direct:null-safe", state()).getProperty("out"));
        Exchange absent = send("direct:null-safe", null);
        assertNull(absent.getException());
        assertEquals("none", absent.getProperty("out"));
    }

    @Test
    void theCaughtExceptionBindsInADoCatch() {
        assertEquals("acme: down", send("direct:caught", state()).getProperty("out"));
    }

    @Test
    void aHyphenatedHeaderBindsAndATextHeaderConvertsToTheParametersType() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader("Retry-After", "120");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, "429");
        assertEquals("120/429", camel.createProducerTemplate().send("direct:header", exchange).getProperty("out"));
    }

    @Test
    void aStreamedBodyBindsAsTextAndSetBodyTakesTheResult() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(new java.io.ByteArrayInputStream("{\"success\": true}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"success\": true}", camel.createProducerTemplate().send("direct:body", exchange).getIn().getBody());
    }

    @Test
    void whenTheExchangeWasMadeBindsAsADate() {
        Exchange exchange = new DefaultExchange(camel);
        Exchange done = camel.createProducerTemplate().send("direct:created", exchange);
        assertEquals(exchange.getClock().getCreated(), done.getProperty("out"));
    }

    @Test
    void whatTheBeanThrowsFailsTheStepAsItself() {
        CallState state = state();
        Exchange done = send("direct:throws", state);
        assertInstanceOf(IllegalStateException.class, done.getException());
        assertEquals("refused", done.getException().getMessage());
        assertSame(state, done.getProperty("s"), "the property keeps its value");
    }

    @Test
    void aScriptStepActsAndLeavesTheBodyAlone() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("s", state().withAttempt().withAttempt());
        exchange.getIn().setBody("the body");
        Exchange done = camel.createProducerTemplate().send("direct:script", exchange);
        assertNull(done.getException());
        assertEquals(List.of("acme#2"), steps.acted);
        assertEquals("the body", done.getIn().getBody());
    }

    @Test
    void anOverloadedMethodIsChosenByTheValuesTypes() {
        assertEquals("state", send("direct:overloaded", state()).getProperty("out"));
        assertEquals("text", send("direct:overloaded", "a text").getProperty("out"));
    }

    @Test
    void aBindingAloneIsItsValueAsAHeaderAndAsAChoicesTest() {
        Exchange call = send("direct:binding-alone", state());
        assertEquals("acme", call.getIn().getHeader("company"));
        assertEquals("call", call.getProperty("out"));
        assertEquals("probe", send("direct:binding-alone", CallState.probeOf(ApiCall.of("acme", "company.details"))).getProperty("out"));
    }

    @Test
    void argumentsSplitAtTheCommasOutsideBindings() {
        assertEquals(List.of("${a}", "${b.c(1, 2)}", "${header.X}"), StepLanguage.split("${a}, ${b.c(1, 2)},${header.X}"));
        assertEquals(List.of(), StepLanguage.split(""));
    }
}
