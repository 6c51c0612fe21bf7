package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The provider's groups to the console's roles, and the settings single sign-on cannot start without. */
class ConsoleOidcRolesTest {

    static final Set<String> OPERATORS = Set.of("hisabkitab-operators", "/finance/leads");
    static final Set<String> VIEWERS = Set.of("finance");

    @Test
    void anOperatorGroupMakesAnOperatorWhoAlsoSees() {
        assertEquals(Set.of("operator", "viewer"),
                ConsoleOidc.consoleRoles(Set.of("staff", "/finance/leads"), OPERATORS, VIEWERS));
        assertEquals(Set.of("operator", "viewer"),
                ConsoleOidc.consoleRoles(Set.of("finance", "hisabkitab-operators"), OPERATORS, VIEWERS),
                "both kinds of group: the larger role");
    }

    @Test
    void aViewerGroupOnlySees() {
        assertEquals(Set.of("viewer"), ConsoleOidc.consoleRoles(Set.of("finance", "staff"), OPERATORS, VIEWERS));
    }

    @Test
    void noListedGroupNoRoleEvenWhenTheProvidersGroupIsCalledLikeARole() {
        assertEquals(Set.of(), ConsoleOidc.consoleRoles(Set.of("operator", "viewer", "Finance"), OPERATORS, VIEWERS));
        assertEquals(Set.of(), ConsoleOidc.consoleRoles(Set.of(), OPERATORS, VIEWERS));
        assertEquals(Set.of(), ConsoleOidc.consoleRoles(Set.of("finance"), Set.of(), Set.of()), "nothing configured");
    }

    @Test
    void theMissingSettingsAreNamedByTheirVariables() {
        assertEquals(List.of("HISABKITAB_CONSOLE_OIDC_ISSUER", "HISABKITAB_CONSOLE_OIDC_CLIENT_SECRET"),
                ConsoleOidc.missingSettings(Optional.of(" "), Optional.of("hisabkitab-console"), Optional.empty()));
        assertEquals(List.of(), ConsoleOidc.missingSettings(Optional.of("https://idp.example/realms/finance"),
                Optional.of("hisabkitab-console"), Optional.of("s3cret")));
    }
}
