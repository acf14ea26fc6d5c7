package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void jsonWithOrWithoutUtf8IsJson() {
        assertTrue(RequestBody.isJson("application/json"));
        assertTrue(RequestBody.isJson("Application/JSON"));
        assertTrue(RequestBody.isJson("application/json; charset=utf-8"));
        assertTrue(RequestBody.isJson("application/json;charset=UTF-8"));
        assertTrue(RequestBody.isJson("application/json; charset=\"utf-8\""));
    }

    @Test
    void formsTextLookAlikesAndOtherCharsetsAreNot() {
        assertFalse(RequestBody.isJson("application/x-www-form-urlencoded"));
        assertFalse(RequestBody.isJson("multipart/form-data; boundary=x"));
        assertFalse(RequestBody.isJson("text/plain"));
        assertFalse(RequestBody.isJson("text/plain; charset=utf-8"));
        assertFalse(RequestBody.isJson("application/jsonx"));
        assertFalse(RequestBody.isJson("application/json-patch+json"));
        assertFalse(RequestBody.isJson("application/json; charset=iso-8859-1"));
        assertFalse(RequestBody.isJson("application/json; charset=utf-7"));
        assertFalse(RequestBody.isJson("application/json; boundary=x"));
        assertFalse(RequestBody.isJson(""));
    }
}
