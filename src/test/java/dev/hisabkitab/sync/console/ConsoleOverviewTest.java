package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConsoleOverviewTest {

    @Test
    void aCompanysKeyIsFoundByTheSettingOrByTheVariableKubernetesGives() {
        assertEquals(List.of("acme"), ConsoleOverview.companyNamesOf("hisabkitab.companies.acme.api-key"));
        assertEquals(List.of("acme"), ConsoleOverview.companyNamesOf("HISABKITAB_COMPANIES_ACME_API_KEY"));
        assertEquals(List.of("acme_retail", "acme-retail"),
                ConsoleOverview.companyNamesOf("HISABKITAB_COMPANIES_ACME_RETAIL_API_KEY"));
        assertEquals(List.of(), ConsoleOverview.companyNamesOf("hisabkitab.api-key"));
        assertEquals(List.of(), ConsoleOverview.companyNamesOf("HISABKITAB_COMPANIES_ACME_BASE_URL"));
    }
}
