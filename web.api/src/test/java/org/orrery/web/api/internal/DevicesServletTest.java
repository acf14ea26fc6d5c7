package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.device.Device;
import org.orrery.device.DeviceType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A device that reports badly is shown with the reason in words, never Java or Jackson class names. */
class DevicesServletTest {

    static Device device(Map<String, Object> values, RuntimeException nameFails) {
        return (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] { Device.class },
                (proxy, m, args) -> switch (m.getName()) {
                    case "id" -> "cam";
                    case "name" -> {
                        if (nameFails != null) {
                            throw nameFails;
                        }
                        yield "Camera";
                    }
                    case "type" -> DeviceType.CAMERA;
                    case "values" -> values;
                    case "resourceName" -> "device:cam";
                    default -> null;
                });
    }

    @Test
    void aDriverThatThrowsIsShownWithItsReasonOnly() {
        ObjectNode n = DevicesServlet.describe(device(Map.of(), new IllegalStateException("serial port closed")));
        assertEquals("error", n.get("connection").asText());
        assertEquals("the driver failed to report: serial port closed", n.get("status_message").asText());
    }

    @Test
    void aValueJsonCannotHoldIsShownAsText() {
        Object opaque = new Object() {
            @Override
            public String toString() {
                return "opaque";
            }
        };
        ObjectNode n = DevicesServlet.describe(device(Map.of("temperature", -10.5, "handle", opaque), null));
        assertEquals("opaque", n.get("values").get("handle").asText(), n.toString());
        assertEquals(-10.5, n.get("values").get("temperature").asDouble());
        assertFalse(n.toString().contains("jackson") || n.toString().contains("Exception"), n.toString());
    }
}
