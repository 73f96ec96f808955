# tojson.awk — turns bench/run.sh's raw measurements into the benchmark's JSON result.
#
# Input (tab-separated, one line per workload x configuration, in run order):
#   workload  config  status  times (µs, comma-separated)  plugin result line
# status is "ok", "n/a: why" or "fail: why"; config is "native", "<emulator>" or
# "<emulator>+<plugin>". Metadata arrives in -v variables (date, host, cpu, ncpu, quick, size,
# runs, qemu, plume, failures).
# Output: JSON with exactly one workload / result / summary object per line — bench/table.awk,
# bench/chart.awk and bench/update-doc.sh read it line by line and rely on that layout.
# Ratios: vs_native = median / native median; vs_base = median / the same emulator's median
# without a plugin; plume_vs_qemu = plume (or plume-interp) median / qemu median with the same
# plugin.
# MIPS = guest instructions / median: the count of the inline counting plugin (qemu's, else
# plume's), replaced by the same emulator's exact callback count when it is larger (racing threads
# make the shared v1 inline counter lose updates).
# Geometric means in the summary cover the workloads where every operand was measured.

function jstr(s) {
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    gsub(/\t/, " ", s)
    return "\"" s "\""
}

function jnum(x, fmt) {
    return x == "" ? "null" : sprintf(fmt, x)
}

# Median, minimum and maximum of the comma-separated µs list t, in seconds.
function stats(t, key,    n, v, i, j, tmp) {
    n = split(t, v, ",")
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
            tmp = v[j]; v[j] = v[j - 1]; v[j - 1] = tmp
        }
    med[key] = (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) / 1e6
    lo[key] = v[1] / 1e6
    hi[key] = v[n] / 1e6
    list[key] = ""
    for (i = 1; i <= n; i++)
        list[key] = list[key] (i > 1 ? ", " : "") sprintf("%.6f", v[i] / 1e6)
}

# Instruction count in a plugin result line ("insns N" or "blocks B insns N"), or "".
function insns_of(line) {
    if (match(line, /insns [0-9]+/))
        return substr(line, RSTART + 6, RLENGTH - 6) + 0
    return ""
}

{
    w = $1; c = $2
    if (!(w in wseen)) { wseen[w] = 1; wl[++nw] = w }
    if (!(c in cseen)) { cseen[c] = 1; cl[++nc] = c }
    st[w, c] = $3
    pl[w, c] = $5
    if ($3 == "ok" && $4 != "")
        stats($4, w SUBSEP c)
}

END {
    srcs = "qemu+insn-inline plume+insn-inline qemu+insn-cb plume+insn-cb"
    ns = split(srcs, src, " ")
    printf "{\n"
    printf "  \"schema\": \"plume-bench/1\",\n"
    printf "  \"date\": %s,\n", jstr(date)
    printf "  \"host\": %s,\n", jstr(host)
    printf "  \"cpu\": %s,\n", jstr(cpu)
    printf "  \"ncpu\": %d,\n", ncpu
    printf "  \"quick\": %s,\n", quick
    printf "  \"scale\": %s,\n", size + 0
    printf "  \"runs\": %d,\n", runs
    printf "  \"qemu\": %s,\n", jstr(qemu)
    printf "  \"plume\": %s,\n", jstr(plume)
    printf "  \"failures\": %d,\n", failures
    printf "  \"configs\": ["
    for (i = 1; i <= nc; i++)
        printf "%s%s", (i > 1 ? ", " : ""), jstr(cl[i])
    printf "],\n"

    printf "  \"workloads\": [\n"
    for (i = 1; i <= nw; i++) {
        w = wl[i]
        ins[w] = ""; isrc = ""; counts = ""
        for (k = 1; k <= ns; k++) {
            n = insns_of(pl[w, src[k]])
            if (st[w, src[k]] != "ok" || n == "")
                continue
            emu = substr(src[k], 1, index(src[k], "+"))
            if (ins[w] == "") {
                ins[w] = n; isrc = src[k]; iemu = emu
            } else if (emu == iemu && src[k] ~ /insn-cb/ && n > ins[w]) {
                # v1 inline adds on a shared counter lose updates when threads race
                ins[w] = n; isrc = src[k]
            }
        }
        for (j = 1; j <= nc; j++)
            if (pl[w, cl[j]] != "")
                counts = counts (counts == "" ? "" : ", ") jstr(cl[j]) ": " jstr(pl[w, cl[j]])
        printf "    {\"workload\": %s, \"insns\": %s, \"insns_source\": %s, " \
               "\"plugin_results\": {%s}}%s\n",
            jstr(w), jnum(ins[w], "%.0f"), jstr(isrc), counts, (i < nw ? "," : "")
    }
    printf "  ],\n"

    printf "  \"results\": [\n"
    nout = 0
    for (i = 1; i <= nw; i++)
        for (j = 1; j <= nc; j++)
            total++
    for (i = 1; i <= nw; i++) {
        w = wl[i]
        for (j = 1; j <= nc; j++) {
            c = cl[j]; k = w SUBSEP c
            emu = c; plug = "none"
            if (index(c, "+")) {
                emu = substr(c, 1, index(c, "+") - 1)
                plug = substr(c, index(c, "+") + 1)
            }
            base = emu
            other = (emu ~ /^plume/) ? "qemu" substr(c, length(emu) + 1) : ""
            ok = (k in med)
            vn = vb = vq = mips = ""
            if (ok && ((w, "native") in med) && med[w, "native"] > 0)
                vn = med[k] / med[w, "native"]
            if (ok && emu != "native" && ((w, base) in med) && med[w, base] > 0)
                vb = med[k] / med[w, base]
            if (ok && other != "" && ((w, other) in med) && med[w, other] > 0)
                vq = med[k] / med[w, other]
            if (ok && emu != "native" && ins[w] != "" && med[k] > 0)
                mips = ins[w] / med[k] / 1e6
            status = st[w, c]
            printf "    {\"workload\": %s, \"config\": %s, \"emulator\": %s, \"plugin\": %s, " \
                   "\"status\": %s, \"median_s\": %s, \"min_s\": %s, \"max_s\": %s, " \
                   "\"times_s\": [%s], \"vs_native\": %s, \"vs_base\": %s, " \
                   "\"plume_vs_qemu\": %s, \"mips\": %s}%s\n",
                jstr(w), jstr(c), jstr(emu), jstr(plug), jstr(status),
                ok ? sprintf("%.6f", med[k]) : "null", ok ? sprintf("%.6f", lo[k]) : "null",
                ok ? sprintf("%.6f", hi[k]) : "null", ok ? list[k] : "",
                jnum(vn, "%.4f"), jnum(vb, "%.4f"), jnum(vq, "%.4f"), jnum(mips, "%.1f"),
                (++nout < total ? "," : "")
            if (vn != "") { gn[c] += log(vn); cn[c]++ }
            if (vb != "") { gb[c] += log(vb); cb[c]++ }
            if (vq != "") { gq[c] += log(vq); cq[c]++ }
            if (mips != "") { gm[c] += log(mips); cm[c]++ }
        }
    }
    printf "  ],\n"

    printf "  \"summary\": [\n"
    for (j = 1; j <= nc; j++) {
        c = cl[j]
        printf "    {\"config\": %s, \"geomean_vs_native\": %s, \"n_vs_native\": %d, " \
               "\"geomean_vs_base\": %s, \"geomean_plume_vs_qemu\": %s, \"n_plume_vs_qemu\": %d, " \
               "\"geomean_mips\": %s}%s\n",
            jstr(c), cn[c] ? sprintf("%.4f", exp(gn[c] / cn[c])) : "null", cn[c],
            cb[c] ? sprintf("%.4f", exp(gb[c] / cb[c])) : "null",
            cq[c] ? sprintf("%.4f", exp(gq[c] / cq[c])) : "null", cq[c],
            cm[c] ? sprintf("%.1f", exp(gm[c] / cm[c])) : "null", (j < nc ? "," : "")
    }
    printf "  ]\n"
    printf "}\n"
}
