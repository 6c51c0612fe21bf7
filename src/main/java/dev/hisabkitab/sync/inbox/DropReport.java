package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.Json;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;


import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Plan;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The report of one dropped file ({@code <file>.report.csv}), one row per event or document, written as each outcome
 * arrives (a 100,000-row file's report is never held in memory). Each row is flushed, so a report shows how far a
 * file got while it runs.
 */
public final class DropReport implements Closeable {

    public static final String HEADER = "source,id,type,status,hisabkitab_id,number,error_category,error_message";
    /**
     * The columns a dry run's report adds (docs/dry-run.md): a {@code planned} row's request (method, path relative to
     * the base URL, the JSON body or the multipart fields as JSON), an invoice's totals, the calls booking makes
     * first (JSON) and the plan's notes.
     */
    public static final String PLAN_COLUMNS = "method,path,taxable_value,cgst,sgst,igst,cess,round_off,grand_total,"
            + "body,first_calls,notes";
    /** The row of a drop that held nothing at all (the readers always give at least one event; kept as a guard). */
    static final String NO_EVENTS_ROW = ",,,failed,,,invalid-event,The file holds no events";

    private final Writer out;
    private final boolean planned;
    private long rows;
    private long failed;
    /** A line could not be written (a full disk, its folder removed): the report is incomplete, its file failed. */
    private boolean broken;

    public DropReport(Writer out) {
        this(out, false);
    }

    /** @param planned a dry run's report: with the {@link #PLAN_COLUMNS} */
    public DropReport(Writer out, boolean planned) {
        this.out = out;
        this.planned = planned;
        write(planned ? HEADER + "," + PLAN_COLUMNS : HEADER);
    }

    public void add(String source, Outcome outcome) {
        write(planned ? row(source, outcome) + "," + planCells(outcome) : row(source, outcome));
        rows++;
        if (outcome.failed()) {
            failed++;
        }
    }

    /** A row for an event that ended without an outcome: failed, saying why. */
    public void addUnfinished(String source, String why) {
        String row = String.join(",", cell(source), "", "", "failed", "", "", "", cell(why));
        write(planned ? row + "," + planCells(null) : row);
        rows++;
        failed++;
    }

    public long rows() {
        return rows;
    }

    public long failedRows() {
        return failed;
    }

    /** A file is done when it held events, every one of them completed and every row could be written. */
    public boolean allSucceeded() {
        return rows > 0 && failed == 0 && !broken;
    }

    @Override
    public void close() throws IOException {
        if (rows == 0 && !broken) {
            write(NO_EVENTS_ROW);
        }
        out.close();
    }

    private void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw new UncheckedIOException(e);
        }
    }

    public static String row(String source, Outcome o) {
        String hisabkitabId = "";
        String number = "";
        String category = "";
        String message = "";
        if (o instanceof Reply reply && reply.result() != null) {
            hisabkitabId = reply.result().hisabkitabId() == null ? "" : reply.result().hisabkitabId().toString();
            number = reply.result().number() == null ? "" : reply.result().number();
        } else if (o instanceof DeadLetter letter) {
            category = letter.error().category().code();
            message = letter.error().message();
            if (!letter.error().details().isEmpty() && !message.contains(letter.error().details().get(0))) {
                message += " [" + String.join("; ", letter.error().details()) + "]";
            }
        }
        return String.join(",", cell(source), cell(o.id()), cell(o.type()), cell(o.status()), cell(hisabkitabId),
                cell(number), cell(category), cell(message));
    }

    /** The {@link #PLAN_COLUMNS} of a row: filled for a {@code planned} reply, empty for any other outcome. */
    static String planCells(Outcome o) {
        // null: a row without an outcome (addUnfinished)
        Plan plan = o instanceof Reply reply ? reply.plan() : null;
        if (plan == null) {
            return ",".repeat(PLAN_COLUMNS.split(",").length - 1);
        }
        Plan.Totals t = plan.totals();
        List<String> cells = new ArrayList<>(List.of(plan.method(), plan.path()));
        for (BigDecimal amount : t == null ? Arrays.<BigDecimal>asList(null, null, null, null, null, null, null)
                : Arrays.asList(t.taxableValue(), t.cgst(), t.sgst(), t.igst(), t.cess(), t.roundOff(), t.grandTotal())) {
            cells.add(amount == null ? "" : amount.toPlainString());
        }
        cells.add(plan.body() != null ? json(plan.body()) : plan.form() != null ? json(plan.form()) : "");
        cells.add(plan.first().isEmpty() ? "" : json(plan.first()));
        cells.add(String.join("; ", plan.notes()));
        return String.join(",", cells.stream().map(DropReport::cell).toList());
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A plan could not be written as JSON", e);
        }
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
