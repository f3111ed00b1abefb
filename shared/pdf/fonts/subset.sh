#!/usr/bin/env bash
# Regenerates DejaVuSans.ttf and DejaVuSans-Bold.ttf here: the two DejaVu Sans
# 2.37 faces of the `dejavu` crate cut down to the characters ECAR prints, so
# that the invoices function embeds about 260 KB of font instead of 1.4 MB.
#
#   shared/pdf/fonts/subset.sh
#
# fontTools' pyftsubset (PyPI `fonttools`, pinned below) comes into the
# project's venv ($ECAR_VENV, default .venv at the repository root); the
# faces come from the `dejavu` crate cargo has fetched (a dev-dependency of
# ecar-pdf, whose tests compare the subsets with it). The output does not
# depend on the time it is made, so running this again changes nothing.
#
# Kept: every glyph of the ranges below that the faces have, and what the
# shaping of those characters needs (ligatures, Arabic joining forms, marks),
# with every OpenType layout feature (GSUB, GPOS, GDEF), the legacy `kern`
# table, the hinting and every name record (the copyright and licence); only
# FontForge's timestamp table (FFTM) goes. The fonts keep their name: the licence (LICENSE here) forbids only the names
# "Bitstream", "Vera" and "Arev" for modified fonts.
set -euo pipefail

# The ranges, one a line: the test `the_subsets_keep_every_glyph_of_their_ranges`
# (shared/pdf/src/fonts.rs) reads them from here.
ranges=(
  U+0020-007E # Basic Latin: labels, codes, numbers, e-mail addresses
  U+00A0-00FF # Latin-1 Supplement: French letters (é è à ç ...), ° « » · and no-break space
  U+0100-017F # Latin Extended-A: œ, and the names of customers from the rest of Europe
  U+0180-024F # Latin Extended-B: more of the same (Romanian, Maghrebi transcriptions)
  U+0300-036F # Combining Diacritical Marks: accents of text typed decomposed (e + U+0301)
  U+2000-206F # General Punctuation: the narrow no-break space of French amounts, dashes,
              # quotes, ellipsis, and the joiners and direction marks Arabic text uses
  U+20A0-20CF # Currency Symbols: € and the other signs a garage may write in notes
  U+0600-06FF # Arabic: the letters, digits and punctuation of Arabic invoices (planned)
  U+0750-077F # Arabic Supplement: letters of Maghrebi and other regional spellings
  U+FB50-FDFF # Arabic Presentation Forms-A: the joining forms and ligatures shaping picks
  U+FE70-FEFF # Arabic Presentation Forms-B: the same for the basic letters
)
fonttools_version=4.69.1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="${ECAR_VENV:-$root/.venv}"

if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if [[ "$("$venv/bin/python" -c 'import fontTools; print(fontTools.version)' 2>/dev/null)" != "$fonttools_version" ]]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "fonttools==$fonttools_version"
fi

# Where cargo unpacked the dejavu crate.
dejavu="$(cargo metadata --format-version 1 --manifest-path "$root/Cargo.toml" |
  "$venv/bin/python" -c '
import json, os, sys
packages = json.load(sys.stdin)["packages"]
print(next(os.path.dirname(p["manifest_path"]) for p in packages if p["name"] == "dejavu"))
')"
ttf="$dejavu/assets/dejavu-fonts-ttf-2.37/ttf"

unicodes="$(IFS=,; echo "${ranges[*]}")"
for face in DejaVuSans DejaVuSans-Bold; do
  "$venv/bin/pyftsubset" "$ttf/$face.ttf" \
    --unicodes="$unicodes" \
    --layout-features='*' \
    --legacy-kern \
    --name-IDs='*' \
    --name-languages='*' \
    --name-legacy \
    --notdef-outline \
    --drop-tables+=FFTM \
    --output-file="$here/$face.ttf"
done
cp "$dejavu/assets/dejavu-fonts-ttf-2.37/LICENSE" "$here/LICENSE"
ls -l "$here"/*.ttf
