package org.socketlab.lab.grading;

/** Escapes text for the report's HTML, XML and JSON. */
final class Markup {

    private Markup() {}

    /** For HTML and XML text and attribute values. */
    static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** A JSON string, quotes included. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The page's head with the report's one style sheet. */
    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + xml(title)
                + "</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}"
                + ".PASS{background:#c8f0c8}.FAIL{background:#f6c0c0}.AHEAD{background:#c8dcf8}"
                + ".PARTIAL{background:#f8e8b0}.SKIPPED{background:#e4e4e4}.failed{background:#f6c0c0}"
                + "code{font-size:90%}</style></head><body>\n<h1>" + xml(title) + "</h1>\n";
    }
}
