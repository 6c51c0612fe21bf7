package dev.hisabkitab.sync.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A fresh company's master data (sandbox-seed.yaml): places, GST and cess rates, units, groups, a first ledger. */
final class SandboxSeed {

    private static final Instant SEEDED_AT = Instant.parse("2023-02-10T04:22:56Z");

    private final SandboxApi api;
    /** sandbox-seed.yaml */
    private final JsonNode seed;

    SandboxSeed(SandboxApi api, JsonNode seed) {
        this.api = api;
        this.seed = seed;
    }

    /** Fills a fresh company with the master data of sandbox-seed.yaml. */
    void seed(SandboxCompany c) {
        c.clear();
        JsonNode profiles = seed.get("companies");
        JsonNode profile = profiles.get((c.number() - 1) % profiles.size());
        for (JsonNode country : seed.get("countries")) {
            seedRecord(c, "country", country, null);
        }
        Map<Long, JsonNode> states = new LinkedHashMap<>();
        for (JsonNode state : seed.get("states")) {
            ObjectNode s = state.deepCopy();
            s.put("country_id", 101);
            s.put("state_code", s.get("gst_state_code").asText());
            seedRecord(c, "state", s, null);
            states.put(s.get("id").asLong(), s);
        }
        for (JsonNode city : seed.get("cities")) {
            ObjectNode s = city.deepCopy();
            s.put("country_id", 101);
            seedRecord(c, "city", s, null);
        }
        ObjectNode details = Json.object();
        details.put("id", 5L + c.number());
        details.setAll((ObjectNode) profile.deepCopy());
        JsonNode state = states.get(profile.get("state_id").asLong());
        details.put("state_name", state.get("name").asText());
        details.put("gst_state_code", state.get("gst_state_code").asText());
        details.put("country_id", 101);
        details.put("country_name", "India");
        StoredRecord city = c.collection("city").get(profile.get("city_id").asLong());
        details.put("city_name", city == null ? null : city.view.get("name").asText());
        LocalDate today = LocalDate.now(Dates.IST);
        int fyStart = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        details.put("financial_year_start_date", Dates.format(LocalDate.of(fyStart, 4, 1)));
        details.put("financial_year_end_date", Dates.format(LocalDate.of(fyStart + 1, 3, 31)));
        details.put("books_beginning_from", Dates.format(LocalDate.of(fyStart, 4, 1)));
        details.put("currency", "INR");
        c.details = details;
        for (JsonNode rate : seed.get("gstRates")) {
            seedRecord(c, "gst-rate", rate, Json.object().putNull("company_id"));
        }
        for (JsonNode rate : seed.get("cessRates")) {
            seedRecord(c, "cess-rate", rate, Json.object().putNull("company_id"));
        }
        for (JsonNode unit : seed.get("units")) {
            ObjectNode u = unit.deepCopy();
            u.put("full_name", u.get("code").asText() + "-" + u.get("name").asText());
            u.put("is_default", true);
            u.putNull("for_gst_use_name");
            u.putNull("company_id");
            seedRecord(c, "unit", u, null);
        }
        for (JsonNode group : seed.get("ledgerGroups")) {
            ObjectNode g = group.deepCopy();
            g.put("is_default", true);
            seedRecord(c, "ledger-group", g, Json.object().put("company_id", c.companyId()));
        }
        for (JsonNode group : seed.get("itemGroups")) {
            seedRecord(c, "item-group", group, Json.object().put("company_id", c.companyId()));
        }
        long classificationId = 0;
        for (JsonNode family : seed.get("classificationNatureTypes")) {
            for (JsonNode name : family.get("names")) {
                ObjectNode n = Json.object();
                n.put("id", ++classificationId);
                n.put("name", name.asText());
                n.put("type", family.get("type").asText());
                seedRecord(c, "classification-nature-type", n, null);
            }
        }
        for (JsonNode ledger : seed.get("ledgers")) {
            api.createRecord(c, "ledger.create-customer", ledger);
        }
    }

    private static void seedRecord(SandboxCompany c, String collection, JsonNode data, ObjectNode extra) {
        long id = data.get("id").asLong();
        StoredRecord r = new StoredRecord(id, SEEDED_AT);
        ObjectNode view = data.deepCopy();
        if (extra != null) {
            view.setAll(extra);
        }
        view.put("created_at", Dates.timestamp(SEEDED_AT));
        view.put("updated_at", Dates.timestamp(SEEDED_AT));
        r.body = view;
        r.view = view;
        c.store(collection, r);
        c.reserve(collection, id);
    }
}
