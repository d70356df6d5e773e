# Two panels of clustered bars, side A against side B: rates on the left, latencies on the right.
# Called by bench/compare with:
#   gnuplot -e "rates='...'; latency='...'; out='...'; heading='...'; note='...'; onlyb=0" bench/compare.d/chart.gp
# onlyb=1 draws side B alone, for a side A without figures (gnuplot refuses a histogram column of NaN only).
# Each data file has a header line 'metric "A" "B"' and one line per metric: "heading" A B (NaN = no figure).

set terminal pngcairo size 1280,560 enhanced font "DejaVu Sans,11"
set output out
set multiplot layout 1,2 title heading.(strlen(note) > 0 ? "\n".note : "") font "DejaVu Sans,13"

set style data histogram
set style histogram clustered gap 1.5
set style fill solid 0.85 border -1
set boxwidth 0.9
set key below
set grid ytics lc rgb "#dddddd"
set yrange [0:*]
set format y "%'.0f"
set xtics nomirror
set ytics nomirror
set border 3

set title "throughput (higher is better)"
set ylabel "per second"
if (onlyb) {
    plot rates using 3:xtic(1) title columnheader(3) lc rgb "#ff7f0e"
} else {
    plot rates using 2:xtic(1) title columnheader(2) lc rgb "#1f77b4", \
         '' using 3 title columnheader(3) lc rgb "#ff7f0e"
}

set title "latency (lower is better)"
set ylabel "microseconds"
if (onlyb) {
    plot latency using 3:xtic(1) title columnheader(3) lc rgb "#ff7f0e"
} else {
    plot latency using 2:xtic(1) title columnheader(2) lc rgb "#1f77b4", \
         '' using 3 title columnheader(3) lc rgb "#ff7f0e"
}

unset multiplot
