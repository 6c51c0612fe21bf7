package dev.hisabkitab.sync.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class MappingSupportTest {

    @Test
    void amountsAreWrittenToThePaisa() {
        assertEquals("15000.00", MappingSupport.amount(new BigDecimal("15000")).toString());
        assertEquals("2500.75", MappingSupport.amount(new BigDecimal("2500.75")).toString());
        assertEquals("0.13", MappingSupport.amount(new BigDecimal("0.125")).toString(), "HALF_UP");
        assertEquals("0.00", MappingSupport.amount(BigDecimal.ZERO).toString());
    }

    @Test
    void pricesKeepTheirFinerDecimals() {
        assertEquals("12.50", MappingSupport.price(new BigDecimal("12.5")).toString());
        assertEquals("0.125", MappingSupport.price(new BigDecimal("0.125")).toString());
        assertEquals("750.00", MappingSupport.price(new BigDecimal("7.5E+2")).toString());
        assertEquals(3, MappingSupport.priceScale(new BigDecimal("0.1250")));
    }

    @Test
    void messagesGroupRupeesTheIndianWay() {
        assertEquals("0.00", MappingSupport.rupees(BigDecimal.ZERO));
        assertEquals("999.50", MappingSupport.rupees(new BigDecimal("999.5")));
        assertEquals("1,500.00", MappingSupport.rupees(new BigDecimal("1500")));
        assertEquals("85,000.00", MappingSupport.rupees(new BigDecimal("85000")));
        assertEquals("1,00,000.00", MappingSupport.rupees(new BigDecimal("100000")));
        assertEquals("12,50,000.50", MappingSupport.rupees(new BigDecimal("1250000.5")));
        assertEquals("9,99,99,99,99,999.99", MappingSupport.rupees(new BigDecimal("999999999999.99")));
        assertEquals("-1,400.00", MappingSupport.rupees(new BigDecimal("-1400")));
    }

    @Test
    void datesAreSentDayFirst() {
        assertEquals("25-02-2025", MappingSupport.apiDate("2025-02-25"));
        assertEquals("01-04-2024", MappingSupport.apiDate(LocalDate.of(2024, 4, 1)));
    }

    @Test
    void blankTextIsAbsent() {
        var node = MapperAssertions.json("{\"a\": \"  x \", \"b\": \"  \", \"c\": null, \"d\": {}, \"n\": 1.50}");
        assertEquals("x", MappingSupport.text(node, "a"));
        assertNull(MappingSupport.text(node, "b"));
        assertNull(MappingSupport.text(node, "c"));
        assertNull(MappingSupport.text(node, "d"));
        assertNull(MappingSupport.text(node, "missing"));
        assertEquals(new BigDecimal("1.50"), MappingSupport.decimal(node, "n"));
        assertNull(MappingSupport.decimal(node, "a"));
    }
}
