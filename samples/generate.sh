#!/usr/bin/env bash
# Regenerates the sample workbooks from src/FunctionsPipeline.Core/Samples/SampleReports.cs.
#   samples/xiji-2024.xlsx    the seed report (山亭区西集镇人民政府 2024), every number and paragraph
#   samples/county-2024.xlsx  the invented county office with non-zero, consistent tables
#   samples/county-2024.xls   the county workbook saved as Excel 97-2003 by LibreOffice (reader test for .xls);
#   samples/xiji-2024-libreoffice.xlsx  the seed workbook opened and re-saved by LibreOffice (another writer's xlsx);
#                             both need `apt-get install -y libreoffice-calc-nogui`, skipped with a note otherwise.
# Run from the repository root: samples/generate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/FunctionsPipeline.Cli -- template samples/xiji-2024.xlsx --sample seed
dotnet run --project src/FunctionsPipeline.Cli -- template samples/county-2024.xlsx --sample county
if command -v soffice >/dev/null; then
  out=$(mktemp -d)
  soffice --headless --calc --convert-to xls --outdir "$out" samples/county-2024.xlsx >/dev/null
  mv "$out/county-2024.xls" samples/county-2024.xls
  soffice --headless --calc --convert-to xlsx --outdir "$out" samples/xiji-2024.xlsx >/dev/null
  mv "$out/xiji-2024.xlsx" samples/xiji-2024-libreoffice.xlsx
  rmdir "$out"
  echo "wrote samples/county-2024.xls and samples/xiji-2024-libreoffice.xlsx"
else
  echo "soffice not found: the LibreOffice-made samples are left as committed"
fi
