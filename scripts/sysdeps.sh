#!/usr/bin/env bash
# System packages the document formats need (HTML and text reports need none of them):
#   LibreOffice (DOC, WPS, RTF → DOCX; the fixture script's DOCX → PDF/XLS), poppler-utils
#   (pdftoppm/pdftotext, for looking at PDFs), CJK fonts (LibreOffice renders Chinese with them).
# Installs what is missing with apt-get when run as root; otherwise prints the exact command and
# exits 0, so `make test` still runs (the tests that need a missing tool skip and say which).
# Quiet: one line a step; apt's own output goes to $SYSDEPS_LOG (default setup.log).
set -euo pipefail

cd "$(dirname "$0")/.."
log="${SYSDEPS_LOG:-setup.log}"
want=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk)
# Other features list theirs in scripts/apt-packages-*.txt, one package a line (# comments).
for list in scripts/apt-packages-*.txt; do
  [ -f "$list" ] || continue
  while read -r pkg _; do
    case "$pkg" in ''|'#'*) ;; *) want+=("$pkg") ;; esac
  done < "$list"
done
missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# Either LibreOffice flavour will do: a desktop install already has libreoffice-writer.
if command -v soffice >/dev/null 2>&1; then
  missing=("${missing[@]/libreoffice-writer-nogui/}")
  missing=("${missing[@]/libreoffice-calc-nogui/}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  echo "sysdeps: updating the package lists (log: $log)"
  apt-get update -q >> "$log" 2>&1 || echo "sysdeps: apt-get update failed (see $log); trying the install anyway"
  echo "sysdeps: installing ${#missing[@]} system package(s): ${missing[*]}"
  # shellcheck disable=SC2086
  if apt-get install -y -q --no-install-recommends ${missing[*]} >> "$log" 2>&1; then
    echo "sysdeps: done"
  else
    echo "sysdeps: apt-get failed (see $log); the formats that need these packages are skipped. Try: $cmd"
  fi
else
  echo "sysdeps: missing system packages for PDF/DOC/WPS/XLS reports. Install them with:"
  echo "  sudo $cmd"
fi
exit 0
