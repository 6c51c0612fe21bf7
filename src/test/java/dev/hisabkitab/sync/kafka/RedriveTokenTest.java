package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Who may re-drive: the configured bearer token only; without one re-drive is off. DeadLetterRedriveTest does it over HTTP. */
class RedriveTokenTest {

    static final String TOKEN = "7f3c9a1e5b2d4f60-redrive";
    final RedriveToken auth = new RedriveToken(Optional.of(TOKEN));

    @Test
    void theRightBearerTokenIsAllowedInAnyCaseOfTheScheme() {
        assertTrue(auth.check("Bearer " + TOKEN).allowed());
        assertTrue(auth.check("bearer " + TOKEN).allowed());
        assertTrue(auth.check("  Bearer   " + TOKEN + " ").allowed());
    }

    @Test
    void noWrongOrOtherCredentialsAre401WithoutTheToken() {
        for (String header : new String[] { null, "", "Bearer", "Bearer ", "Bearer " + TOKEN + "x",
                "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, TOKEN }) {
            RedriveToken.Verdict verdict = auth.check(header);
            assertEquals(401, verdict.status(), String.valueOf(header));
            assertFalse(verdict.reason().contains(TOKEN), verdict.reason());
        }
    }

    @Test
    void withoutAConfiguredTokenReDriveIsOff() {
        for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            RedriveToken off = new RedriveToken(none);
            assertFalse(off.configured());
            // nothing a caller sends opens it: not even an empty bearer token matching an empty setting
            assertEquals(503, off.check("Bearer ").status());
            assertEquals(503, off.check("Bearer " + TOKEN).status());
            assertTrue(off.check(null).reason().contains("HISABKITAB_REDRIVE_TOKEN"));
        }
    }

    @Test
    void aShortTokenIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RedriveToken(Optional.of("short-secret")));
        assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
        assertFalse(auth.toString().contains(TOKEN));
    }
}
