# chart.awk — draws a benchmark JSON result (bench/tojson.awk's one-object-per-line layout) as an
# SVG chart: one panel per plugin configuration (none, insn-inline, insn-cb, bb-inline, mem-cb),
# in each a pair of bars per workload (qemu-riscv64 and plume side by side) giving the slowdown
# versus native on a shared logarithmic axis, plus the geometric mean. Missing or failed cells are
# labelled instead of drawn. Reads only; prints the SVG on stdout. Needs get() from bench/json.awk
# (`awk -f bench/json.awk -f bench/chart.awk`).

function log10(x) { return log(x) / log(10) }

function ypos(v) { return top + ph - (log10(v) - lmin) / (lmax - lmin) * (ph - 28) }

function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); return s }

/^  "(date|scale|runs|qemu)": / {
    k = $1; gsub(/[":]/, "", k)
    meta[k] = get($0, k)
}
/^  "results": \[/ { section = "results"; next }
/^  "summary": \[/ { section = "summary"; next }
/^  \]/ { section = ""; next }
section == "results" && /"config"/ {
    w = get($0, "workload"); c = get($0, "config")
    if (c == "native") {
        if (!(w in wseen)) { wseen[w] = 1; wl[++nw] = w }
        next
    }
    val[w, c] = get($0, "vs_native")
    st[w, c] = get($0, "status")
}
section == "summary" && /"config"/ {
    c = get($0, "config")
    val["geomean", c] = get($0, "geomean_vs_native")
    st["geomean", c] = val["geomean", c] == "" ? "n/a" : "ok"
}

END {
    wl[++nw] = "geomean"
    np = split("none insn-inline insn-cb bb-inline mem-cb", plugs, " ")
    vmin = 1; vmax = 10
    for (k in val)
        if (val[k] != "") {
            if (val[k] + 0 < vmin) vmin = val[k] + 0
            if (val[k] + 0 > vmax) vmax = val[k] + 0
        }
    lmin = int(log10(vmin) + 100) - 100
    lmax = log10(vmax); lmax = (lmax == int(lmax)) ? lmax : int(lmax) + 1
    bw = 17; gap = 22; gw = 2 * bw + gap
    left = 60; ph = 190; panel_h = ph + 70; head = 70
    width = left + nw * gw + 30
    if (width < 800)
        width = 800
    height = head + np * panel_h + 10
    col["qemu"] = "#4e79a7"; col["plume"] = "#f28e2b"

    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " \
           "font-family=\"sans-serif\" font-size=\"11\">\n", width, height
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Slowdown versus native " \
           "(median time / native median, log scale; lower is better)</text>\n", left
    printf "<text x=\"%d\" y=\"40\">%s, scale %s, %s run(s) per configuration; %s</text>\n",
        left, esc(meta["date"]), meta["scale"], meta["runs"], esc(meta["qemu"])
    lx = left
    for (e = 1; e <= 2; e++) {
        name = e == 1 ? "qemu" : "plume"
        printf "<rect x=\"%d\" y=\"50\" width=\"12\" height=\"12\" fill=\"%s\"/>" \
               "<text x=\"%d\" y=\"60\">%s</text>\n", lx, col[name], lx + 16,
               e == 1 ? "qemu-riscv64" : "plume"
        lx += 110
    }
    for (p = 1; p <= np; p++) {
        top = head + (p - 1) * panel_h + 24
        printf "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">plugin: %s</text>\n",
            left, top - 8, plugs[p]
        for (d = lmin; d <= lmax; d++)
            for (t = 1; t <= 5; t += (t == 1 ? 1 : 3)) {
                v = t * 10 ^ d
                if (log10(v) > lmax + 1e-9)
                    continue
                y = ypos(v)
                printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                    left, width - 20, y, y, t == 1 ? "#bbb" : "#eee"
                printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%gx</text>\n",
                    left - 5, y + 4, v
            }
        for (i = 1; i <= nw; i++) {
            x0 = left + (i - 1) * gw + gap / 2
            for (e = 1; e <= 2; e++) {
                name = e == 1 ? "qemu" : "plume"
                c = name (plugs[p] == "none" ? "" : "+" plugs[p])
                x = x0 + (e - 1) * bw
                v = val[wl[i], c]
                if (v == "") {
                    s = st[wl[i], c]
                    printf "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"%s\" " \
                           "transform=\"rotate(-90 %.1f %.1f)\">%s</text>\n",
                        x + 11, top + ph - 3, s ~ /^fail/ ? "#c00" : "#888", x + 11, top + ph - 3,
                        s ~ /^fail/ ? "FAIL" : "n/a"
                    continue
                }
                v += 0
                y = ypos(v < 10 ^ lmin ? 10 ^ lmin : v)
                printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">" \
                       "<title>%s %s: %.2fx</title></rect>\n",
                    x, y, bw - 1, top + ph - y, col[name], wl[i], c, v
                printf "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" " \
                       "transform=\"rotate(-90 %.1f %.1f)\">%s</text>\n",
                    x + 11, y - 3, x + 11, y - 3, v < 10 ? sprintf("%.1f", v) : sprintf("%.0f", v)
            }
            printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\"%s>" \
                   "%s</text>\n",
                x0 + bw, top + ph + 14, wl[i] == "geomean" ? " font-weight=\"bold\"" : "", wl[i]
        }
        printf "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
            left, width - 20, top + ph, top + ph
    }
    printf "</svg>\n"
}
