# table.awk — renders a benchmark JSON result (written by bench/tojson.awk, one object per line)
# as tables. -v mode=text: the full per-run table printed by `make bench`; -v mode=md: the
# Markdown tables embedded in docs/performance.md. Reads only; no state beyond this run. Needs
# get() from bench/json.awk (`awk -f bench/json.awk -f bench/table.awk`).

function fmt(x, f) { return x == "" ? "-" : sprintf(f, x) }

# Short status for a cell that has no time.
function cell_status(st) {
    if (st ~ /^n\/a/) return "n/a"
    if (st ~ /^fail/) return "FAIL"
    return "-"
}

/^  "(date|scale|runs|qemu|plume|quick|cpu)": / {
    k = $1; gsub(/[":]/, "", k)
    meta[k] = get($0, k)
}
/^  "results": \[/ { section = "results"; next }
/^  "summary": \[/ { section = "summary"; next }
/^  "workloads": \[/ { section = "workloads"; next }
/^  \]/ { section = ""; next }
section == "workloads" && /"workload"/ {
    w = get($0, "workload")
    insns[w] = get($0, "insns")
    insns_src[w] = get($0, "insns_source")
}
section == "results" && /"config"/ {
    n++
    rw[n] = get($0, "workload"); rc[n] = get($0, "config"); rs[n] = get($0, "status")
    rmed[n] = get($0, "median_s"); rmin[n] = get($0, "min_s"); rmax[n] = get($0, "max_s")
    rvn[n] = get($0, "vs_native"); rvb[n] = get($0, "vs_base"); rvq[n] = get($0, "plume_vs_qemu")
    rmips[n] = get($0, "mips")
    key = rw[n] SUBSEP rc[n]
    vn[key] = rvn[n]; med[key] = rmed[n]; st[key] = rs[n]; mips[key] = rmips[n]
    if (!(rw[n] in wseen)) { wseen[rw[n]] = 1; wl[++nw] = rw[n] }
    if (!(rc[n] in cseen)) { cseen[rc[n]] = 1; cl[++nc] = rc[n] }
}
section == "summary" && /"config"/ {
    m++
    sc[m] = get($0, "config"); sn[m] = get($0, "geomean_vs_native")
    sb[m] = get($0, "geomean_vs_base"); sq[m] = get($0, "geomean_plume_vs_qemu")
    smips[m] = get($0, "geomean_mips")
}

END {
    if (mode == "md") {
        md()
        exit 0
    }
    printf "\n%-10s %-18s %9s  %-19s %8s %7s %10s %8s\n", "workload", "configuration",
        "median s", "spread (min-max) s", "xnative", "xbase", "plume/qemu", "MIPS"
    for (i = 1; i <= n; i++) {
        if (rmed[i] == "") {
            printf "%-10s %-18s %9s  %s\n", rw[i], rc[i], cell_status(rs[i]), rs[i]
            continue
        }
        printf "%-10s %-18s %9.3f  %-19s %8s %7s %10s %8s\n", rw[i], rc[i], rmed[i],
            sprintf("%.3f-%.3f", rmin[i], rmax[i]), fmt(rvn[i], "%.2f"), fmt(rvb[i], "%.2f"),
            fmt(rvq[i], "%.3f"), fmt(rmips[i], "%.0f")
    }
    printf "\ngeometric means over workloads\n"
    printf "%-18s %8s %7s %10s %8s\n", "configuration", "xnative", "xbase", "plume/qemu", "MIPS"
    for (i = 1; i <= m; i++)
        if (sc[i] != "native")
            printf "%-18s %8s %7s %10s %8s\n", sc[i], fmt(sn[i], "%.2f"), fmt(sb[i], "%.2f"),
                fmt(sq[i], "%.3f"), fmt(smips[i], "%.0f")
}

function md(    i, j, c, line, plugs, np, p, e) {
    printf "Run of %s: scale %s, %s run(s) per configuration, median times; " \
           "qemu = %s; plume = %s.\n\n",
        meta["date"], meta["scale"], meta["runs"], meta["qemu"], meta["plume"]
    np = split("none insn-inline insn-cb bb-inline mem-cb", plugs, " ")
    printf "Slowdown versus native (median time / native median time; n/a = not built, FAIL = wrong"
    printf " output or crash):\n\n"
    line = "| workload | native s |"
    for (p = 1; p <= np; p++)
        for (e = 1; e <= 2; e++)
            line = line " " (e == 1 ? "qemu" : "plume") \
                   (plugs[p] == "none" ? "" : " " plugs[p]) " |"
    print line
    line = "|---|---:|"
    for (p = 1; p <= 2 * np; p++)
        line = line "---:|"
    print line
    for (i = 1; i <= nw; i++) {
        line = "| " wl[i] " | " fmt(med[wl[i], "native"], "%.3f") " |"
        for (p = 1; p <= np; p++)
            for (e = 1; e <= 2; e++) {
                c = (e == 1 ? "qemu" : "plume") (plugs[p] == "none" ? "" : "+" plugs[p])
                line = line " " (vn[wl[i], c] != "" ? sprintf("%.2f", vn[wl[i], c]) \
                                                    : cell_status(st[wl[i], c])) " |"
            }
        print line
    }
    printf "\nGeometric means over the workloads (xbase = time / the same emulator's time without a"
    printf " plugin):\n\n"
    print "| configuration | x native | x base | plume / qemu | MIPS |"
    print "|---|---:|---:|---:|---:|"
    for (i = 1; i <= m; i++)
        if (sc[i] != "native")
            printf "| %s | %s | %s | %s | %s |\n", sc[i], fmt(sn[i], "%.2f"), fmt(sb[i], "%.2f"),
                fmt(sq[i], "%.3f"), fmt(smips[i], "%.0f")
    printf "\nGuest instructions (inline counting plugin) and speed without plugins:\n\n"
    print "| workload | guest insns | qemu MIPS | plume MIPS |"
    print "|---|---:|---:|---:|"
    for (i = 1; i <= nw; i++)
        printf "| %s | %s | %s | %s |\n", wl[i], fmt(insns[wl[i]], "%.0f"),
            fmt(mips[wl[i], "qemu"], "%.0f"), fmt(mips[wl[i], "plume"], "%.0f")
    goals()
}

# Geometric mean of mips[w, c] over the space-separated workloads ws ("" if none measured).
function gmean_mips(ws, c,    a, i, k, n, s) {
    n = split(ws, a, " ")
    s = 0; k = 0
    for (i = 1; i <= n; i++)
        if (mips[a[i], c] != "") { s += log(mips[a[i], c]); k++ }
    return k ? exp(s / k) : ""
}

# The goals of the performance work, with the measured values.
function goals(    i, c, base_q, base_p) {
    printf "\nGoals (intloop, sha256 and threads-1 are the integer workloads; QEMU 10.2's own"
    printf " figures are ~7x for insn-cb and ~3x for mem-cb):\n\n"
    print "| goal | target | qemu 7.2 | plume |"
    print "|---|---|---:|---:|"
    printf "| speed without plugins, integer workloads (geomean MIPS) | above QEMU | %s | %s |\n",
        fmt(gmean_mips("intloop sha256 threads-1", "qemu"), "%.0f"),
        fmt(gmean_mips("intloop sha256 threads-1", "plume"), "%.0f")
    for (i = 1; i <= m; i++)
        if (sc[i] == "qemu+insn-cb") base_q = sb[i]
        else if (sc[i] == "plume+insn-cb") base_p = sb[i]
    printf "| per-instruction callbacks (insn-cb, x base) | far below QEMU | %s | %s |\n",
        fmt(base_q, "%.2f"), fmt(base_p, "%.2f")
    base_q = base_p = ""
    for (i = 1; i <= m; i++)
        if (sc[i] == "qemu+mem-cb") base_q = sb[i]
        else if (sc[i] == "plume+mem-cb") base_p = sb[i]
    printf "| memory callbacks (mem-cb, x base) | far below QEMU | %s | %s |\n",
        fmt(base_q, "%.2f"), fmt(base_p, "%.2f")
}
