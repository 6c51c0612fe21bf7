package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

class EmailAddressTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "accounts@traders.example", // a top-level domain no list knows: refused before, and the party was lost
            "info@बैंक.भारत", // internationalised domain name
            "दीपक@उदाहरण.भारत", // non-ASCII local part (RFC 6532)
            "a.b+tag@sub.example.co.in",
            "accounts@sharmatraders.in",
            "o'brien@example.ie",
            "billing_team-2@mail.example.com",
            "a@localhost", // RFC 5322 asks for no dot in the domain
            "\"a b\"@example.in", // a quoted local part may hold a space
            "\"a@b\"@example.in",
            "user@[192.0.2.1]",
            "  accounts@example.in  ", // spaces around the address are folding white space, trimmed by the mapper
            "ज्ञान\u200D@उदाहरण.भारत" // the zero-width joiner some Indian conjuncts need
    })
    void anAddressOfAnyDomainIsTaken(String address) {
        assertTrue(EmailAddress.isValid(address), address);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "no-at-sign",
            "a@",
            "@b.in",
            "a b@c.in",
            "a..b@c.in",
            ".a@c.in",
            "a.@c.in",
            "a@c..in",
            "a@.c.in",
            "a@c.in.",
            "a@b@c.in",
            "a@b c.in",
            "a(b)@c.in", // comments are not taken
            "a,b@c.in",
            "a<b>@c.in",
            "\"\"@example.in",
            "\"unclosed@example.in",
            "\"a\"b@example.in",
            "a\u00A0b@c.in", // a no-break space is a space
            "a\u0000@c.in",
            "a@c.in\nBcc: x@y.in",
            "a@[1.2.3.4",
            ""
    })
    void whatIsNoAddressIsRefused(String text) {
        assertFalse(EmailAddress.isValid(text), text);
    }

    @Test
    void theEventSchemasUseItForEveryEmailField() {
        EventSchemas schemas = new EventSchemas();
        ObjectNode party = Json.mapper().createObjectNode()
                .put("role", "customer").put("name", "Traders Example").put("email", "accounts@traders.example");
        party.putObject("billingAddress").put("line1", "1, Main Road").put("city", "Pune").put("state", "Maharashtra")
                .put("pincode", "411001");
        assertEquals(List.of(), schemas.validate("party.upsert", party));
        party.put("email", "info@बैंक.भारत");
        assertEquals(List.of(), schemas.validate("party.upsert", party));
        party.put("email", "a b@c.in");
        assertEquals(List.of("payload.email: must be an e-mail address such as accounts@example.in (at most 254 characters):"
                + " a name, @ and a domain, without spaces and without two dots in a row"), schemas.validate("party.upsert", party));
    }
}
