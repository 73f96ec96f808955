# json.awk — the JSON accessor shared by bench/table.awk and bench/chart.awk, which read the
# one-object-per-line result that bench/tojson.awk writes. Load it first:
# `awk -f bench/json.awk -f bench/table.awk ...`. Functions only; no state.

# Value of "key" in a JSON object line: a string's contents (escapes undone), a number, or "" for
# null/absent.
function get(line, key,    s, i, v) {
    i = index(line, "\"" key "\": ")
    if (!i)
        return ""
    s = substr(line, i + length(key) + 4)
    if (substr(s, 1, 1) == "\"") {
        v = ""
        for (i = 2; i <= length(s); i++) {
            if (substr(s, i, 1) == "\\") { v = v substr(s, i + 1, 1); i++; continue }
            if (substr(s, i, 1) == "\"") break
            v = v substr(s, i, 1)
        }
        return v
    }
    match(s, /^[-0-9.eE+]+/)
    return RSTART ? substr(s, 1, RLENGTH) : ""
}
