package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

class ApiResponseTest {

    @Test
    void saleCreateAnswerGivesTheTransactionIdAndItsFullNumber() {
        // shape of examples/sale-create-item.response.json
        Reply.Result r = ApiResponse.read(200, "{\"data\":{\"sale_transaction\":{\"id\":3,\"full_invoice_number\":\"Bill-3\","
                + "\"invoice_number\":\"3\"},\"transaction_id\":3},\"success\":true,\"message\":\"Sale Transaction Created Successfully\"}");
        assertEquals(3L, r.hisabkitabId());
        assertEquals("Bill-3", r.number());
        assertEquals("Sale Transaction Created Successfully", r.message());
    }

    @Test
    void ledgerAnswerIsTheRecordItselfAndNextNumberIsTheNumber() {
        Reply.Result ledger = ApiResponse.read(200, "{\"data\":{\"id\":17,\"name\":\"A\"},\"success\":true,\"message\":\"Customers Created Successfully.\"}");
        assertEquals(17L, ledger.hisabkitabId());
        assertNull(ledger.number());
        Reply.Result next = ApiResponse.read(200, "{\"data\":\"12\",\"success\":true,\"message\":\"\"}");
        assertEquals("12", next.number());
        assertNull(next.hisabkitabId());
        Reply.Result list = ApiResponse.read(200, "{\"data\":[{\"id\":1}],\"success\":true,\"message\":\"ok\"}");
        assertNull(list.hisabkitabId());
        assertEquals(1, list.data().size());
    }

    @Test
    void successFalseIsRejectedWithTheServiceMessage() {
        EventFailure f = assertThrows(EventFailure.class,
                () -> ApiResponse.read(200, "{\"data\":null,\"success\":false,\"message\":\"Invoice number exists\"}"));
        assertEquals(ErrorCategory.REJECTED, f.category());
        assertEquals(200, f.httpStatus());
        assertTrue(f.getMessage().contains("Invoice number exists"));
        assertFalse(f.retryable());
    }

    @Test
    void validationErrorsBecomeDetails() {
        EventFailure f = assertThrows(EventFailure.class, () -> ApiResponse.read(422,
                "{\"data\":{\"errors\":{\"date\":[\"The date must be DD-MM-YYYY.\"],\"customer_ledger_id\":[\"unknown\"]}},"
                        + "\"success\":false,\"message\":\"The given data was invalid.\"}"));
        assertEquals(ErrorCategory.REJECTED, f.category());
        assertEquals(List.of("date: The date must be DD-MM-YYYY.", "customer_ledger_id: unknown"), f.details());
        assertEquals("The given data was invalid.", f.response().get("message").asText());
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 429, 500, 502, 503, 504 })
    void overloadAndServerErrorsAreUnavailableAndRetryable(int status) {
        EventFailure f = assertThrows(EventFailure.class, () -> ApiResponse.read(status, "<html>busy</html>"));
        assertEquals(ErrorCategory.UNAVAILABLE, f.category());
        assertTrue(f.retryable());
        assertTrue(RetryPolicy.isRetryable(f));
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 404, 405, 409, 422 })
    void otherClientErrorsAreRejectedAndNotRetried(int status) {
        EventFailure f = assertThrows(EventFailure.class, () -> ApiResponse.read(status, ""));
        assertEquals(ErrorCategory.REJECTED, f.category());
        assertFalse(RetryPolicy.isRetryable(f));
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void aRefusedKeyIsAnAuthenticationFailureNotRetried(int status) {
        EventFailure f = assertThrows(EventFailure.class,
                () -> ApiResponse.read(status, "{\"data\":null,\"success\":false,\"message\":\"Unauthenticated.\"}"));
        assertEquals(ErrorCategory.AUTHENTICATION, f.category());
        assertFalse(f.category().deadLetterCategory());
        assertEquals(status, f.httpStatus());
        assertFalse(RetryPolicy.isRetryable(f));
        assertTrue(f.getMessage().contains("refused the API key"), f.getMessage());
    }

    @Test
    void anUnavailableAnswerCarriesTheWaitHisabKitabAskedFor() {
        EventFailure f = assertThrows(EventFailure.class, () -> ApiResponse.read(429, "", java.time.Duration.ofSeconds(2)));
        assertEquals(java.time.Duration.ofSeconds(2), f.retryAfter());
        assertNull(assertThrows(EventFailure.class, () -> ApiResponse.read(503, "")).retryAfter());
    }

    @Test
    void connectionErrorsAreRetryableOtherErrorsNot() {
        assertTrue(RetryPolicy.isRetryable(new RuntimeException(new SocketTimeoutException("read timed out"))));
        assertTrue(RetryPolicy.isRetryable(new IOException("Connection reset")));
        assertFalse(RetryPolicy.isRetryable(new IllegalStateException("bug")));
        assertFalse(RetryPolicy.isRetryable(EventFailure.invalidEvent("x")));
    }

    @Test
    void aSuccessStatusWithoutTheEnvelopeIsRejectedNotGuessed() {
        EventFailure f = assertThrows(EventFailure.class, () -> ApiResponse.read(200, "OK"));
        assertEquals(ErrorCategory.REJECTED, f.category());
        assertTrue(f.getMessage().contains("envelope"));
    }
}
