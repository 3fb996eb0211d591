#!/usr/bin/env bash
# report.html in a real browser: the samples' report, in English and Polish, printed to PDF
# by headless Chromium and read back with poppler (pdfinfo, pdftotext, pdfimages). Checks
# that it prints on A4, that page 1 is the one-pager a proposal needs (the headline, NPV,
# payback, the KPI chart and the waterfall) without data notes, and that every chart in the
# page is an image the browser drew; every SVG chart passes xmllint. Installs chromium,
# poppler-utils and libxml2-utils when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/apt.sh

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v xmllint >/dev/null || need+=(libxml2-utils)
apt_install "${need[@]}"

cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "browser: $*" >&2
  failed=1
}

# Headless Chromium now and then dies of a signal on a loaded machine before it prints
# anything: that says nothing about the page, so a print is tried up to three times, each
# with a fresh profile, and a retry is said aloud.
print_pdf() {
  local profile=$1 pdf=$2 url=$3 attempt
  shift 3
  for attempt in 1 2 3; do
    rm -rf "$profile" "$pdf"
    if chromium --headless --no-sandbox --disable-gpu "$@" --user-data-dir="$profile" \
      --print-to-pdf="$pdf" "$url" >/dev/null 2>&1 && [ -s "$pdf" ]; then
      return 0
    fi
    echo "browser: chromium failed to print $(basename "$url") (attempt $attempt)" >&2
  done
  return 1
}

# lang, then what page 1 must say: the headline's label, its figure, NPV, payback, the upside
# tile's label.
check() {
  local lang=$1 headline=$2 annual=$3 npv=$4 payback=$5 upside=$6 chance=$7
  local out="$work/$lang" pdf="$work/$lang.pdf"
  ./target/release/roi compute samples/today.csv samples/after.csv --config samples/roi.toml \
    --out "$out" --lang "$lang" --svg >/dev/null 2>&1
  # Every SVG chart is well-formed XML.
  for svg in "$out"/*.svg; do
    xmllint --noout "$svg" || fail "$lang: $(basename "$svg") is not well-formed XML"
  done
  # A fresh profile each time: nothing from an earlier run changes the print.
  print_pdf "$work/profile-$lang" "$pdf" "file://$out/report.html" --no-pdf-header-footer ||
    { fail "$lang: chromium could not print report.html"; return; }
  [ -s "$pdf" ] || { fail "$lang: no PDF"; return; }
  # Printed as a reader prints it, with the browser's default header and footer: the page
  # leaves them no room, so no date, title or file:// path is printed on any page.
  print_pdf "$work/profile-default-$lang" "$work/default-$lang.pdf" "file://$out/report.html" ||
    fail "$lang: chromium could not print report.html with its default settings"
  if pdftotext "$work/default-$lang.pdf" - | grep -qE 'file://|report\.html'; then
    fail "$lang: the browser's header or footer (file:// path) is printed"
  fi
  # And the author's checklist is not in the client's page.
  if pdftotext "$pdf" - | grep -qE 'Check before presenting|Sprawdź przed prezentacją'; then
    fail "$lang: report.html carries the author's checklist"
  fi

  local pages
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  echo "browser: $lang: report.html prints as $pages A4 pages"
  # Every page A4 portrait (595 x 842 pt): none wider, none another size.
  local sizes
  sizes=$(pdfinfo -f 1 -l "$pages" "$pdf" | awk '/^Page +[0-9]+ size:/ {print $4, $6}' | sort -u)
  while read -r w h; do
    awk -v w="$w" -v h="$h" 'BEGIN { exit !(w > 594 && w < 597 && h > 841 && h < 843) }' ||
      fail "$lang: a page is $w x $h pt, not A4"
  done <<<"$sizes"

  # Page 1: the one-pager.
  local one
  one=$(pdftotext -f 1 -l 1 -layout "$pdf" - | tr '\n' ' ' | tr -s ' ')
  # The recommendation in the page's own language (roi.toml gives one per language).
  local recommendation="Roll the warehouse system out to both sites"
  [ "$lang" = pl ] && recommendation="Wdrożyć system WMS w obu magazynach"
  for needle in "$headline" "$annual" "NPV" "$npv" "$payback" "$upside" "$chance" \
    "$recommendation"; do
    grep -qF -- "$needle" <<<"$one" || fail "$lang: page 1 lacks \"$needle\""
  done
  # The data notes (file names, rows, skipped cells) belong in the appendix only.
  for note in "today.csv" "after.csv" "NA" "roi.toml"; do
    if grep -qwF -- "$note" <<<"$one"; then fail "$lang: page 1 shows the data note \"$note\""; fi
  done
  grep -qF "today.csv" < <(pdftotext "$pdf" -) || fail "$lang: the data notes are missing from the appendix"
  # The KPI chart and the waterfall are drawn on page 1.
  local on_one
  on_one=$(pdfimages -list -f 1 -l 1 "$pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
  [ "$on_one" -ge 2 ] || fail "$lang: page 1 has $on_one images, expected the KPI chart and the waterfall"
  # Each chart on page 1 is printed wide enough for its smallest text (26 px of a 1600 px
  # chart) to be at least 8 pt: 26 px at x ppi is 26 * 72 / x pt, so x may be at most 234
  # (1600 px over at least 173.7 mm).
  pdfimages -list -f 1 -l 1 "$pdf" | awk -v lang="$lang" '
    NR > 2 && $3 == "image" && $4 == 1600 {
      n++; pt = 26 * 72 / $13; mm = 1600 / $13 * 25.4
      printf "browser: %s: page 1 chart %d printed %.0f mm wide: smallest text %.1f pt\n", lang, n, mm, pt
      if (pt < 7.95) bad++
    }
    END { exit (n < 2 || bad > 0) }' ||
    fail "$lang: a page 1 chart prints its smallest text under 8 pt (or a chart is missing)"
  # So is every chart of the appendix.
  pdfimages -list "$pdf" | awk -v lang="$lang" '
    NR > 2 && $3 == "image" && $4 == 1600 && $1 > 1 {
      n++; pt = 26 * 72 / $13
      if (pt < 7.95) { printf "browser: %s: page %d chart at %.1f pt\n", lang, $1, pt; bad++ }
    }
    END { printf "browser: %s: %d appendix charts, each with text of 8 pt or more\n", lang, n - bad
          exit (n < 4 || bad > 0) }' ||
    fail "$lang: an appendix chart prints its smallest text under 8 pt (or the charts are missing)"
  # The tiles: four figures in a row, on page 1.
  [ "$(grep -o 'class="tile ' "$out/report.html" | wc -l)" -eq 4 ] ||
    fail "$lang: page 1 does not have the four figure tiles"
  local order
  order=$(grep -o '<img alt="[^"]*"' "$out/report.html" | head -2 | tr '\n' ' ')
  echo "browser: $lang: page 1 images: $order"

  # Every <img> decodes: each is a PNG the page embeds, and the browser drew each one.
  local imgs drawn
  imgs=$(grep -o '<img ' "$out/report.html" | wc -l)
  drawn=$(pdfimages -list "$pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
  [ "$imgs" -eq "$drawn" ] || fail "$lang: report.html has $imgs images, the browser drew $drawn"
  python3 - "$out/report.html" <<'EOF' || fail "$lang: an image does not decode"
import base64, re, struct, sys, zlib
html = open(sys.argv[1], encoding="utf-8").read()
imgs = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([^"]+)"', html)
assert imgs, "no images"
for alt, data in imgs:
    png = base64.b64decode(data, validate=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n", alt
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1600, 900), (alt, width, height)
    # The image data inflates to exactly one row per line of pixels.
    pos, idat = 8, b""
    while pos < len(png):
        n, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + n]
        pos += 12 + n
    assert len(zlib.decompress(idat)) == height * (1 + width * 3), alt
    assert not alt.endswith(".png"), f"alt text is a file name: {alt}"
EOF
  cp "$pdf" "${BROWSER_KEEP:-$work}/report-$lang.pdf" 2>/dev/null || true
}

check en "Annual savings, proven" "121,068 EUR" "125,744 EUR" "Payback" "Upside, not yet proven" \
  "99% chance it pays back within 36 months"
check pl "Roczne oszczędności" "121 068 EUR" "125 744 EUR" "Okres zwrotu" "156 949 EUR" \
  "99% szans na zwrot w ciągu 36 mies."

# With ranges for three assumptions the chance's line names them briefly: page 1 keeps both
# lead charts in both languages.
sed -e 's|^hourly_cost = 42 |hourly_cost = { value = 42, low = 38, high = 48 } |' \
  -e 's|^one_time = 85000 |one_time = { value = 85000, low = 80000, high = 120000 } |' \
  -e 's|^labor_share = 0.25 |labor_share = { value = 0.25, low = 0.2, high = 0.35 } |' \
  -e "s|^logo = \"logo.png\"|logo = \"$PWD/samples/logo.png\"|" samples/roi.toml > "$work/ranged.toml"
[ "$(grep -cE '^(hourly_cost|one_time|labor_share) = \{' "$work/ranged.toml")" -eq 3 ] || fail "the ranged roi.toml has not three ranges"
for lang in en pl; do
  ./target/release/roi compute samples/today.csv samples/after.csv --config "$work/ranged.toml" \
    --out "$work/ranged-$lang" --lang "$lang" >/dev/null 2>&1 || fail "$lang: roi with ranges failed"
  print_pdf "$work/profile-ranged-$lang" "$work/ranged-$lang.pdf" \
    "file://$work/ranged-$lang/report.html" --no-pdf-header-footer ||
    { fail "$lang: chromium could not print the ranged report.html"; continue; }
  charts=$(pdfimages -list -f 1 -l 1 "$work/ranged-$lang.pdf" | awk 'NR > 2 && $3 == "image" && $4 == 1600' | wc -l)
  [ "$charts" -eq 2 ] || fail "$lang: with ranges page 1 holds $charts charts, expected 2"
  echo "browser: $lang: with three ranges page 1 holds both charts"
done

# roi track's page: the samples' after-file tracked as one month against the samples' case.
./target/release/roi track "$work/en/summary.json" samples/after.csv --month 2026-11 \
  --out "$work/track" >/dev/null 2>&1 || fail "roi track failed"
print_pdf "$work/profile-track" "$work/track.pdf" "file://$work/track/track.html" \
  --no-pdf-header-footer ||
  fail "chromium could not print track.html"
if [ -s "$work/track.pdf" ]; then
  pages=$(pdfinfo "$work/track.pdf" | awk '/^Pages:/ {print $2}')
  echo "browser: track.html prints as $pages A4 pages"
  pdfinfo -f 1 -l "$pages" "$work/track.pdf" | awk '/^Page +[0-9]+ size:/ {print $4, $6}' | sort -u |
    while read -r w h; do
      awk -v w="$w" -v h="$h" 'BEGIN { exit !(w > 594 && w < 597 && h > 841 && h < 843) }' ||
        echo "browser: track.html has a page of $w x $h pt" >&2
    done
  drawn=$(pdfimages -list "$work/track.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
  [ "$drawn" -eq 2 ] || fail "track.html: the browser drew $drawn images, expected the two charts"
  grep -qE "on track|ahead|behind|too early" < <(pdftotext "$work/track.pdf" -) || fail "track.html: no verdict"
fi

if ((failed)); then
  exit 1
fi
echo "browser: report.html prints as a one-pager with its appendix, in both languages"
