package org.orrery.web.api.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.orrery.device.Device;
import org.orrery.device.DeviceType;
import org.orrery.security.Role;
import org.orrery.web.api.ApiContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The instruments ({@code /api/v1/devices}): every {@link Device} service that a driver bundle
 * registers, with its connection state and the values a user watches. Devices come and go with
 * their bundles and configurations; the list is always the registry's now.
 */
@Component(service = Servlet.class, property = {
        ApiContext.SELECT,
        "osgi.http.whiteboard.servlet.pattern=/devices",
        "osgi.http.whiteboard.servlet.pattern=/devices/*",
        "osgi.http.whiteboard.servlet.name=orrery-devices" })
public final class DevicesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The device services by service id, each got at the first request that shows it: binding
     * a device does not activate it (a simulator or driver nobody asked about does no work).
     */
    private final Map<Object, FirstUse<Device>> devices = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = Device.class)
    void addDevice(ComponentServiceObjects<Device> device, Map<String, Object> properties) {
        devices.put(properties.get(Constants.SERVICE_ID), new FirstUse<>(device::getService));
    }

    void removeDevice(ComponentServiceObjects<Device> device, Map<String, Object> properties) {
        devices.remove(properties.get(Constants.SERVICE_ID));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, () -> {
            require(request, Role.VIEWER);
            noBody(request);
            String info = request.getPathInfo();
            String rest = info == null ? "" : info.replaceAll("^/+|/+$", "");
            if (rest.isEmpty()) {
                json(response, 200, list(request.getParameter("type")));
            } else if (!rest.contains("/")) {
                Device device = find(rest);
                if (device == null) {
                    throw new Refusal(404, "Not Found", "no device has the id '" + rest + "'");
                }
                json(response, 200, describe(device));
            } else {
                throw new Refusal(404, "Not Found", "no such route: " + request.getRequestURI());
            }
        });
    }

    private ArrayNode list(String typeFilter) throws ApiJson.BadRequest {
        DeviceType type = null;
        if (typeFilter != null) {
            try {
                type = DeviceType.parse(typeFilter);
            } catch (IllegalArgumentException e) {
                throw new ApiJson.BadRequest("query parameter 'type': " + e.getMessage());
            }
        }
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        for (Device device : sorted()) {
            if (type == null || safeType(device) == type) {
                list.add(describe(device));
            }
        }
        return list;
    }

    private List<Device> sorted() {
        return current().sorted(Comparator.comparing(DevicesServlet::safeId)).toList();
    }

    private Stream<Device> current() {
        return devices.values().stream().map(FirstUse::get).filter(Objects::nonNull);
    }

    private Device find(String id) {
        return current().filter(d -> id.equals(safeId(d))).findFirst().orElse(null);
    }

    /** One device as JSON; a driver that throws while asked is shown in error with the reason, not a 500. */
    static ObjectNode describe(Device device) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("id", safeId(device));
        try {
            n.put("name", device.name());
            DeviceType type = device.type();
            n.put("type", type == null ? null : type.id());
            n.put("driver", device.driver());
            n.put("connection", device.connectionState() == null ? null : device.connectionState().id());
            n.put("status_message", device.statusMessage());
            n.put("resource", device.resourceName());
            n.set("values", values(device));
        } catch (RuntimeException e) {
            n.put("connection", "error");
            n.put("status_message", "the driver failed to report: "
                    + (e.getMessage() == null || e.getMessage().isBlank() ? "it gave no reason" : e.getMessage()));
        }
        return n;
    }

    /** The device's values as JSON; a value JSON cannot hold is shown as its text. */
    private static JsonNode values(Device device) {
        Map<String, Object> values = device.values() == null ? Map.of() : device.values();
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        values.forEach((key, value) -> {
            try {
                out.set(key, ApiJson.MAPPER.valueToTree(value));
            } catch (IllegalArgumentException notJson) {
                out.put(key, String.valueOf(value));
            }
        });
        return out;
    }

    private static String safeId(Device device) {
        try {
            return String.valueOf(device.id());
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static DeviceType safeType(Device device) {
        try {
            return device.type();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
