#!/bin/sh
# Install the TeX packages the paper needs (Debian/Ubuntu), unless latexmk is already there.
set -e
if command -v latexmk >/dev/null 2>&1 && command -v pdflatex >/dev/null 2>&1; then
    echo "TeX found: $(command -v latexmk)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    latexmk texlive-latex-base texlive-latex-recommended texlive-fonts-recommended
