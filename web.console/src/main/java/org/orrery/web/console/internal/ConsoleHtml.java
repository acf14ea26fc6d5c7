package org.orrery.web.console.internal;

import java.io.PrintWriter;

import org.owasp.encoder.Encode;

/**
 * Text for the Web Console's HTML pages. Everything a plugin writes as {@code text/html} passes
 * through the console's resource filter, which replaces {@code ${…}} with a translation or a
 * request variable (and holds back everything after an unclosed {@code ${}); so besides what
 * HTML needs escaped, {@code $} is written as a character reference: a value is shown as the
 * characters it has.
 */
final class ConsoleHtml {

    private ConsoleHtml() {
    }

    /** The value as HTML text (element content or a quoted attribute value); null as empty. */
    static String text(Object value) {
        return value == null ? "" : Encode.forHtml(String.valueOf(value)).replace("$", "&#36;");
    }

    /** A table row of cells, each escaped. */
    static void row(PrintWriter out, Object... cells) {
        out.print("<tr>");
        for (Object cell : cells) {
            out.print("<td>" + text(cell) + "</td>");
        }
        out.println("</tr>");
    }

    /** The opening of a list table with these column heads (the console sorts it by clicking a head). */
    static void listTable(PrintWriter out, String... heads) {
        out.print("<table class=\"tablesorter nicetable\"><thead><tr>");
        for (String head : heads) {
            out.print("<th>" + text(head) + "</th>");
        }
        out.println("</tr></thead><tbody>");
    }

    /** The opening of a two-column (name, value) table with a caption row. */
    static void keyValueTable(PrintWriter out, String caption) {
        out.println("<table class=\"nicetable\"><thead><tr><th colspan=\"2\">" + text(caption) + "</th></tr></thead><tbody>");
    }

    static void endTable(PrintWriter out) {
        out.println("</tbody></table>");
    }

    /** A section's title bar above a list table, as the console's own lists have one. */
    static void heading(PrintWriter out, String title) {
        out.println("<div class=\"ui-widget-header ui-corner-top buttonGroup\"><span>" + text(title) + "</span></div>");
    }

    /** A paragraph of text. */
    static void paragraph(PrintWriter out, String text) {
        out.println("<p>" + text(text) + "</p>");
    }
}
