#!/usr/bin/env bash
# deck.pptx on a real reader: the samples' deck, in English and Polish, converted to PDF by
# LibreOffice (headless) and read back with poppler. Checks one PDF page per slide, 16:9
# pages, each slide's text (the title, the headline figures, the lever names) and that every
# chart image and the logo are drawn. Installs LibreOffice Impress and poppler-utils when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/apt.sh

need=()
# Impress itself, not any LibreOffice: a machine with only Calc has soffice but cannot open a
# deck ("source file could not be loaded").
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
if ! command -v soffice >/dev/null ||
  ! { installed libreoffice-impress-nogui || installed libreoffice-impress; }; then
  need+=(libreoffice-impress-nogui)
fi
command -v pdftotext >/dev/null || need+=(poppler-utils)
apt_install "${need[@]}"

cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "deck: $*" >&2
  failed=1
}

# lang, then what the slides must say, in order of the slides that say it.
check() {
  local lang=$1
  shift
  local out="$work/$lang"
  ./target/release/roi compute samples/today.csv samples/after.csv --config samples/roi.toml \
    --out "$out" --lang "$lang" >/dev/null 2>&1 || { fail "$lang: roi compute failed"; return; }
  HOME="$work/home-$lang" timeout 300 soffice --headless --convert-to pdf --outdir "$out/pdf" \
    "$out/deck.pptx" >/dev/null 2>&1 || { fail "$lang: LibreOffice could not convert deck.pptx"; return; }
  local pdf="$out/pdf/deck.pdf"
  [ -s "$pdf" ] || { fail "$lang: no PDF"; return; }
  local slides pages
  slides=$(python3 -c "import sys, zipfile; print(sum(1 for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith('ppt/slides/slide') and n.endswith('.xml')))" "$out/deck.pptx")
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  echo "deck: $lang: $slides slides, LibreOffice drew $pages pages"
  [ "$slides" -eq "$pages" ] || fail "$lang: $slides slides but $pages pages"
  [ "$pages" -ge 9 ] || fail "$lang: $pages slides, expected at least 9"
  # 16:9: 960 x 540 pt.
  pdfinfo "$pdf" | awk '/^Page size:/ { exit !($3 > 959 && $3 < 961 && $5 > 539 && $5 < 541) }' ||
    fail "$lang: the slides are not 16:9"
  # Each expected text on some slide, and the title and recommendation on the first.
  local text first
  text=$(pdftotext "$pdf" - | tr '\n' ' ' | tr -s ' ' | sed 's/\xc2\xa0/ /g')
  first=$(pdftotext -f 1 -l 1 "$pdf" - | tr '\n' ' ' | tr -s ' ')
  local recommendation="Roll the warehouse system"
  [ "$lang" = pl ] && recommendation="Wdrożyć system WMS"
  grep -qF "$recommendation" <<<"$first" || fail "$lang: the title slide lacks the recommendation"
  grep -qF "Jane Doe" <<<"$first" || fail "$lang: the title slide lacks the title block"
  for needle in "$@"; do
    grep -qF -- "$needle" <<<"$text" || fail "$lang: no slide says \"$needle\""
  done
  # Every chart and the logo are drawn: the waterfall, the KPI chart, the cash flow, the NPV's
  # distribution, the logo.
  local images
  images=$(pdfimages -list "$pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
  echo "deck: $lang: $images images drawn"
  [ "$images" -ge 5 ] || fail "$lang: $images images drawn, expected four charts and the logo"
  # The charts fill the slide's width: 1600 px across 960 pt is 120 ppi.
  pdfimages -list "$pdf" | awk 'NR > 2 && $3 == "image" && $4 == 1600 { n++; if ($13 < 119 || $13 > 121) bad++ }
    END { exit (n < 4 || bad > 0) }' || fail "$lang: a chart is not at full slide width"
}

check en "Business case: today vs after the change" "Annual savings, proven" "121,068 EUR" \
  "month 13.8" "125,744 EUR" "156,949 EUR" "99% chance it pays back within 36 months" \
  "What you must believe" "downtime" "complaints" \
  "A day in the life" "Assumptions"
check pl "Uzasadnienie biznesowe" "Roczne oszczędności" "121 068 EUR" "13,8 miesiąca" \
  "125 744 EUR" "99% szans na zwrot w ciągu 36 mies." "Co musi się sprawdzić" "przestoje" \
  "reklamacje" "Dzień z życia" "Założenia"

# roi track's slides: the samples' after-file tracked as one month against the samples' case.
./target/release/roi track "$work/en/summary.json" samples/after.csv --month 2026-11 \
  --out "$work/track" >/dev/null 2>&1 || fail "roi track failed"
if [ -s "$work/track/track.pptx" ]; then
  HOME="$work/home-track" timeout 300 soffice --headless --convert-to pdf --outdir "$work/track/pdf" \
    "$work/track/track.pptx" >/dev/null 2>&1 || fail "LibreOffice could not convert track.pptx"
  pages=$(pdfinfo "$work/track/pdf/track.pdf" | awk '/^Pages:/ {print $2}')
  echo "deck: track.pptx: LibreOffice drew $pages pages"
  grep -qE "on track|ahead|behind|too early" < <(pdftotext "$work/track/pdf/track.pdf" -) ||
    fail "track.pptx: no verdict"
  images=$(pdfimages -list "$work/track/pdf/track.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
  [ "$images" -ge 2 ] || fail "track.pptx: $images images drawn, expected its two charts"
else
  fail "roi track wrote no track.pptx"
fi

if ((failed)); then
  exit 1
fi
echo "deck: deck.pptx converts with LibreOffice, every slide's text and chart in both languages"
