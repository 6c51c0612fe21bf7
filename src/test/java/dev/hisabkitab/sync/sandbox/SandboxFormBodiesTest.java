package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** PHP's reading of form field names, as Laravel gets them. */
class SandboxFormBodiesTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void bracketedKeysNestLikeJson() throws Exception {
        JsonNode parsed = FormBodies.urlEncoded("ledger_id%5B%5D=2702&ledger_id[]=25718&debit_ledger_id[2702][]=1&debit_ledger_id[2702][]=2"
                + "&a[b][c]=x&items[0][item_id]=5&items[1][item_id]=6&plain=v&plain=w&first.name=n");
        assertEquals(json("{'ledger_id':['2702','25718'],'debit_ledger_id':{'2702':['1','2']},'a':{'b':{'c':'x'}},"
                + "'items':[{'item_id':'5'},{'item_id':'6'}],'plain':'w','first_name':'n'}"), parsed);
    }

    @Test
    void nonSequentialIndexesStayAnObject() throws Exception {
        assertEquals(json("{'x':{'1':'a','0':'b'}}"), FormBodies.urlEncoded("x[1]=a&x[0]=b"));
    }

    @Test
    void multipartFieldsAndFiles() throws Exception {
        String b = "XyZ";
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"amount[]\"\r\n\r\n1500\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"amount[]\"\r\n\r\n1500\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"narration\"\r\n\r\nline one\r\nline two\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"upload_journal_invoice\"; filename=\"bill.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n"
                + "--XyZ--\r\n";
        JsonNode parsed = FormBodies.multipart(body.getBytes(StandardCharsets.UTF_8), b);
        assertEquals(json("['1500','1500']"), parsed.get("amount"));
        assertEquals("line one\r\nline two", parsed.get("narration").asText());
        assertTrue(FormBodies.isUpload(parsed.get("upload_journal_invoice")));
        assertEquals("bill.pdf", parsed.get("upload_journal_invoice").get("file_name").asText());
        assertEquals(4, parsed.get("upload_journal_invoice").get("size").asInt());
        assertTrue(!parsed.has("empty"), "an empty file part is no file, as PHP reports UPLOAD_ERR_NO_FILE");
    }

    @Test
    void flattenIsTheReverse() throws Exception {
        JsonNode body = json("{'a':{'b':[1,2]},'rows':[{'x':1,'y':null}],'s':'t','none':[]}");
        String form = FormBodies.flatten(body).toString();
        assertEquals("{a[b][]=[1, 2], rows[0][x]=[1], rows[0][y]=[], s=[t]}", form);
    }
}
